// Runs the independent Node client (tests/contract/node_client.mjs, using
// @grpc/grpc-js and our .proto files only) against the real services.
#include <unistd.h>

#include "gmock/gmock.h"
#include "tests/integration/service_fixture.h"

namespace claimtrace::testing {
namespace {

TEST_F(ServicesTest, IndependentNodeClientAgreesWithTheContract) {
  const std::string root = CLAIMTRACE_SOURCE_DIR;
  if (access((root + "/node_modules/@grpc/grpc-js").c_str(), R_OK) != 0) {
    GTEST_SKIP() << "node_modules missing: run npm ci";
  }
  StartBoth();
  ASSERT_TRUE(WaitForHealth(provenance_->address(), "claimtrace.provenance.v1.ProvenanceService",
                            "SERVING", std::chrono::seconds(15)));
  const CommandResult result =
      RunCommand({"/usr/bin/env", "node", root + "/tests/contract/node_client.mjs",
                  claims_->address(), provenance_->address(), root + "/protos"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, ::testing::HasSubstr(" 0 failed"));
}

}  // namespace
}  // namespace claimtrace::testing

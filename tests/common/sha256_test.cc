#include "common/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace claimtrace::common {
namespace {

TEST(Sha256HexTest, MatchesKnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256HexTest, RepeatedAndLongInputsAndThreadsAgree) {
  // The digest context is reused: a call must not see the previous one.
  const std::string million_a(1000000, 'a');
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Sha256Hex(million_a),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
  std::vector<std::string> seen(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&seen, t] {
      for (int i = 0; i < 200; ++i) seen[t] = Sha256Hex("abc");
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& digest : seen) EXPECT_EQ(digest, Sha256Hex("abc"));
}

}  // namespace
}  // namespace claimtrace::common

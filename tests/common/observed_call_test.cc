// ObservedCall and CallObserver against a real in-process gRPC server: the
// request id, admission, metrics and log line every handler gets.
#include "common/observed_call.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "claimtrace/claims/v1/claims_service.grpc.pb.h"

namespace claimtrace::common {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kGetClaim = "/claimtrace.claims.v1.ClaimsService/GetClaim";
constexpr std::string_view kBatchGet = "/claimtrace.claims.v1.ClaimsService/BatchGetClaims";

// GetClaim answers inline through Serve; BatchGetClaims finishes 50 ms later
// on another thread, as handlers that wait for a downstream call do (or, while
// its replies are held, once they are released).
class TestService final : public claims::v1::ClaimsService::CallbackService {
 public:
  explicit TestService(CallObserver* calls) : calls_(calls) {}
  ~TestService() override {
    ReleaseBatchReplies();
    for (std::thread& t : later_) t.join();
  }

  // Until ReleaseBatchReplies, BatchGetClaims calls keep their replies (and
  // their in-flight slots), however slow the machine.
  void HoldBatchReplies() {
    std::lock_guard<std::mutex> lock(mu_);
    held_ = true;
  }
  void ReleaseBatchReplies() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      held_ = false;
    }
    released_.notify_all();
  }

  grpc::ServerUnaryReactor* GetClaim(grpc::CallbackServerContext* context,
                                     const claims::v1::GetClaimRequest* request,
                                     claims::v1::Claim* response) override {
    return calls_->Serve(context, kGetClaim, Access::kRead, [&]() -> absl::Status {
      ++bodies_run;
      if (request->name() == "claims/missing") return absl::NotFoundError("no such claim");
      response->set_name(request->name());
      return absl::OkStatus();
    });
  }

  grpc::ServerUnaryReactor* BatchGetClaims(grpc::CallbackServerContext* context,
                                           const claims::v1::BatchGetClaimsRequest*,
                                           claims::v1::BatchGetClaimsResponse*) override {
    std::shared_ptr<ObservedCall> call = calls_->Begin(context, kBatchGet, Access::kWrite);
    grpc::ServerUnaryReactor* reactor = call->reactor();
    if (!call->admitted()) {
      call->Finish(call->admission());
      return reactor;
    }
    last_request_id = call->request_id();
    downstream_long = call->DownstreamContext(absl::Seconds(30))->deadline();
    downstream_short = call->DownstreamContext(absl::Milliseconds(100))->deadline();
    // Published after the fields above: a test that waits for it may read them.
    ++batch_bodies_started;
    later_.emplace_back([this, call] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      {
        std::unique_lock<std::mutex> lock(mu_);
        released_.wait(lock, [this] { return !held_; });
      }
      call->Finish(grpc::Status::OK);
    });
    return reactor;
  }

  // A handler that forgets to reply.
  grpc::ServerUnaryReactor* ListClaims(grpc::CallbackServerContext* context,
                                       const claims::v1::ListClaimsRequest*,
                                       claims::v1::ListClaimsResponse*) override {
    std::unique_ptr<ObservedCall> call =
        calls_->Begin(context, "/claimtrace.claims.v1.ClaimsService/ListClaims", Access::kRead);
    return call->reactor();
  }

  std::atomic<int> bodies_run{0};
  // BatchGetClaims bodies that have set the fields below.
  std::atomic<int> batch_bodies_started{0};
  std::string last_request_id;
  std::chrono::system_clock::time_point downstream_long, downstream_short;

 private:
  CallObserver* calls_;
  std::vector<std::thread> later_;
  std::mutex mu_;
  std::condition_variable released_;
  bool held_ = false;  // guarded by mu_
};

class ObservedCallTest : public ::testing::Test {
 protected:
  void Start(RequestAuthorizer authorizer = {}, int max_in_flight = 0) {
    admission_ = std::make_unique<CallAdmission>(std::move(authorizer), max_in_flight);
    calls_ = std::make_unique<CallObserver>(&metrics_, admission_.get());
    service_ = std::make_unique<TestService>(calls_.get());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = claims::v1::ClaimsService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  std::string Metrics() {
    prometheus::TextSerializer serializer;
    return serializer.Serialize(metrics_.registry()->Collect());
  }

  // Metrics are recorded once the call is done, just after the reply.
  std::string MetricsOnceTheyShow(const std::string& want) {
    std::string text;
    for (int i = 0; i < 250 && (text = Metrics()).find(want) == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return text;
  }

  ServerMetrics metrics_{"test_service"};
  std::unique_ptr<CallAdmission> admission_;
  std::unique_ptr<CallObserver> calls_;
  std::unique_ptr<TestService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<claims::v1::ClaimsService::Stub> stub_;
};

std::string RequestIdOf(const grpc::ClientContext& context) {
  const auto& metadata = context.GetServerInitialMetadata();
  const auto it = metadata.find("x-request-id");
  return it == metadata.end() ? "" : std::string(it->second.data(), it->second.size());
}

TEST_F(ObservedCallTest, EchoesTheCallersRequestIdOrGeneratesOne) {
  Start();
  claims::v1::GetClaimRequest request;
  request.set_name("claims/abc");
  claims::v1::Claim claim;
  grpc::ClientContext given;
  given.AddMetadata("x-request-id", "caller-7");
  ASSERT_TRUE(stub_->GetClaim(&given, request, &claim).ok());
  EXPECT_EQ(RequestIdOf(given), "caller-7");

  grpc::ClientContext none;
  ASSERT_TRUE(stub_->GetClaim(&none, request, &claim).ok());
  EXPECT_EQ(RequestIdOf(none).size(), 32u);

  grpc::ClientContext unprintable;
  unprintable.AddMetadata("x-request-id", "two words");
  ASSERT_TRUE(stub_->GetClaim(&unprintable, request, &claim).ok());
  EXPECT_EQ(RequestIdOf(unprintable).size(), 32u) << "an unacceptable id is replaced";
}

TEST_F(ObservedCallTest, ErrorsReachTheCallerAndTheMetricsWithTheirCode) {
  Start();
  claims::v1::GetClaimRequest request;
  request.set_name("claims/missing");
  claims::v1::Claim claim;
  grpc::ClientContext context;
  EXPECT_EQ(stub_->GetClaim(&context, request, &claim).error_code(), grpc::StatusCode::NOT_FOUND);
  const std::string text = MetricsOnceTheyShow("code=\"NOT_FOUND\"");
  EXPECT_THAT(text, HasSubstr("claimtrace_rpc_requests_total{"));
  EXPECT_THAT(text, HasSubstr("method=\"/claimtrace.claims.v1.ClaimsService/GetClaim\""));
  EXPECT_THAT(text, HasSubstr("code=\"NOT_FOUND\""));
  EXPECT_THAT(text, HasSubstr("claimtrace_rpc_in_flight{service=\"test_service\"} 0"));
}

TEST_F(ObservedCallTest, RefusedCallsNeverRunTheirBody) {
  Start(RequestAuthorizer({"s3cret"}, /*protect_reads=*/true));
  claims::v1::GetClaimRequest request;
  request.set_name("claims/abc");
  claims::v1::Claim claim;
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->GetClaim(&anonymous, request, &claim).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(service_->bodies_run.load(), 0);
  EXPECT_THAT(MetricsOnceTheyShow("UNAUTHENTICATED"), HasSubstr("code=\"UNAUTHENTICATED\""));

  grpc::ClientContext signed_in;
  signed_in.AddMetadata("authorization", "Bearer s3cret");
  EXPECT_TRUE(stub_->GetClaim(&signed_in, request, &claim).ok());
  EXPECT_EQ(service_->bodies_run.load(), 1);
}

TEST_F(ObservedCallTest, ACallFinishedLaterHoldsItsInFlightSlotUntilItReplies) {
  Start(RequestAuthorizer(), /*max_in_flight=*/1);
  claims::v1::BatchGetClaimsRequest request;
  claims::v1::BatchGetClaimsResponse response;
  grpc::ClientContext first;
  first.AddMetadata("x-request-id", "slow-1");
  service_->HoldBatchReplies();
  std::thread slow([&] { EXPECT_TRUE(stub_->BatchGetClaims(&first, request, &response).ok()); });
  // The slot is taken at admission, before the body runs: wait for the body,
  // which sets the request id this test reads.
  while (service_->batch_bodies_started.load() == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(service_->last_request_id, "slow-1");
  // The slot is taken while the first call waits: the next is shed.
  grpc::ClientContext second;
  EXPECT_EQ(stub_->BatchGetClaims(&second, request, &response).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  service_->ReleaseBatchReplies();
  slow.join();
  // Free as soon as the reply is sent, not when gRPC gets round to OnDone.
  EXPECT_EQ(admission_->in_flight(), 0);
  grpc::ClientContext third;
  EXPECT_TRUE(stub_->BatchGetClaims(&third, request, &response).ok());
  const std::string text = MetricsOnceTheyShow("code=\"OK\"");
  EXPECT_THAT(text, HasSubstr("code=\"RESOURCE_EXHAUSTED\""));
  EXPECT_THAT(text, HasSubstr("method=\"/claimtrace.claims.v1.ClaimsService/BatchGetClaims\""));
}

TEST_F(ObservedCallTest, ACallTheHandlerNeverFinishedFailsInternalInsteadOfHanging) {
  Start();
  claims::v1::ListClaimsRequest request;
  claims::v1::ListClaimsResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  EXPECT_EQ(stub_->ListClaims(&context, request, &response).error_code(),
            grpc::StatusCode::INTERNAL);
  EXPECT_EQ(admission_->in_flight(), 0);
}

TEST_F(ObservedCallTest, DownstreamCallsGetTheSoonerOfTheirTimeoutAndTheCallersDeadline) {
  Start();
  claims::v1::BatchGetClaimsRequest request;
  claims::v1::BatchGetClaimsResponse response;
  grpc::ClientContext context;
  const auto sent = std::chrono::system_clock::now();
  const auto callers_deadline = sent + std::chrono::seconds(2);
  context.set_deadline(callers_deadline);
  ASSERT_TRUE(stub_->BatchGetClaims(&context, request, &response).ok());
  // A 30 s timeout is cut to the caller's 2 s less time to reply (5%: 100 ms),
  // so that it fails strictly before the caller gives up, although the
  // deadline travels as a timeout, rounded up and restarted on arrival.
  EXPECT_LT(service_->downstream_long, callers_deadline - std::chrono::milliseconds(50));
  EXPECT_GT(service_->downstream_long, sent + std::chrono::milliseconds(1500));
  // A 100 ms timeout stays 100 ms.
  EXPECT_LT(service_->downstream_short, sent + std::chrono::milliseconds(1000));
  EXPECT_GT(service_->downstream_short, sent + std::chrono::milliseconds(90));
}

}  // namespace
}  // namespace claimtrace::common

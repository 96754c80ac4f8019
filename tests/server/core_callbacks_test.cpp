// Core's callbacks run with none of its mutexes held (core/core.hpp, "Callbacks"): a `done`
// that calls back into the core, even one that the core runs at once to refuse a request,
// goes on instead of deadlocking. A real Core on a real SQLite store, in-process.
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <thread>

#include "core/core.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/sha256.hpp"
#include "tally/files/write_file.hpp"
#include "tally/server/sqlite_store.hpp"
#include "tallyd_process.hpp"
#include "temp_dir.hpp"
#include "test_device.hpp"

namespace tally::server {
namespace {

using testkit::kHangDeadline;

// Runs `call` on a thread of its own and waits for it to return: a deadlock fails the test
// at the hang deadline instead of stopping the suite.
void expect_returns(const std::function<void()>& call) {
  auto promise = std::make_shared<std::promise<void>>();
  auto returned = promise->get_future();
  std::thread([promise, call] {
    call();
    promise->set_value();
  }).detach();
  ASSERT_EQ(returned.wait_for(kHangDeadline), std::future_status::ready)
      << "the callback deadlocked inside the core";
}

class CoreCallbacksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStoreOptions options;
    options.path = dir_.file("tallyd.db");
    auto store = open_sqlite_store(options);
    ASSERT_TRUE(store.ok()) << store.error().to_string();
    store_ = std::move(store).value();
    auto election = read_file(testkit::test_election_path());
    auto schema = read_file(std::string(TALLY_SOURCE_ROOT) + "/schemas/forms/station-count-1.json");
    ASSERT_TRUE(election.ok() && schema.ok());
    auto reference = Reference::load(std::move(election).value(), std::move(schema).value());
    ASSERT_TRUE(reference.ok()) << reference.error().to_string();
    engine::Ed25519Seed seed{};
    seed.fill(3);
    auto key = engine::keypair_from_seed(seed);
    ASSERT_TRUE(key.ok());
    auto core = Core::open(*store_, std::move(reference).value(), std::move(key).value(),
                           "tallyd-test", CoreOptions{}, metrics_, [] { return kNowMs; });
    ASSERT_TRUE(core.ok()) << core.error().to_string();
    core_ = std::move(core).value();
  }

  void TearDown() override {
    if (core_) core_->shutdown();
  }

  // An officer device of TN-0001, enrolled through a code.
  DeviceRow enrolled_officer() {
    std::promise<Result<std::string>> made;
    core_->create_enrolment_code("TN-0001", engine::Role::kOfficer, 0,
                                 [&](Result<std::string> code) { made.set_value(code); });
    auto code = made.get_future().get();
    EXPECT_TRUE(code.ok());
    engine::Ed25519Seed seed{};
    seed.fill(9);
    auto key = engine::keypair_from_seed(seed);
    std::promise<Result<engine::EnrolledMessage>> enrolled;
    core_->enrol(engine::EnrolMessage{code.ok() ? *code : "", key->public_key(), "officer"},
                 [&](Result<engine::EnrolledMessage> result) { enrolled.set_value(result); });
    auto device = enrolled.get_future().get();
    EXPECT_TRUE(device.ok());
    for (const auto& row : core_->devices()) {
      if (device.ok() && row.id == device->device_id) return row;
    }
    ADD_FAILURE() << "the enrolled device is not listed";
    return {};
  }

  static constexpr std::uint64_t kNowMs = 1'621'731'600'000;
  testkit::TempDir dir_;
  std::unique_ptr<Store> store_;
  Metrics metrics_;
  std::unique_ptr<Core> core_;
};

TEST_F(CoreCallbacksTest, RefusedUploadsDoneMayUploadAgainAndReadTheDevices) {
  const DeviceRow device = enrolled_officer();
  engine::Op gap;
  gap.dot = {device.id, 5};  // counter 1 expected
  gap.kind = engine::OpKind::kSet;
  gap.form = engine::FormId{"TN-0001", "NA-01"};
  gap.field = "registered";
  gap.value = engine::Count{900};
  ErrorCode first = ErrorCode::kOk;
  ErrorCode second = ErrorCode::kOk;
  std::size_t devices_seen = 0;
  expect_returns([&] {
    core_->upload(device, {gap}, [&](Result<UploadReply> reply) {
      first = reply.ok() ? ErrorCode::kOk : reply.error().code;
      devices_seen = core_->devices().size();
      core_->upload(device, {gap}, [&](Result<UploadReply> again) {
        second = again.ok() ? ErrorCode::kOk : again.error().code;
      });
    });
  });
  EXPECT_EQ(first, ErrorCode::kCounterGap);
  EXPECT_EQ(second, ErrorCode::kCounterGap);
  EXPECT_GE(devices_seen, 1u);
}

TEST_F(CoreCallbacksTest, RefusedEnrolmentsDoneMayReadTheDevices) {
  ErrorCode refused = ErrorCode::kOk;
  expect_returns([&] {
    core_->enrol(engine::EnrolMessage{"NOT-A-CODE", {}, "officer"},
                 [&](Result<engine::EnrolledMessage> result) {
                   refused = result.ok() ? ErrorCode::kOk : result.error().code;
                   static_cast<void>(core_->devices());
                 });
  });
  EXPECT_EQ(refused, ErrorCode::kEnrolmentCodeInvalid);
}

TEST_F(CoreCallbacksTest, RefusedRevocationsDoneMayReadTheDevices) {
  ErrorCode refused = ErrorCode::kOk;
  expect_returns([&] {
    core_->revoke_device("dev-never-enrolled", [&](Result<DeviceRow> result) {
      refused = result.ok() ? ErrorCode::kOk : result.error().code;
      static_cast<void>(core_->devices());
    });
  });
  EXPECT_EQ(refused, ErrorCode::kUnknownDevice);
}

TEST_F(CoreCallbacksTest, RefusedAdjudicationsDoneMayAdjudicateAgain) {
  // Accepting a form that is not flagged is refused (kInvalidArgument) at once.
  ConsoleEdit accept;
  accept.form = engine::FormId{"TN-0001", "NA-01"};
  accept.actor = "supervisor";
  ErrorCode first = ErrorCode::kOk;
  ErrorCode second = ErrorCode::kOk;
  expect_returns([&] {
    core_->adjudicate(accept, [&](Result<engine::Op> result) {
      first = result.ok() ? ErrorCode::kOk : result.error().code;
      core_->adjudicate(accept, [&](Result<engine::Op> again) {
        second = again.ok() ? ErrorCode::kOk : again.error().code;
      });
    });
  });
  EXPECT_EQ(first, ErrorCode::kInvalidArgument);
  EXPECT_EQ(second, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace tally::server

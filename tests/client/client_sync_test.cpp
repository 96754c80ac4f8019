// The sync thread against tallyd's real core over the in-process loopback transport
// (tests/support/loopback_server.hpp): enrolment, offline edits synced when the server
// appears, bounded upload window, lost acks, a server restored from a backup that forgot
// what it acknowledged, and conflicts between two devices with adjudication.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "loopback_server.hpp"
#include "tally/client/client.hpp"
#include "test_device.hpp"
#include "test_support.hpp"

namespace tally::client {
namespace {

using engine::Count;
using engine::FormId;
using std::chrono::milliseconds;
using testkit::kHangDeadline;

const FormId kForm{"TN-0001", "NA-01"};

class ClientSyncTest : public ::testing::Test {
 protected:
  std::unique_ptr<Client> enrolled_client(const std::string& name,
                                          engine::Role role = engine::Role::kOfficer,
                                          ClientOptions options = {}) {
    options.transport = server_.transport();
    auto client = Client::open(dir_.file(name + ".db"), options);
    EXPECT_TRUE(client.ok());
    EnrolRequest request;
    request.server_url = server_.url();
    request.code = server_.add_enrolment_code("TN-0001", role);
    auto enrolled = (*client)->enrol(request);
    EXPECT_TRUE(enrolled.ok()) << enrolled.error().to_string();
    return std::move(client).value();
  }

  // Every (device, counter) of the server's log, checking none is there twice.
  std::set<std::pair<std::string, std::uint64_t>> stored_dots() {
    std::set<std::pair<std::string, std::uint64_t>> dots;
    for (const auto& op : server_.log()) {
      EXPECT_TRUE(dots.insert({op.dot.device, op.dot.counter}).second)
          << op.dot.device << "#" << op.dot.counter << " stored twice";
    }
    return dots;
  }

  testing::TempDir dir_;
  testkit::LoopbackServer server_;
};

TEST_F(ClientSyncTest, EnrolmentStoresTheIdentityAndTheReferenceData) {
  auto client = enrolled_client("officer");
  auto device = client->device();
  ASSERT_TRUE(device.has_value());
  EXPECT_EQ(device->role, "officer");
  EXPECT_EQ(device->station_id, "TN-0001");
  EXPECT_EQ(client->forms().size(), 3u);
}

TEST_F(ClientSyncTest, AWrongEnrolmentCodeIsRefusedAndNothingIsStored) {
  ClientOptions options;
  options.transport = server_.transport();
  auto client = Client::open(dir_.file("wrong.db"), options);
  ASSERT_TRUE(client.ok());
  EnrolRequest request;
  request.server_url = server_.url();
  request.code = "NOT-A-CODE";
  auto enrolled = (*client)->enrol(request);
  ASSERT_FALSE(enrolled.ok());
  EXPECT_EQ(enrolled.error().code, ErrorCode::kEnrolmentCodeInvalid);
  EXPECT_FALSE((*client)->device().has_value());
}

TEST_F(ClientSyncTest, OfflineEditsSyncOnceTheServerIsBackWithoutAnyCallFromTheApp) {
  auto client = enrolled_client("officer");
  server_.pause();
  ASSERT_TRUE(client->start_sync().ok());
  for (Count value = 1; value <= 5; ++value) {
    ASSERT_TRUE(client->set_count(kForm, "voted", value).ok());
  }
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_NE(client->sync_state().phase, SyncPhase::kUpToDate);
  EXPECT_EQ(client->sync_state().ops_pending, 5u);
  server_.resume();
  ASSERT_TRUE(client->wait_until_up_to_date(kHangDeadline));
  EXPECT_EQ(client->sync_state().ops_pending, 0u);
  EXPECT_EQ(stored_dots().size(), 5u);
}

TEST_F(ClientSyncTest, UploadKeepsAtMostTheWindowOfBatchesInFlight) {
  ClientOptions options;
  options.upload_batch_ops = 3;
  options.upload_window_batches = 2;
  auto client = enrolled_client("officer", engine::Role::kOfficer, options);
  for (Count value = 1; value <= 20; ++value) {
    ASSERT_TRUE(client->set_count(kForm, "voted", value).ok());
  }
  server_.hold_acks(true);
  ASSERT_TRUE(client->start_sync().ok());
  // Two batches of three are committed; with their Acks held no third batch may follow.
  auto deadline = std::chrono::steady_clock::now() + kHangDeadline;
  while (server_.log().size() < 6u && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_EQ(server_.log().size(), 6u);
  EXPECT_EQ(server_.uploads_received(), 2u);
  server_.release_acks();
  ASSERT_TRUE(client->wait_until_up_to_date(kHangDeadline));
  EXPECT_EQ(stored_dots().size(), 20u);
  EXPECT_EQ(server_.uploads_received(), 7u);  // ceil(20 / 3) batches, none sent twice
}

TEST_F(ClientSyncTest, AConnectionLostBeforeItsAckLosesNothingAndStoresNothingTwice) {
  ClientOptions options;
  options.upload_batch_ops = 4;
  auto client = enrolled_client("officer", engine::Role::kOfficer, options);
  for (Count value = 1; value <= 40; ++value) {
    ASSERT_TRUE(client->set_count(kForm, "voted", value).ok());
  }
  server_.drop_connections_after_batches(3);
  ASSERT_TRUE(client->start_sync().ok());
  ASSERT_TRUE(client->wait_until_up_to_date(kHangDeadline));
  auto dots = stored_dots();
  ASSERT_EQ(dots.size(), 40u);
  EXPECT_EQ(dots.rbegin()->second, 40u);
}

TEST_F(ClientSyncTest, AServerThatForgotAcknowledgedOpsIsReportedAndTheOutboxIsKept) {
  auto client = enrolled_client("officer");
  server_.backup("enrolled");  // the device is known, none of its ops
  ASSERT_TRUE(client->set_count(kForm, "voted", 1).ok());
  ASSERT_TRUE(client->start_sync().ok());
  ASSERT_TRUE(client->wait_until_up_to_date(kHangDeadline));

  server_.pause();
  server_.restore("enrolled");  // the server forgets the op it acknowledged
  ASSERT_TRUE(client->set_count(kForm, "voted", 2).ok());
  server_.resume();
  client->sync_now();
  auto deadline = std::chrono::steady_clock::now() + kHangDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    auto state = client->sync_state();
    if (state.last_error && state.last_error->code == ErrorCode::kServerForgotAckedOps) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  auto state = client->sync_state();
  ASSERT_TRUE(state.last_error.has_value());
  EXPECT_EQ(state.last_error->code, ErrorCode::kServerForgotAckedOps);
  EXPECT_FALSE(state.last_error->transient);
  EXPECT_EQ(state.ops_pending, 1u);
  EXPECT_TRUE(server_.log().empty());  // nothing uploaded to the forgetful server
}

TEST_F(ClientSyncTest, TwoDevicesSeeTheConflictAndASupervisorResolvesItOnBoth) {
  auto first = enrolled_client("first");
  auto second = enrolled_client("second");
  auto supervisor = enrolled_client("supervisor", engine::Role::kSupervisor);
  ASSERT_TRUE(first->set_count(kForm, "valid", 690).ok());
  ASSERT_TRUE(second->set_count(kForm, "valid", 609).ok());
  for (auto* client : {first.get(), second.get(), supervisor.get()}) {
    ASSERT_TRUE(client->start_sync().ok());
  }
  auto converged = [&](Client& client, std::size_t conflicts) {
    auto deadline = std::chrono::steady_clock::now() + kHangDeadline;
    while (std::chrono::steady_clock::now() < deadline) {
      auto view = client.form(kForm);
      if (view.ok() && view->conflicts.size() == conflicts &&
          (conflicts > 0 || testing::count_of(view->record, "valid").has_value())) {
        return *view;
      }
      std::this_thread::sleep_for(milliseconds(20));
    }
    ADD_FAILURE() << "no convergence";
    return FormView{};
  };
  for (auto* client : {first.get(), second.get(), supervisor.get()}) {
    auto view = converged(*client, 1);
    ASSERT_EQ(view.conflicts.size(), 1u);
    std::set<Count> values;
    std::set<std::string> authors;
    for (const auto& sibling : view.conflicts[0].siblings) {
      values.insert(std::get<Count>(sibling.value));
      authors.insert(sibling.dot.device);
    }
    EXPECT_EQ(values, (std::set<Count>{609, 690}));
    EXPECT_EQ(authors.size(), 2u);
  }
  ASSERT_TRUE(supervisor->adjudicate(kForm, "valid", engine::OpValue(Count{690})).ok());
  for (auto* client : {first.get(), second.get(), supervisor.get()}) {
    auto view = converged(*client, 0);
    EXPECT_EQ(testing::count_of(view.record, "valid"), 690);
  }
}

TEST_F(ClientSyncTest, TheObserverSeesConnectingThenUpToDate) {
  auto client = enrolled_client("officer");
  std::mutex mutex;
  std::vector<SyncPhase> phases;
  client->set_state_observer([&](const SyncState& state) {
    std::lock_guard lock(mutex);
    if (phases.empty() || phases.back() != state.phase) phases.push_back(state.phase);
  });
  ASSERT_TRUE(client->set_count(kForm, "voted", 7).ok());
  ASSERT_TRUE(client->start_sync().ok());
  ASSERT_TRUE(client->wait_until_up_to_date(kHangDeadline));
  client->stop_sync();
  std::lock_guard lock(mutex);
  auto connecting = std::find(phases.begin(), phases.end(), SyncPhase::kConnecting);
  ASSERT_NE(connecting, phases.end());
  EXPECT_NE(std::find(connecting, phases.end(), SyncPhase::kUpToDate), phases.end());
  EXPECT_EQ(phases.back(), SyncPhase::kOffline);
}

}  // namespace
}  // namespace tally::client

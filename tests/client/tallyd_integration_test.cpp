// The client library against the real tallyd on loopback (TLS, the server's certificate
// pinned at enrolment): offline edits synced when the server appears, a server killed
// with SIGKILL in the middle of an upload, two officers in conflict and a supervisor
// resolving it on both, a server restored from an old backup, and the C API end to end.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <mutex>
#include <set>
#include <thread>

#include "tally/client/client.hpp"
#include "tallyd_process.hpp"
#include "test_support.hpp"

namespace tally::client {
namespace {

using engine::Count;
using engine::FormId;
using std::chrono::milliseconds;
using std::chrono::seconds;

const FormId kForm{"TN-0001", "NA-01"};

class TallydIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.initialised());
    ASSERT_TRUE(server_.start(true));
  }

  std::unique_ptr<Client> enrolled(const std::string& name, const std::string& role = "officer",
                                   ClientOptions options = {}) {
    auto client = Client::open(dir_.file(name + ".db"), options);
    EXPECT_TRUE(client.ok());
    if (!client.ok()) return nullptr;
    EnrolRequest request;
    request.server_url = server_.sync_url();
    request.code = server_.enrolment_code(role == "officer" ? "TN-0001" : "", role);
    request.ca_pem = server_.ca_pem();
    auto status = (*client)->enrol(request);
    EXPECT_TRUE(status.ok()) << status.error().to_string();
    return std::move(client).value();
  }

  // Waits until `predicate(view)` holds for the form on `client`.
  static bool eventually(Client& client, const std::function<bool(const FormView&)>& predicate) {
    auto deadline = std::chrono::steady_clock::now() + seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      auto view = client.form(kForm);
      if (view.ok() && predicate(*view)) return true;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return false;
  }

  // The test reference election, written where tallyd init reads it.
  static std::string definition_file(const testing::TempDir& dir) {
    std::ofstream(dir.file("election.json")) << testing::kDefinitionJson;
    return dir.file("election.json");
  }

  testing::TempDir dir_;
  testkit::TallydProcess server_{definition_file(dir_)};
};

TEST_F(TallydIntegrationTest, OfflineEditsAreSyncedWhenTheServerStartsWithoutAnyAppCall) {
  auto officer = enrolled("officer");
  ASSERT_NE(officer, nullptr);
  server_.stop();
  ASSERT_TRUE(officer->start_sync().ok());
  ASSERT_TRUE(officer->set_count(kForm, "voted", 700).ok());
  ASSERT_TRUE(officer->set_count(kForm, "registered", 800).ok());
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(officer->sync_state().ops_pending, 2u);
  ASSERT_TRUE(server_.start(true));
  ASSERT_TRUE(officer->wait_until_up_to_date(seconds(40)));
  EXPECT_EQ(officer->sync_state().ops_pending, 0u);

  // What the server stored reaches another device of the station.
  auto second = enrolled("second");
  ASSERT_TRUE(second->start_sync().ok());
  EXPECT_TRUE(eventually(*second, [](const FormView& view) {
    return testing::count_of(view.record, "voted") == 700 &&
           testing::count_of(view.record, "registered") == 800;
  }));
}

TEST_F(TallydIntegrationTest, AServerKilledMidUploadIsResumedAndEveryOpIsStoredOnce) {
  ClientOptions options;
  options.upload_batch_ops = 5;
  options.upload_window_batches = 2;
  auto officer = enrolled("officer", "officer", options);
  constexpr Count kEdits = 200;
  for (Count value = 1; value <= kEdits; ++value) {
    ASSERT_TRUE(officer->set_count(kForm, "voted", value).ok());
  }
  ASSERT_TRUE(officer->start_sync().ok());
  auto deadline = std::chrono::steady_clock::now() + seconds(20);
  while (officer->sync_state().ops_pending == static_cast<std::uint64_t>(kEdits) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  server_.kill_hard();  // some batches acked, others in flight or not yet sent
  auto pending_at_kill = officer->sync_state().ops_pending;
  EXPECT_LT(pending_at_kill, static_cast<std::uint64_t>(kEdits));
  ASSERT_TRUE(server_.start(true));
  ASSERT_TRUE(officer->wait_until_up_to_date(seconds(40)));

  // A second device downloads the station's log: every op of the officer, each once,
  // the last value live.
  auto reader = enrolled("reader");
  ASSERT_TRUE(reader->start_sync().ok());
  ASSERT_TRUE(reader->wait_until_up_to_date(seconds(20)));
  auto history = reader->history(kForm, "voted");
  ASSERT_TRUE(history.ok());
  std::set<std::uint64_t> counters;
  for (const auto& entry : *history) EXPECT_TRUE(counters.insert(entry.entry.dot.counter).second);
  EXPECT_EQ(counters.size(), static_cast<std::size_t>(kEdits));
  EXPECT_EQ(testing::count_of(reader->form(kForm)->record, "voted"), kEdits);
}

TEST_F(TallydIntegrationTest, TwoOfficersConflictAndTheSupervisorResolvesItOnBoth) {
  auto first = enrolled("first");
  auto second = enrolled("second");
  auto supervisor = enrolled("supervisor", "supervisor");
  ASSERT_TRUE(first->set_count(kForm, "valid", 690).ok());
  ASSERT_TRUE(second->set_count(kForm, "valid", 609).ok());
  for (auto* client : {first.get(), second.get(), supervisor.get()}) {
    ASSERT_TRUE(client->start_sync().ok());
  }
  for (auto* client : {first.get(), second.get(), supervisor.get()}) {
    ASSERT_TRUE(eventually(*client, [](const FormView& view) {
      if (view.conflicts.size() != 1 || view.conflicts[0].path != "valid") return false;
      std::set<Count> values;
      for (const auto& sibling : view.conflicts[0].siblings) {
        values.insert(std::get<Count>(sibling.value));
      }
      return values == std::set<Count>{609, 690};
    }));
  }
  ASSERT_TRUE(supervisor->adjudicate(kForm, "valid", engine::OpValue(Count{690})).ok());
  for (auto* client : {first.get(), second.get(), supervisor.get()}) {
    EXPECT_TRUE(eventually(*client, [](const FormView& view) {
      return view.conflicts.empty() && testing::count_of(view.record, "valid") == 690;
    }));
  }
}

TEST_F(TallydIntegrationTest, AServerRestoredFromAnOldBackupIsReportedAndTheOutboxKept) {
  auto officer = enrolled("officer");
  ASSERT_TRUE(officer->set_count(kForm, "voted", 1).ok());
  ASSERT_TRUE(officer->start_sync().ok());
  ASSERT_TRUE(officer->wait_until_up_to_date(seconds(20)));
  officer->stop_sync();
  server_.stop();
  server_.backup("backup-1");
  ASSERT_TRUE(server_.start(true));
  ASSERT_TRUE(officer->set_count(kForm, "voted", 2).ok());
  ASSERT_TRUE(officer->start_sync().ok());
  ASSERT_TRUE(officer->wait_until_up_to_date(seconds(20)));
  officer->stop_sync();

  server_.stop();
  server_.restore("backup-1");  // the server forgets the second op it acknowledged
  ASSERT_TRUE(server_.start(true));
  ASSERT_TRUE(officer->set_count(kForm, "voted", 3).ok());
  ASSERT_TRUE(officer->start_sync().ok());
  auto deadline = std::chrono::steady_clock::now() + seconds(20);
  std::optional<Error> error;
  while (std::chrono::steady_clock::now() < deadline) {
    error = officer->sync_state().last_error;
    if (error && error->code == ErrorCode::kServerForgotAckedOps) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, ErrorCode::kServerForgotAckedOps) << error->to_string();
  EXPECT_EQ(officer->sync_state().ops_pending, 1u);
}

TEST_F(TallydIntegrationTest, RateLimitedDeviceKeepsItsOutboxAndCatchesUpLater) {
  server_.stop();
  ASSERT_TRUE(server_.start(true, {"--max-ops-per-second-per-device", "200", "--rate-burst-ops",
                                   "200", "--max-batch-ops", "200"}));
  // Declared before the officer: its sync thread calls the observer until it is destroyed.
  std::mutex mutex;
  std::optional<Error> limited;  // the first E1001 the sync thread reported
  auto officer = enrolled("officer");
  ASSERT_NE(officer, nullptr);
  for (engine::Count i = 1; i <= 600; ++i) ASSERT_TRUE(officer->set_count(kForm, "voted", i).ok());
  officer->set_state_observer([&](const SyncState& state) {
    std::lock_guard lock(mutex);
    if (!limited && state.last_error && state.last_error->code == ErrorCode::kRateLimited) {
      limited = state.last_error;
    }
  });
  ASSERT_TRUE(officer->start_sync().ok());
  ASSERT_TRUE(officer->wait_until_up_to_date(seconds(40)));
  EXPECT_EQ(officer->sync_state().ops_pending, 0u);
  auto receipt = officer->last_receipt();
  ASSERT_TRUE(receipt.ok() && receipt->has_value());
  EXPECT_EQ((*receipt)->counter, 600u);
  std::lock_guard lock(mutex);
  ASSERT_TRUE(limited.has_value()) << "600 ops at once never met the limit of 200";
  EXPECT_TRUE(limited->transient) << limited->to_string();
}

TEST_F(TallydIntegrationTest, TheCApiWorksEndToEndFromC) {
  std::string code = server_.enrolment_code("TN-0001", "officer");
  std::string command = std::string(C_API_TEST_BINARY) + " " + dir_.path().string() + " " +
                        server_.sync_url() + " " + code + " TN-0001/NA-01 " + server_.ca_file() +
                        " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  int status = ::pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << output;
  EXPECT_NE(output.find(" 0 failed"), std::string::npos) << output;
}

}  // namespace
}  // namespace tally::client

// The client library against the real tallyd on loopback (TLS, the server's certificate
// pinned at enrolment): offline edits synced when the server appears, a server killed
// with SIGKILL in the middle of an upload, two officers in conflict and a supervisor
// resolving it on both, a server restored from an old backup, the C API end to end,
// receipts and tally-monitor catching a log rewritten and re-signed, and a reconnect
// resuming its TLS session.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <mutex>
#include <set>
#include <thread>

#include "tally/client/client.hpp"
#include "tally/engine/audit_chain.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/http/https_client.hpp"
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

// The TLS handshakes tallyd counted so far, resumed (true) or full (false), from /metrics.
std::uint64_t tls_handshakes(const testkit::TallydProcess& server, bool resumed) {
  const tally::http::ApiTarget target{server.url(), server.operator_token(), server.ca_file()};
  auto response = tally::http::api_call(target, boost::beast::http::verb::get, "/metrics");
  if (!response || response->status != 200) return 0;
  const std::string name =
      std::string("tally_tls_handshakes_total{resumed=\"") + (resumed ? "true" : "false") + "\"} ";
  const auto at = response->body.find(name);
  return at == std::string::npos ? 0 : std::stoull(response->body.substr(at + name.size()));
}

TEST_F(TallydIntegrationTest, AReconnectResumesTheLastTlsSessionAcrossStopAndStart) {
  auto officer = enrolled("officer");
  ASSERT_NE(officer, nullptr);
  ASSERT_TRUE(officer->start_sync().ok());
  ASSERT_TRUE(officer->set_count(kForm, "voted", 700).ok());
  ASSERT_TRUE(officer->wait_until_up_to_date(seconds(40)));
  const auto resumed_before = tls_handshakes(server_, true);
  officer->stop_sync();
  ASSERT_TRUE(officer->set_count(kForm, "voted", 701).ok());
  ASSERT_TRUE(officer->start_sync().ok());
  ASSERT_TRUE(officer->wait_until_up_to_date(seconds(40)));
  // The reconnect offered the ticket of the first connection and tallyd took it.
  EXPECT_EQ(tls_handshakes(server_, true), resumed_before + 1);
  EXPECT_EQ(officer->sync_state().ops_pending, 0u);

  // A restarted tallyd has new ticket keys: the device falls back to a full handshake.
  officer->stop_sync();
  server_.stop();
  ASSERT_TRUE(server_.start(true));
  ASSERT_TRUE(officer->set_count(kForm, "voted", 702).ok());
  ASSERT_TRUE(officer->start_sync().ok());
  ASSERT_TRUE(officer->wait_until_up_to_date(seconds(40)));
  EXPECT_EQ(tls_handshakes(server_, true), 0u);
  EXPECT_GE(tls_handshakes(server_, false), 1u);
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

// What someone holding the server's disk and key does to change an old count unseen by
// tallyd itself: rewrite the entry of `device`'s op `counter` (its count + 1), recompute
// the hash chain after it, and drop the signed heads and the Merkle tree, which tallyd
// rebuilds and signs again at its next start. Returns the rewritten entry's log index.
std::uint64_t rewrite_entry(const std::string& database, const std::string& device,
                            std::uint64_t counter) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
  const auto exec = [&](const char* sql) {
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK)
        << sql << ": " << (message ? message : "");
    sqlite3_free(message);
  };
  exec("DROP TRIGGER ops_no_update; BEGIN");
  sqlite3_stmt* rows = nullptr;
  EXPECT_EQ(
      sqlite3_prepare_v2(db, "SELECT idx, receive_ms, op, device, counter FROM ops ORDER BY idx",
                         -1, &rows, nullptr),
      SQLITE_OK);
  sqlite3_stmt* update = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "UPDATE ops SET op = ?1, hash = ?2 WHERE idx = ?3", -1, &update,
                               nullptr),
            SQLITE_OK);
  engine::AuditChain chain;
  std::uint64_t rewritten = 0;
  while (sqlite3_step(rows) == SQLITE_ROW) {
    const auto index = static_cast<std::uint64_t>(sqlite3_column_int64(rows, 0));
    const auto receive_ms = static_cast<std::uint64_t>(sqlite3_column_int64(rows, 1));
    std::string op(static_cast<const char*>(sqlite3_column_blob(rows, 2)),
                   static_cast<std::size_t>(sqlite3_column_bytes(rows, 2)));
    const std::string row_device(reinterpret_cast<const char*>(sqlite3_column_text(rows, 3)));
    if (row_device == device &&
        static_cast<std::uint64_t>(sqlite3_column_int64(rows, 4)) == counter) {
      auto decoded = engine::decode_op(op);
      EXPECT_TRUE(decoded.ok());
      decoded->value = std::get<Count>(decoded->value) + 1;
      op = engine::encode_op(*decoded);
      rewritten = index;
    }
    const engine::AuditEntry entry = chain.append(op, receive_ms);
    EXPECT_EQ(entry.index, index);
    if (rewritten == 0) continue;
    sqlite3_bind_blob(update, 1, op.data(), static_cast<int>(op.size()), SQLITE_TRANSIENT);
    sqlite3_bind_blob(update, 2, entry.hash.data(), static_cast<int>(entry.hash.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_int64(update, 3, static_cast<sqlite3_int64>(index));
    EXPECT_EQ(sqlite3_step(update), SQLITE_DONE);
    sqlite3_reset(update);
  }
  sqlite3_finalize(rows);
  sqlite3_finalize(update);
  exec("DELETE FROM signed_heads; DELETE FROM merkle_nodes; DELETE FROM tree_heads; COMMIT");
  sqlite3_close(db);
  return rewritten;
}

// Waits until the server has acknowledged `device`'s ops through `counter`.
bool acknowledged(Client& device, std::uint64_t counter) {
  const auto deadline = std::chrono::steady_clock::now() + seconds(40);
  while (std::chrono::steady_clock::now() < deadline) {
    auto receipt = device.last_receipt();
    if (receipt.ok() && *receipt && (*receipt)->counter >= counter) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

// Whether one of `check`'s problems has `code` and says `words`.
bool has_problem(const ReceiptCheck& check, ErrorCode code, const std::string& words) {
  return std::any_of(check.problems.begin(), check.problems.end(), [&](const Error& problem) {
    return problem.code == code && problem.message.find(words) != std::string::npos;
  });
}

TEST_F(TallydIntegrationTest, ReceiptsAndTheMonitorCatchAnOldEntryRewrittenAndTheTreeResigned) {
  auto first = enrolled("first");
  auto second = enrolled("second");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(first->start_sync().ok());
  ASSERT_TRUE(second->start_sync().ok());
  ASSERT_TRUE(first->set_count(kForm, "voted", 700).ok());
  ASSERT_TRUE(second->set_count(kForm, "registered", 800).ok());
  ASSERT_TRUE(acknowledged(*first, 1));
  ASSERT_TRUE(acknowledged(*second, 1));

  const std::string monitor_state = dir_.file("monitor.json");
  const std::vector<std::string> follow_once = {"follow",          "--state",     monitor_state,
                                                "--url",           server_.url(), "--ca",
                                                server_.ca_file(), "--once"};
  std::string output;
  std::string errors;
  ASSERT_EQ(testkit::run_program(TALLY_MONITOR_BINARY, follow_once, &output, &errors), 0) << errors;
  EXPECT_NE(output.find("first seen"), std::string::npos) << output;
  for (Client* device : {first.get(), second.get()}) {
    auto check = device->verify_receipts();
    ASSERT_TRUE(check.ok()) << check.error().to_string();
    EXPECT_TRUE(check->ok()) << check->problems.front().to_string();
    EXPECT_EQ(check->ops_checked, 1u);
    EXPECT_GE(check->tree_size, 2u);
  }
  // The log grows: the next checks prove it extends what each saw.
  ASSERT_TRUE(second->set_count(kForm, "valid", 600).ok());
  ASSERT_TRUE(acknowledged(*second, 2));
  auto grown = second->verify_receipts();
  ASSERT_TRUE(grown.ok()) << grown.error().to_string();
  EXPECT_TRUE(grown->ok()) << grown->problems.front().to_string();
  EXPECT_EQ(grown->ops_checked, 2u);
  EXPECT_GT(grown->tree_size, grown->previous_tree_size);
  EXPECT_GT(grown->previous_tree_size, 0u);
  ASSERT_EQ(testkit::run_program(TALLY_MONITOR_BINARY, follow_once, &output, &errors), 0) << errors;
  EXPECT_NE(output.find("extends the one of"), std::string::npos) << output;

  // The first device's count is rewritten on the server's disk and the tree signed again.
  first->stop_sync();
  second->stop_sync();
  ASSERT_EQ(server_.stop(), 0);
  const std::uint64_t index =
      rewrite_entry(server_.file("tallyd.db"), first->device()->device_id, 1);
  ASSERT_GT(index, 0u);
  ASSERT_TRUE(server_.start(true));

  auto own = first->verify_receipts();
  ASSERT_TRUE(own.ok()) << own.error().to_string();
  EXPECT_FALSE(own->ok());
  EXPECT_TRUE(
      has_problem(*own, ErrorCode::kProofFailed,
                  "own op 1 (log entry " + std::to_string(index) + "): the log holds other bytes"))
      << own->problems.front().to_string();
  EXPECT_TRUE(has_problem(*own, ErrorCode::kLogInconsistent, "not consistent"));
  // The second device's own ops are untouched, but the log no longer extends what it saw.
  auto other = second->verify_receipts();
  ASSERT_TRUE(other.ok()) << other.error().to_string();
  EXPECT_FALSE(other->ok());
  EXPECT_TRUE(has_problem(*other, ErrorCode::kLogInconsistent,
                          "earlier one of " + std::to_string(grown->tree_size)))
      << other->problems.front().to_string();
  EXPECT_EQ(other->ops_checked, 2u);
  // And a failed check keeps the head it last saw hold: it fails again, the same way.
  auto again = second->verify_receipts();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->previous_tree_size, grown->tree_size);
  EXPECT_FALSE(again->ok());

  EXPECT_EQ(testkit::run_program(TALLY_MONITOR_BINARY, follow_once, &output, &errors), 3);
  EXPECT_NE(errors.find("E604"), std::string::npos) << errors;
  // The rewritten log has the size the monitor saw last: two signed heads, two roots.
  EXPECT_NE(errors.find("two signed tree heads of " + std::to_string(grown->tree_size) +
                        " entries with different roots"),
            std::string::npos)
      << errors;
}

}  // namespace
}  // namespace tally::client

// Deterministic simulation of the sync system (tests/faults/sim): devices, server and a
// faulty network driven by one seed per schedule.
//
// TALLY_SIM_SCHEDULES sets the number of schedules (default 2,000) and TALLY_SIM_SEED the
// first seed (schedule i uses seed + i). A failing schedule prints the command that
// replays exactly that schedule. The figures of a run are printed at its end
// (docs/reliability.md, "Simulation").
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim_checks.hpp"
#include "sim_network.hpp"
#include "sim_server.hpp"
#include "sim_world.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"

namespace tally::sim {
namespace {

constexpr std::uint64_t kDefaultSchedules = 2'000;
constexpr std::uint64_t kDefaultSeed = 20'210'523;
constexpr std::size_t kMaxReportedFailures = 5;

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text == nullptr ? fallback : std::strtoull(text, nullptr, 10);
}

// Sums of the figures over many schedules.
struct Totals {
  std::uint64_t schedules = 0, frames = 0, dropped = 0, partitions = 0, resets = 0, ops_checked = 0,
                lost = 0, duplicates = 0, heads = 0, double_entries = 0, adjudications = 0,
                reacked = 0, resends = 0, max_skew_ms = 0;
  std::uint64_t slowest_seed = 0;
  SimTime slowest_ms = 0;
  std::vector<SimTime> convergence_ms;

  void add(const ScheduleResult& r) {
    ++schedules;
    frames += r.network.frames_sent;
    dropped += r.network.frames_dropped;
    partitions += r.network.partitions;
    resets += r.network.resets;
    ops_checked += r.ops_checked;
    lost += r.lost;
    duplicates += r.duplicates;
    heads += r.heads_checked;
    double_entries += r.double_entries;
    adjudications += r.adjudications;
    reacked += r.server.duplicates_reacked;
    resends += r.resends;
    max_skew_ms = std::max(max_skew_ms, r.max_skew_ms);
    if (!r.converged) return;
    convergence_ms.push_back(r.convergence_ms);
    if (r.convergence_ms >= slowest_ms) {
      slowest_ms = r.convergence_ms;
      slowest_seed = r.seed;
    }
  }

  SimTime percentile(unsigned p) {
    if (convergence_ms.empty()) return 0;
    std::sort(convergence_ms.begin(), convergence_ms.end());
    return convergence_ms[(convergence_ms.size() - 1) * p / 100];
  }

  void print(std::uint64_t first_seed) {
    std::cout << "[ sim ] schedules " << schedules << " (seeds " << first_seed << ".."
              << first_seed + schedules - 1 << ")\n"
              << "[ sim ] frames sent " << frames << ", dropped " << dropped << "; partitions "
              << partitions << ", connections reset " << resets << "; max clock skew "
              << max_skew_ms / 60'000 << " min\n"
              << "[ sim ] ops re-acked " << reacked << ", device go-backs " << resends << "\n"
              << "[ sim ] double entries " << double_entries << ", adjudications " << adjudications
              << "; heads and receipts checked " << heads << "\n"
              << "[ sim ] ops checked " << ops_checked << ", lost " << lost << ", duplicates "
              << duplicates << "\n"
              << "[ sim ] convergence after heal (simulated ms): p50 " << percentile(50) << ", p90 "
              << percentile(90) << ", p99 " << percentile(99) << ", max " << percentile(100)
              << " (seed " << slowest_seed << "); " << convergence_ms.size() << " converged\n";
  }
};

std::string describe(const ScheduleResult& result) {
  std::string text = "schedule seed " + std::to_string(result.seed) + " broke " +
                     std::to_string(result.failures.size()) + " invariant(s):";
  for (const std::string& failure : result.failures) text += "\n  " + failure;
  return text + "\nreplay: TALLY_SIM_SEED=" + std::to_string(result.seed) +
         " TALLY_SIM_SCHEDULES=1 ctest --preset release -R "
         "SimulationTest.SeededSchedulesLoseNothingAndConverge --output-on-failure";
}

TEST(SimulationTest, SeededSchedulesLoseNothingAndConverge) {
  const std::uint64_t schedules = env_or("TALLY_SIM_SCHEDULES", kDefaultSchedules);
  const std::uint64_t first_seed = env_or("TALLY_SIM_SEED", kDefaultSeed);
  Totals totals;
  std::size_t failed = 0;
  for (std::uint64_t i = 0; i < schedules && failed < kMaxReportedFailures; ++i) {
    const ScheduleResult result = run_schedule(make_schedule(first_seed + i));
    totals.add(result);
    if (!result.failures.empty()) {
      ++failed;
      ADD_FAILURE() << describe(result);
    }
  }
  totals.print(first_seed);
  EXPECT_EQ(totals.lost, 0U);
  EXPECT_EQ(totals.duplicates, 0U);
  EXPECT_GT(totals.ops_checked, 0U);
  if (schedules >= 100) {  // a real run injects every kind of fault
    EXPECT_GT(totals.dropped, 0U);
    EXPECT_GT(totals.resets, 0U);
    EXPECT_GT(totals.adjudications, 0U);
    EXPECT_GE(totals.max_skew_ms, 3'600'000U);
  }
}

TEST(SimulationTest, SameSeedReplaysTheSameRunFrameForFrame) {
  const ScheduleResult first = run_schedule(make_schedule(kDefaultSeed));
  const ScheduleResult again = run_schedule(make_schedule(kDefaultSeed));
  EXPECT_TRUE(first.failures.empty()) << describe(first);
  EXPECT_EQ(first, again);
  const ScheduleResult other = run_schedule(make_schedule(kDefaultSeed + 1));
  EXPECT_NE(first.final_head, other.final_head);
}

TEST(SimulationTest, LedgerCheckCatchesALostAndADuplicatedOp) {
  engine::Op op;
  op.dot = engine::Dot{"TN-0001-dev1", 1};
  op.form = engine::FormId{"TN-0001", "NA-01"};
  op.field = "valid";
  op.value = engine::Count{7};
  engine::Op second = op;
  second.dot.counter = 2;
  second.context.add(op.dot);
  const std::vector<engine::Op> made{op, second};
  engine::AuditChain chain;
  std::vector<engine::AuditEntry> log{chain.append(engine::encode_op(op), 1),
                                      chain.append(engine::encode_op(second), 2)};
  const std::vector<DeviceLedger> ledger{DeviceLedger{"TN-0001-dev1", made, 2}};

  const LedgerCheck intact = check_ledger(log, ledger, true);
  EXPECT_TRUE(intact.failures.empty());
  EXPECT_EQ(intact.ops_checked, 2U);

  const std::vector<engine::AuditEntry> missing{log.front()};
  const LedgerCheck lost = check_ledger(missing, ledger, false);
  EXPECT_EQ(lost.lost, 1U);
  ASSERT_EQ(lost.failures.size(), 1U);
  EXPECT_NE(lost.failures[0].find("TN-0001-dev1:2 was acked"), std::string::npos);

  std::vector<engine::AuditEntry> doubled = log;
  doubled.push_back(chain.append(engine::encode_op(second), 3));
  const LedgerCheck duplicated = check_ledger(doubled, ledger, true);
  EXPECT_EQ(duplicated.duplicates, 1U);
  EXPECT_EQ(duplicated.lost, 0U);
}

// The server's protocol rules, frame by frame, over a reliable simulated network.
class ServerProtocolTest : public ::testing::Test {
 protected:
  static engine::Ed25519KeyPair key(std::uint8_t fill) {
    engine::Ed25519Seed seed{};
    seed.fill(fill);
    return std::move(engine::keypair_from_seed(seed).value());
  }

  ServerProtocolTest()
      : device_key_(key(2)),
        network_(1, NetworkFaults{0, 1, 1, {}, 0}, Rng(1)),
        server_("tallyd-test", key(1),
                {Enrolment{"TN-0001-dev1", engine::Role::kOfficer, "TN-0001",
                           device_key_.public_key()}},
                0) {}

  // Delivers frames both ways until the network is idle; returns what the device got.
  std::vector<engine::Message> deliver() {
    std::vector<engine::Message> received;
    while (!network_.idle()) {
      ++now_;
      while (std::optional<Delivery> delivery = network_.next_due(now_)) {
        if (delivery->direction == Direction::kToServer) {
          server_.on_frame(0, delivery->epoch, delivery->frame, network_, now_);
        } else {
          received.push_back(engine::decode(delivery->frame).value());
        }
      }
    }
    return received;
  }

  std::vector<engine::Message> exchange(const engine::Message& message) {
    network_.send(0, epoch_, Direction::kToServer, engine::encode(message), now_);
    return deliver();
  }

  // Connects and completes Challenge / Hello / Welcome.
  engine::WelcomeMessage connect() {
    epoch_ = network_.connect(0, now_).value();
    server_.on_connect(0, epoch_, network_, now_);
    const std::vector<engine::Message> challenge = deliver();
    const auto& nonce = std::get<engine::ChallengeMessage>(challenge.at(0)).nonce;
    hello_ = engine::HelloMessage{
        engine::kProtocolVersion, "TN-0001-dev1",
        device_key_.sign(engine::hello_signing_bytes("tallyd-test", nonce, "TN-0001-dev1"))
            .value()};
    return std::get<engine::WelcomeMessage>(exchange(hello_).at(0));
  }

  static engine::Op op(std::uint64_t counter, engine::Count value,
                       std::string station = "TN-0001") {
    engine::Op made;
    made.dot = engine::Dot{"TN-0001-dev1", counter};
    made.form = engine::FormId{std::move(station), "NA-01"};
    made.field = "valid";
    made.value = value;
    for (std::uint64_t c = 1; c < counter; ++c) made.context.add(engine::Dot{"TN-0001-dev1", c});
    return made;
  }

  static engine::UploadBatchMessage batch(std::vector<engine::Op> ops) {
    return engine::UploadBatchMessage{std::move(ops)};
  }

  engine::Ed25519KeyPair device_key_;
  SimNetwork network_;
  SimServer server_;
  SimTime now_ = 0;
  std::uint64_t epoch_ = 0;
  engine::HelloMessage hello_;
};

TEST_F(ServerProtocolTest, DuplicatesAreAckedAgainAndAGapClosesTheConnection) {
  EXPECT_EQ(connect().acked_counter, 0U);
  auto ack = exchange(batch({op(1, 10), op(2, 20)}));
  EXPECT_EQ(std::get<engine::AckMessage>(ack.at(0)).acked_counter, 2U);

  ack = exchange(batch({op(1, 10), op(2, 20)}));
  EXPECT_EQ(std::get<engine::AckMessage>(ack.at(0)).acked_counter, 2U);
  EXPECT_EQ(server_.log_index(), 2U);
  EXPECT_EQ(server_.stats().duplicates_reacked, 2U);

  // On an ordered stream a gap is a device's bug: the batch is refused, the session ends.
  const auto gap = exchange(batch({op(4, 40)}));
  const auto& refusal = std::get<engine::ErrorMessage>(gap.at(0));
  EXPECT_EQ(refusal.code, ErrorCode::kCounterGap);
  EXPECT_EQ(refusal.message, "op TN-0001-dev1:4 (set TN-0001/NA-01 valid): expected counter 3");
  EXPECT_EQ(server_.log_index(), 2U);
  EXPECT_FALSE(network_.is_open(0, epoch_));

  EXPECT_EQ(connect().acked_counter, 2U);
  ack = exchange(batch({op(3, 30), op(4, 40)}));
  const auto& acked = std::get<engine::AckMessage>(ack.at(0));
  EXPECT_EQ(acked.acked_counter, 4U);
  EXPECT_EQ(acked.log_index, 4U);
  EXPECT_EQ(acked.audit_head, server_.log().back().hash);
}

TEST_F(ServerProtocolTest, AReconnectingDeviceIsWelcomedWithItsAckedCounter) {
  connect();
  exchange(batch({op(1, 10), op(2, 20), op(3, 30)}));
  network_.close(0, epoch_);
  EXPECT_EQ(connect().acked_counter, 3U);
}

TEST_F(ServerProtocolTest, EquivocationReplayedHelloAndForeignStationsCloseTheConnection) {
  connect();
  exchange(batch({op(1, 10), op(2, 20)}));
  auto refused = exchange(batch({op(2, 99)}));
  EXPECT_EQ(std::get<engine::ErrorMessage>(refused.at(0)).code, ErrorCode::kEquivocation);
  EXPECT_FALSE(network_.is_open(0, epoch_));

  // The last connection's Hello, signed over its nonce, replayed on a new connection.
  const engine::HelloMessage replayed = hello_;
  epoch_ = network_.connect(0, now_).value();
  server_.on_connect(0, epoch_, network_, now_);
  ASSERT_TRUE(std::holds_alternative<engine::ChallengeMessage>(deliver().at(0)));
  refused = exchange(replayed);
  EXPECT_EQ(std::get<engine::ErrorMessage>(refused.at(0)).code, ErrorCode::kBadSignature);
  EXPECT_FALSE(network_.is_open(0, epoch_));

  connect();
  refused = exchange(hello_);  // a second Hello on one connection
  EXPECT_EQ(std::get<engine::ErrorMessage>(refused.at(0)).code, ErrorCode::kUnexpectedMessage);
  EXPECT_FALSE(network_.is_open(0, epoch_));

  connect();
  refused = exchange(batch({op(3, 30, "TN-0002")}));
  EXPECT_EQ(std::get<engine::ErrorMessage>(refused.at(0)).code, ErrorCode::kForbidden);
  EXPECT_EQ(server_.log_index(), 2U);
}

}  // namespace
}  // namespace tally::sim

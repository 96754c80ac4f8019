// Crash loops on the real binaries during a reduced election night (fault_night.hpp):
// tallyd SIGKILLed at random moments and restarted on its data directory, with the
// devices syncing through the chaos proxy; device worker processes SIGKILLed mid-entry and
// restarted on their stores; a network partition that heals. Short forms run in ctest;
// TALLY_FAULTS_LONG=1 runs the long forms (docs/reliability.md has their figures).
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "fault_night.hpp"
#include "seeded_rng.hpp"

namespace tally::faults {
namespace {

using std::chrono::milliseconds;

// `count` moments spread over [from, to] of the night, seeded, sorted.
std::vector<milliseconds> moments(std::size_t count, std::int64_t night_ms, double from, double to,
                                  std::uint64_t seed) {
  testkit::SeededRng random(seed);
  const auto night = static_cast<double>(night_ms);
  std::vector<milliseconds> at;
  for (std::size_t i = 0; i < count; ++i) {
    at.emplace_back(static_cast<std::int64_t>(random.between(
        static_cast<std::uint64_t>(from * night), static_cast<std::uint64_t>(to * night))));
  }
  std::sort(at.begin(), at.end());
  return at;
}

// Runs the night to its end, calling `fault(i)` at each moment; "" or the first problem.
std::string run_night(FaultNight& night, const std::vector<milliseconds>& at,
                      const std::function<std::string(std::size_t)>& fault,
                      std::chrono::seconds timeout) {
  std::size_t next = 0;
  while (!night.finished()) {
    if (auto problem = night.pump(); !problem.empty()) return problem;
    if (next < at.size() && night.since_start() >= at[next]) {
      if (auto problem = fault(next++); !problem.empty()) return problem;
    }
    if (night.since_start() > timeout) return "the night did not finish in time";
    std::this_thread::sleep_for(milliseconds(10));
  }
  return next == at.size() ? "" : "the night finished before its last fault";
}

// Faults fall before the scripts' busiest end (the short night ends at about 0.9 of it).
double last_fault() { return long_form() ? 0.85 : 0.6; }

void print_figures(const std::string& test, const FaultNight& night) {
  const auto& f = night.figures();
  std::cout << "[figures] " << test << ": devices " << night.devices() << ", tallyd kills "
            << f.server_kills << ", worker kills " << f.worker_kills << ", acked ops checked "
            << f.acked_ops_checked << ", returned edits checked " << f.returned_edits_checked
            << ", ops in log " << f.ops_in_log << ", lost " << f.lost << ", duplicates "
            << f.duplicates << ", wall " << night.since_start().count() << " ms" << std::endl;
}

ProxyOptions rough_network() {
  ProxyOptions proxy;
  proxy.seed = 20210523;
  LinkFaults faults;
  faults.latency = milliseconds(2);
  faults.jitter = milliseconds(8);
  faults.reset_chance = 0.003;
  faults.cut_chance = 0.003;
  faults.stall_chance = 0.01;
  faults.stall = milliseconds(400);
  proxy.upstream = faults;
  proxy.downstream = faults;
  return proxy;
}

TEST(ServerCrashLoopTest, EveryAckedOpSurvivesEachSigkillAndTheTallyEqualsTheTruth) {
  FaultNightOptions options;
  options.stations = long_form() ? 60 : 16;
  options.night_ms = long_form() ? 150'000 : 9'000;
  options.through_proxy = true;
  options.proxy = rough_network();
  const std::size_t kills = long_form() ? 60 : 4;
  FaultNight night(options);
  ASSERT_EQ(night.prepare(), "");
  ASSERT_EQ(night.start_night(), "");
  const auto at = moments(kills, options.night_ms, 0.1, last_fault(), 51);
  EXPECT_EQ(run_night(
                night, at, [&](std::size_t) { return night.crash_server_and_check(); },
                std::chrono::seconds(options.night_ms / 1000 + 180)),
            "");
  EXPECT_EQ(night.check_final(), "");
  EXPECT_EQ(night.figures().server_kills, kills);
  EXPECT_GT(night.figures().acked_ops_checked, 0u);
  const auto proxy = night.proxy()->figures();
  EXPECT_GT(proxy.connections, night.devices());
  std::cout << "[figures] proxy: connections " << proxy.connections << ", refused " << proxy.refused
            << ", resets " << proxy.resets << ", cuts " << proxy.cuts << ", stalls " << proxy.stalls
            << std::endl;
  print_figures("server crash loop", night);
}

TEST(ClientCrashLoopTest, NoEditWhoseCallReturnedIsLostOrDuplicatedAndAllConverge) {
  FaultNightOptions options;
  options.stations = long_form() ? 60 : 16;
  options.workers = 3;
  options.night_ms = long_form() ? 120'000 : 9'000;
  const std::size_t kills = long_form() ? 60 : 6;
  FaultNight night(options);
  ASSERT_EQ(night.prepare(), "");
  ASSERT_EQ(night.start_night(), "");
  const auto at = moments(kills, options.night_ms, 0.1, last_fault(), 77);
  EXPECT_EQ(run_night(
                night, at, [&](std::size_t i) { return night.crash_worker(i % night.workers()); },
                std::chrono::seconds(options.night_ms / 1000 + 180)),
            "");
  EXPECT_EQ(night.check_final(), "");
  EXPECT_EQ(night.figures().worker_kills, kills);
  EXPECT_GT(night.figures().returned_edits_checked, 0u);
  print_figures("client crash loop", night);
}

// Cuts the network from 40% of the night until every script has been played out
// (offline), heals it (with `sync_now`, the devices are then told to sync at once), and
// returns how long after the heal every device had everything acknowledged and caught up.
milliseconds partition_then_heal(const std::string& name, bool sync_now) {
  FaultNightOptions options;
  options.stations = long_form() ? 60 : 12;
  options.night_ms = long_form() ? 30'000 : 5'000;
  options.through_proxy = true;
  FaultNight night(options);
  EXPECT_EQ(night.prepare(), "");
  EXPECT_EQ(night.start_night(), "");
  const milliseconds cut{options.night_ms * 4 / 10};
  const std::vector<milliseconds> at{cut, milliseconds(options.night_ms + 500)};
  milliseconds healed{0};
  EXPECT_EQ(run_night(
                night, at,
                [&](std::size_t i) {
                  if (i == 0) {
                    night.proxy()->partition();
                    return std::string();
                  }
                  night.proxy()->heal();
                  healed = night.since_start();
                  if (sync_now) night.sync_now();
                  return std::string();
                },
                std::chrono::seconds(120)),
            "");
  const auto convergence = night.since_start() - healed;
  EXPECT_EQ(night.check_final(), "");
  EXPECT_GT(night.proxy()->figures().resets + night.proxy()->figures().refused, 0u);
  std::cout << "[figures] " << name << ": partition of " << (healed - cut).count()
            << " ms; every device acknowledged and caught up " << convergence.count()
            << " ms after the heal" << std::endl;
  print_figures(name, night);
  return convergence;
}

TEST(NetworkPartitionTest, DevicesConvergeByThemselvesOnceTheNetworkHeals) {
  // Bounded by the reconnect backoff's cap (30 s, full jitter) plus the sync itself.
  EXPECT_LT(partition_then_heal("partition, devices left to their backoff", false),
            std::chrono::seconds(45));
}

TEST(NetworkPartitionTest, DevicesToldToSyncNowConvergeAtOnceWhenTheNetworkHeals) {
  EXPECT_LT(partition_then_heal("partition, sync_now() at the heal", true),
            std::chrono::seconds(5));
}

}  // namespace
}  // namespace tally::faults

// Client library benchmarks (issue 6): how long a local edit takes to be durable
// (synchronous=FULL commit), and how long a device that stayed offline all night (44 ops:
// 4 forms × 11 fields) takes from start_sync() to up to date on loopback. Both report
// p50 and p99 over their iterations. The server is tallyd's real core behind the
// in-process loopback transport of the client tests (tests/support/loopback_server.hpp).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "loopback_server.hpp"
#include "tally/client/client.hpp"

namespace {

using tally::client::Client;
using tally::testkit::LoopbackServer;
using Clock = std::chrono::steady_clock;

// A fresh directory for one benchmark's stores.
std::filesystem::path bench_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("tally-client-bench-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::unique_ptr<Client> enrolled(LoopbackServer& server, const std::filesystem::path& store) {
  tally::client::ClientOptions options;
  options.transport = server.transport();
  auto client = Client::open(store.string(), options);
  if (!client.ok()) return nullptr;
  tally::client::EnrolRequest request;
  request.server_url = server.url();
  request.code = server.add_enrolment_code("TN-0001", tally::engine::Role::kOfficer);
  if (auto done = (*client)->enrol(request); !done.ok()) {
    std::fprintf(stderr, "enrol: %s\n", done.error().to_string().c_str());
    return nullptr;
  }
  return std::move(client).value();
}

void report_percentiles(benchmark::State& state, std::vector<double> millis) {
  if (millis.empty()) return;
  std::sort(millis.begin(), millis.end());
  auto at = [&](double quantile) {
    auto index = static_cast<std::size_t>(quantile * static_cast<double>(millis.size() - 1));
    return millis[index];
  };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p99_ms"] = at(0.99);
}

void BM_DurableEdit(benchmark::State& state) {
  LoopbackServer server;
  auto dir = bench_dir("edit");
  auto client = enrolled(server, dir / "device.db");
  if (!client) return state.SkipWithError("enrolment failed");
  const tally::engine::FormId form{"TN-0001", "NA-01"};
  std::vector<double> millis;
  tally::engine::Count value = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    if (!client->set_count(form, "voted", ++value).ok()) return state.SkipWithError("edit");
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  report_percentiles(state, std::move(millis));
  client.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_DurableEdit)->Iterations(500)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_OfflineNightSync44Ops(benchmark::State& state) {
  auto dir = bench_dir("night");
  const char* fields[] = {"registered",
                          "voted",
                          "issued",
                          "received",
                          "valid",
                          "invalid",
                          "complaints_received",
                          "complaints_resolved",
                          "complaints_forwarded",
                          "votes.NA-01-C01",
                          "votes.NA-01-C02"};
  std::vector<double> millis;
  int device = 0;
  for (auto _ : state) {
    state.PauseTiming();
    // A fresh server each time, so that only this device's night is synced.
    LoopbackServer server;
    auto client = enrolled(server, dir / ("device-" + std::to_string(++device) + ".db"));
    if (!client) return state.SkipWithError("enrolment failed");
    // 4 forms × 11 fields; the test definition has 3 contests, so the fourth form's
    // fields go to NA-01 again (a correction round): 44 ops either way.
    const char* units[] = {"NA-01", "PROV-01", "COMM-01", "NA-01"};
    for (const char* unit : units) {
      for (const char* field : fields) {
        std::string path = field;
        if (path.starts_with("votes.")) path = "votes." + std::string(unit) + "-" + path.substr(12);
        if (!client->set_count({"TN-0001", unit}, path, 7).ok()) {
          return state.SkipWithError("edit refused");
        }
      }
    }
    state.ResumeTiming();
    auto start = Clock::now();
    if (!client->start_sync().ok() || !client->wait_until_up_to_date(std::chrono::seconds(30))) {
      return state.SkipWithError("not up to date");
    }
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    state.PauseTiming();
    client.reset();
    state.ResumeTiming();
  }
  report_percentiles(state, std::move(millis));
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_OfflineNightSync44Ops)->Iterations(100)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

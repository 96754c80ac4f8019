// Apply throughput, single thread (issue 4 goal: ≥ 2,000,000 ops/s).
//
// A realistic election-night mix: 250 stations × 4 levels = 1,000 forms; per station two
// officers' devices. Device A enters every field of its station's forms in order; device B
// double-enters about one field in ten concurrently (its context misses A's value: a
// conflict); then A submits each form. Each context is the station's devices' replica
// version vector (Replica::version_vector). Ops of the stations arrive interleaved, in
// each device's counter order, as the server sees them.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "tally/engine/record_hash.hpp"
#include "tally/engine/replica.hpp"

namespace tally::engine {
namespace {

constexpr int kStations = 250;
constexpr std::uint64_t kWallMs = 1'621'771'200'000;
const std::vector<std::string> kLevels{"NA", "PROV", "DIST", "COMM"};
const std::vector<std::string> kFields{
    "registered", "voted", "issued", "received", "valid", "invalid",
    "votes.C01", "votes.C02", "votes.C03", "votes.C04", "votes.C05",
    "complaints_received", "complaints_resolved", "complaints_forwarded"};

struct Mix {
  std::vector<Op> ops;
  std::size_t conflicts = 0;
};

Mix make_mix() {
  Mix mix;
  std::vector<std::vector<Op>> per_station(kStations);
  std::uint64_t noise = 12345;
  for (int s = 0; s < kStations; ++s) {
    const std::string station = "TN-" + std::to_string(1000 + s);
    const std::string device_a = "dev-" + std::to_string(2 * s);
    const std::string device_b = "dev-" + std::to_string(2 * s + 1);
    std::uint64_t counter_a = 0;
    std::uint64_t counter_b = 0;
    Replica known;  // what the station's devices know
    for (const std::string& level : kLevels) {
      const FormId form{station, level + "-01"};
      auto emit = [&](Op op) {
        (void)known.apply(op);
        per_station[static_cast<std::size_t>(s)].push_back(std::move(op));
      };
      for (const std::string& field : kFields) {
        Op a;
        a.dot = Dot{device_a, ++counter_a};
        a.hlc = Hlc{kWallMs + counter_a, 0};
        a.form = form;
        a.field = field;
        a.value = static_cast<Count>(800 + counter_a % 50);
        a.context = known.version_vector();
        noise = noise * 6364136223846793005ULL + 1442695040888963407ULL;
        if ((noise >> 33) % 10 == 0) {
          Op b = a;
          b.dot = Dot{device_b, ++counter_b};
          b.value = std::get<Count>(a.value) + 1;
          emit(std::move(a));
          emit(std::move(b));
          ++mix.conflicts;
        } else {
          emit(std::move(a));
        }
      }
      Op submit;
      submit.dot = Dot{device_a, ++counter_a};
      submit.kind = OpKind::kSubmit;
      submit.form = form;
      submit.submission.values_hash = record_values_hash(known.state(form)->record());
      submit.context = known.version_vector();
      emit(std::move(submit));
    }
  }
  for (std::size_t i = 0;; ++i) {
    bool any = false;
    for (auto& ops : per_station) {
      if (i < ops.size()) {
        mix.ops.push_back(std::move(ops[i]));
        any = true;
      }
    }
    if (!any) break;
  }
  return mix;
}

const Mix& mix() {
  static const Mix kMix = make_mix();
  return kMix;
}

// The server's path: route each op to its form and merge it.
void BM_ReplicaApply(benchmark::State& state) {
  const Mix& ops = mix();
  for (auto _ : state) {
    Replica replica;
    for (const Op& op : ops.ops) {
      auto result = replica.apply(op);
      benchmark::DoNotOptimize(result);
    }
    state.PauseTiming();
    replica = Replica();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ops.ops.size()));
  state.counters["conflict_pct"] =
      100.0 * static_cast<double>(ops.conflicts) / static_cast<double>(ops.ops.size());
}
BENCHMARK(BM_ReplicaApply)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tally::engine

BENCHMARK_MAIN();

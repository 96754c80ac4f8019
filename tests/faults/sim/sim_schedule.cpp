// Drawing a schedule from its seed (sim_schedule.hpp).
#include "sim_schedule.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace tally::sim {
namespace {

const std::array<std::string, 2> kUnits{"NA-01", "PROV-01"};
// The counts of the test election's station-count form (tests/server/data); a candidate's
// votes are "votes.<unit>-C01" and "votes.<unit>-C02".
const std::array<std::string, 6> kCountFields{"registered", "voted", "valid",
                                              "invalid",    "C01",   "C02"};

engine::Ed25519Seed draw_seed(Rng& rng) {
  engine::Ed25519Seed seed{};
  for (auto& byte : seed) byte = static_cast<std::uint8_t>(rng.next());
  return seed;
}

std::int64_t draw_skew(Rng& rng) {
  return static_cast<std::int64_t>(rng.below(2 * kMaxClockSkewMs + 1)) - kMaxClockSkewMs;
}

engine::FormId draw_form(Rng& rng, const std::string& station) {
  return engine::FormId{station, kUnits[rng.index(kUnits.size())]};
}

std::string draw_count_field(Rng& rng, const engine::FormId& form) {
  const std::string& field = kCountFields[rng.index(kCountFields.size())];
  return field.starts_with('C') ? "votes." + form.unit_id + "-" + field : field;
}

// One officer's own edits: counts, a note now and then, and a few submissions.
void draw_plan(Rng& rng, DeviceSetup& officer) {
  const std::uint64_t edits = rng.between(3, 10);
  for (std::uint64_t i = 0; i < edits; ++i) {
    PlannedEdit edit;
    edit.at = rng.below(kEditsEndMs);
    edit.form = draw_form(rng, officer.station_id);
    if (rng.chance(8)) {
      edit.kind = engine::OpKind::kSubmit;
    } else if (rng.chance(10)) {
      edit.field = "notes";
      edit.value = std::string(rng.chance(50) ? "recount requested" : "seal intact");
    } else {
      edit.field = draw_count_field(rng, edit.form);
      edit.value = engine::Count{static_cast<engine::Count>(rng.below(4))};
    }
    officer.plan.push_back(std::move(edit));
  }
}

NetworkFaults draw_faults(Rng& rng, std::size_t devices) {
  constexpr std::array<std::uint64_t, 5> kDropPercents{0, 2, 10, 20, 35};
  NetworkFaults faults;
  faults.drop_percent = kDropPercents[rng.index(kDropPercents.size())];
  faults.min_latency_ms = rng.between(1, 20);
  faults.max_latency_ms = faults.min_latency_ms + rng.below(300);
  faults.heal_at = kFaultsEndMs;
  const auto draw_cut = [&] {
    std::vector<bool> cut(devices);
    for (std::size_t d = 0; d < devices; ++d) cut[d] = rng.chance(50);
    cut[rng.index(devices)] = true;
    return cut;
  };
  const std::uint64_t partitions = rng.below(4);
  for (std::uint64_t i = 0; i < partitions; ++i) {
    const SimTime start = rng.below(kFaultsEndMs);
    const SimTime end = start + rng.between(200, 10'000);
    faults.heal_at = std::max(faults.heal_at, end);
    faults.partitions.push_back(Partition{start, end, draw_cut()});
  }
  // The last partition heals at heal_at, so convergence is timed from a real heal.
  const SimTime last = rng.between(500, 10'000);
  faults.partitions.push_back(Partition{faults.heal_at - last, faults.heal_at, draw_cut()});
  return faults;
}

}  // namespace

Schedule make_schedule(std::uint64_t seed) {
  Rng rng(seed);
  Schedule schedule;
  schedule.seed = seed;
  schedule.server_key_seed = draw_seed(rng);
  const std::uint64_t stations = rng.between(1, 2);
  for (std::uint64_t s = 1; s <= stations; ++s) {
    const std::string station = "TN-000" + std::to_string(s);
    const std::size_t first = schedule.devices.size();
    const std::uint64_t officers = rng.between(2, 3);
    for (std::uint64_t o = 0; o < officers; ++o) {
      DeviceSetup officer;
      officer.device_id = station + "-dev" + std::to_string(o + 1);
      officer.station_id = station;
      officer.key_seed = draw_seed(rng);
      officer.clock_skew_ms = draw_skew(rng);
      draw_plan(rng, officer);
      schedule.devices.push_back(std::move(officer));
    }
    // Double entry: two officers of the station enter the same field at about the same
    // time with different values, mostly before either has seen the other's.
    const std::uint64_t doubles = rng.between(1, 3);
    for (std::uint64_t i = 0; i < doubles; ++i) {
      const std::size_t a = first + rng.index(officers);
      const std::size_t b = first + (a - first + 1 + rng.index(officers - 1)) % officers;
      const SimTime at = rng.below(kEditsEndMs - 1'000);
      const engine::FormId form = draw_form(rng, station);
      const std::string field = draw_count_field(rng, form);
      const auto value = static_cast<engine::Count>(rng.between(100, 500));
      schedule.devices[a].plan.push_back(
          PlannedEdit{at + rng.below(1'000), form, engine::OpKind::kSet, field, value});
      schedule.devices[b].plan.push_back(
          PlannedEdit{at + rng.below(1'000), form, engine::OpKind::kSet, field, value + 1});
      ++schedule.double_entries;
    }
  }
  DeviceSetup supervisor;
  supervisor.device_id = "supervisor-1";
  supervisor.role = engine::Role::kSupervisor;
  supervisor.key_seed = draw_seed(rng);
  supervisor.clock_skew_ms = draw_skew(rng);
  schedule.devices.push_back(std::move(supervisor));
  for (DeviceSetup& device : schedule.devices) {
    std::stable_sort(device.plan.begin(), device.plan.end(),
                     [](const PlannedEdit& x, const PlannedEdit& y) { return x.at < y.at; });
  }
  schedule.faults = draw_faults(rng, schedule.devices.size());
  return schedule;
}

}  // namespace tally::sim

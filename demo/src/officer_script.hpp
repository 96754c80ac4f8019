// What an officer does with a device during the night, as a timed script: switch the
// device on (sync), copy each of the station's paper records field by field (with typos
// that the officer corrects at once), submit each record, and go offline for stretches.
// Deterministic from the seed and the device's name, so a worker restarted after SIGKILL
// rebuilds the very same script and resumes it. Used by the device workers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "night_plan.hpp"
#include "tally/engine/op.hpp"
#include "tally/engine/record.hpp"

namespace tally::demo {

// One timed action of a device.
struct Step {
  enum class Kind : std::uint8_t { kSet, kSubmit, kGoOnline, kGoOffline };
  std::int64_t at_ms = 0;  // since the night's start
  Kind kind = Kind::kSet;
  engine::FormId form;
  std::string path;        // kSet: field or "votes.<candidate>"
  engine::OpValue value;   // kSet
  bool typo = false;       // kSet: a wrong value that the next step corrects
};

// Pacing and behaviour rates of the night.
struct Behaviour {
  std::int64_t night_ms = 45'000;  // the officers' entry is spread over this
  double typo_rate = 0.06;         // per field
  double offline_rate = 0.3;       // a device with one offline stretch
  double late_rate = 0.05;         // an officer who stays offline until late, then syncs
};

// A field path and the value the paper record holds there, in entry order.
using PaperField = std::pair<std::string, engine::OpValue>;
std::vector<PaperField> paper_fields(const engine::StationRecord& record);

// The dissenter's misreading of a station's records: the form and field it misreads and
// the value it enters instead (derived from the seed and the station alone).
struct Misreading {
  engine::FormId form;
  std::string path;
  engine::Count value = 0;
};
Misreading misreading_of(std::uint64_t seed, const std::vector<const engine::StationRecord*>& records);

// The script of an officer's device (kind officer, second officer or dissenter) for its
// station's records (in level order).
std::vector<Step> officer_script(std::uint64_t seed, const DevicePlan& device,
                                 const std::vector<const engine::StationRecord*>& records,
                                 const Behaviour& behaviour);

// A stable 64-bit hash (FNV-1a) for seeding per-device generators.
std::uint64_t stable_hash(std::uint64_t seed, std::string_view text);

}  // namespace tally::demo

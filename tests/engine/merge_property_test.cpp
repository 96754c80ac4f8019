// Randomized property test of the merge (docs/sync-model.md).
//
// Each schedule: several devices edit two forms concurrently, each edit's context being
// the device's own replica's version vector of that form (or, at random, of its whole
// replica: Replica::version_vector), with random partial syncs in
// between; the ops then reach three server replicas in random orders with duplicates
// (late delivery = an op arriving after ops that saw it), a supervisor adjudicates one
// conflicting field, and the devices finally receive everything. Asserted:
//   1. every replica (servers and devices) ends byte-for-byte equal (encode_form_state);
//   2. no value is lost unless an op's context covered it: the live siblings of each
//      field are exactly the reference model's (ops on the field minus those covered by
//      another op's context on that field), with their values;
//   3. the adjudication clears the conflict on every replica.
// TALLY_PROPERTY_SCHEDULES sets the number of schedules (default 100,000) and
// TALLY_PROPERTY_SEED the first seed (schedule i uses seed + i); a failure prints the
// schedule's seed and ops.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "seeded_rng.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/record_hash.hpp"
#include "tally/engine/replica.hpp"

namespace tally::engine {
namespace {

constexpr std::uint64_t kDefaultSchedules = 100'000;
constexpr std::uint64_t kDefaultSeed = 20'210'523;
constexpr std::size_t kServerReplicas = 3;
constexpr std::uint64_t kWallMs = 1'621'771'200'000;

const std::array<FormId, 2> kForms{FormId{"TN-0001", "NA-01"}, FormId{"TN-0001", "PROV-01"}};
const std::array<std::string, 4> kFields{"valid", "invalid", "votes.C01", "notes"};
const std::array<std::string, 4> kDevices{"d0", "d1", "d2", "d3"};

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text == nullptr ? fallback : std::strtoull(text, nullptr, 10);
}

using Rng = testkit::SeededRng;

std::string path_of(const Op& op) {
  return op.kind == OpKind::kSubmit || op.kind == OpKind::kWithdraw ? std::string(kSubmissionPath)
                                                                     : op.field;
}

// The value the register holds for a live op.
OpValue live_value(const Op& op) {
  if (op.kind == OpKind::kSubmit) return to_hex(op.submission.values_hash);
  if (op.kind == OpKind::kWithdraw) return Cleared{};
  return op.value;
}

std::string describe(const std::vector<Op>& ops) {
  std::ostringstream out;
  for (const Op& op : ops) {
    out << "\n  " << op.dot.device << ":" << op.dot.counter << " " << op.form.to_string() << " "
        << path_of(op) << " kind=" << static_cast<int>(op.kind) << " value#" << op.value.index()
        << " context={";
    for (const auto& [device, dots] : op.context.devices()) {
      out << device << ":" << dots.prefix << "+" << dots.exceptions.size() << " ";
    }
    out << "}";
  }
  return out.str();
}

// The reference model: per (form, path), the ops not covered by another op's context on
// the same (form, path), as (dot → value), ordered by dot.
using Expected = std::map<std::pair<FormId, std::string>, std::map<Dot, OpValue>>;

Expected reference_model(const std::vector<Op>& ops) {
  Expected expected;
  for (const Op& op : ops) {
    const auto key = std::make_pair(op.form, path_of(op));
    bool covered = false;
    for (const Op& other : ops) {
      if (&other != &op && other.form == op.form && path_of(other) == key.second &&
          other.context.contains(op.dot)) {
        covered = true;
        break;
      }
    }
    auto& live = expected[key];
    if (!covered) live.emplace(op.dot, live_value(op));
  }
  return expected;
}

// Devices edit concurrently; returns every op made, in creation order.
std::vector<Op> make_edits(Rng& rng, std::vector<Replica>& devices) {
  std::vector<Op> ops;
  std::vector<std::uint64_t> counters(devices.size(), 0);
  const std::size_t edits = 4 + rng.below(9);
  for (std::size_t e = 0; e < edits; ++e) {
    const std::size_t d = rng.below(devices.size());
    Replica& device = devices[d];
    if (rng.chance(50)) {  // a partial sync: some ops made so far reach this device
      for (const Op& op : ops) {
        if (rng.chance(60)) {
          EXPECT_TRUE(device.apply(op).ok());
        }
      }
    }
    Op op;
    op.dot = Dot{kDevices[d], ++counters[d]};
    op.hlc = Hlc{kWallMs + e, 0};
    op.form = kForms[rng.below(kForms.size())];
    const FormState* known = device.state(op.form);
    // Either context a device may send: the form's version vector or its whole replica's.
    if (rng.chance(50)) {
      op.context = device.version_vector();
    } else if (known != nullptr) {
      op.context = known->version_vector();
    }
    const std::size_t what = rng.below(10);
    if (what == 0) {
      op.kind = OpKind::kSubmit;
      StationRecord record = known != nullptr ? known->record() : StationRecord{op.form, {}, {}};
      op.submission.values_hash = record_values_hash(record);
    } else if (what == 1) {
      op.kind = OpKind::kWithdraw;
    } else {
      op.kind = OpKind::kSet;
      op.field = kFields[rng.below(kFields.size())];
      if (rng.chance(8)) {
        op.value = Cleared{};
      } else if (op.field == "notes") {
        op.value = std::string(rng.chance(50) ? "mất điện" : "ok");
      } else {
        op.value = static_cast<Count>(rng.below(3));  // small range: equal values are common
      }
    }
    EXPECT_TRUE(device.apply(op).ok());
    ops.push_back(std::move(op));
  }
  return ops;
}

// A supervisor's adjudication of the first conflicting field of the reference model,
// covering exactly its siblings; nothing if no field is in conflict.
std::vector<Op> adjudicate_first_conflict(const Expected& expected) {
  for (const auto& [key, live] : expected) {
    if (key.second == kSubmissionPath || live.size() < 2) continue;
    const auto& first_value = live.begin()->second;
    const bool conflict = std::any_of(live.begin(), live.end(), [&](const auto& sibling) {
      return !(sibling.second == first_value);
    });
    if (!conflict) continue;
    Op op;
    op.dot = Dot{"sup", 1};
    op.kind = OpKind::kAdjudicate;
    op.form = key.first;
    op.field = key.second;
    op.value = live.rbegin()->second;
    for (const auto& sibling : live) op.context.add(sibling.first);
    return {op};
  }
  return {};
}

// Delivers `ops` to `replica` in a random order, with random duplicates.
std::string deliver(Rng& rng, Replica& replica, const std::vector<Op>& ops) {
  std::vector<const Op*> order;
  for (const Op& op : ops) order.push_back(&op);
  const std::size_t duplicates = rng.below(4);
  for (std::size_t i = 0; i < duplicates; ++i) order.push_back(&ops[rng.below(ops.size())]);
  rng.shuffle(order);
  for (const Op* op : order) {
    auto result = replica.apply(*op);
    if (!result.ok()) return result.error().to_string();
  }
  return {};
}

// Checks one schedule; returns a description of the first violated property, or "".
std::string run_schedule(std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Replica> devices(2 + rng.below(3));
  std::vector<Op> ops = make_edits(rng, devices);
  const std::vector<Op> adjudication = adjudicate_first_conflict(reference_model(ops));
  ops.insert(ops.end(), adjudication.begin(), adjudication.end());
  const Expected expected = reference_model(ops);

  std::vector<Replica> replicas(kServerReplicas);
  for (Replica& replica : replicas) {
    if (std::string error = deliver(rng, replica, ops); !error.empty()) return error;
  }
  for (Replica& device : devices) {
    if (std::string error = deliver(rng, device, ops); !error.empty()) return error;
    replicas.push_back(std::move(device));
  }

  for (const FormId& form : kForms) {
    const FormState* first = replicas.front().state(form);
    const std::string bytes = first == nullptr ? std::string() : encode_form_state(*first);
    for (const Replica& replica : replicas) {
      const FormState* state = replica.state(form);
      if ((state == nullptr ? std::string() : encode_form_state(*state)) != bytes) {
        return "replicas differ on form " + form.to_string();
      }
    }
  }
  for (const auto& [key, live] : expected) {
    const Register* reg = replicas.front().state(key.first)->find(key.second);
    std::map<Dot, OpValue> actual;
    if (reg != nullptr) {
      for (const Sibling& sibling : reg->siblings) actual.emplace(sibling.dot, sibling.value);
    }
    if (actual != live) {
      return "siblings of " + key.first.to_string() + " " + key.second +
             " differ from the reference model (" + std::to_string(actual.size()) + " live, " +
             std::to_string(live.size()) + " expected)";
    }
  }
  for (const Op& op : adjudication) {
    for (const Replica& replica : replicas) {
      const Register* reg = replica.state(op.form)->find(op.field);
      if (reg == nullptr || reg->in_conflict() || reg->siblings.size() != 1 ||
          reg->siblings.front().dot != op.dot) {
        return "adjudication of " + op.field + " did not resolve the conflict";
      }
    }
  }
  return {};
}

TEST(MergePropertyTest, ReplicasConvergeLoseNoUncoveredValueAndAdjudicationResolves) {
  const std::uint64_t schedules = env_or("TALLY_PROPERTY_SCHEDULES", kDefaultSchedules);
  const std::uint64_t first_seed = env_or("TALLY_PROPERTY_SEED", kDefaultSeed);
  std::cout << "[ property ] " << schedules << " schedules from seed " << first_seed << "\n";
  for (std::uint64_t i = 0; i < schedules; ++i) {
    const std::uint64_t seed = first_seed + i;
    const std::string failure = run_schedule(seed);
    if (!failure.empty()) {
      Rng replay(seed);
      std::vector<Replica> devices(2 + replay.below(3));
      FAIL() << "schedule seed " << seed << " (rerun: TALLY_PROPERTY_SEED=" << seed
             << " TALLY_PROPERTY_SCHEDULES=1): " << failure << "\nops:"
             << describe(make_edits(replay, devices));
    }
  }
}

}  // namespace
}  // namespace tally::engine

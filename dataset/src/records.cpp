#include "records.hpp"

#include <algorithm>
#include <numeric>

namespace tally::engine::dataset {

namespace {

// Invalid ballots per level, basis points of the ballots cast: long commune ballots are
// spoiled a little more often.
struct Range {
  std::int64_t low;
  std::int64_t high;
};
constexpr std::array<Range, kLevels> kInvalid = {{{20, 140}, {20, 170}, {20, 200}, {30, 260}}};
// How far a station's share of a candidate strays from the unit's plan, in basis points.
constexpr std::int64_t kStationJitter = 250;
// Records with complaints, per mille; a quarter of those forward one to the board.
constexpr int kComplaintPerMille = 12;
constexpr int kForwardedPerMille = 250;

VoteMap count_votes(Random& random, const Unit& unit, const UnitPlan& plan, Count valid) {
  std::vector<Count> votes(unit.candidates.size());
  for (std::size_t c = 0; c < votes.size(); ++c) {
    std::int64_t share = plan.share[c];
    if (unit.stations.size() > 1) share += random.uniform(-kStationJitter, kStationJitter);
    votes[c] = valid * std::clamp<std::int64_t>(share, 100, 9'900) / 10'000;
  }
  // A valid ballot keeps at most `seats` names.
  while (std::accumulate(votes.begin(), votes.end(), Count{0}) > valid * unit.seats) {
    --*std::max_element(votes.begin(), votes.end());
  }
  VoteMap map;
  for (std::size_t c = 0; c < votes.size(); ++c) map[unit.candidates[c].id] = votes[c];
  return map;
}

StationRecord count_record(Random& random, const Station& station, std::size_t level,
                           const Unit& unit, const UnitPlan& plan) {
  bool national = level == kNa;
  Count registered = national ? station.na_registered() : station.registered;
  Count voted = station.registered - station.absent + (national ? station.na_moved_in : 0);
  Count invalid = voted * random.uniform(kInvalid[level].low, kInvalid[level].high) / 10'000;
  Count valid = voted - invalid;
  Count complaints = random.chance(kComplaintPerMille) ? random.uniform(1, 2) : 0;
  Count forwarded = complaints > 0 && random.chance(kForwardedPerMille) ? 1 : 0;

  StationRecord record;
  record.form = FormId{station.id, unit.id};
  record.schema_id = kFormSchema;
  record.values = {
      {fields::kRegistered, registered},
      {fields::kVoted, voted},
      {fields::kIssued, voted},
      {fields::kReceived, voted},
      {fields::kValid, valid},
      {fields::kInvalid, invalid},
      {fields::kVotes, count_votes(random, unit, plan, valid)},
      {fields::kComplaintsReceived, complaints},
      {fields::kComplaintsResolved, complaints - forwarded},
      {fields::kComplaintsForwarded, forwarded},
  };
  return record;
}

VoteMap& votes_of(StationRecord& record) {
  return std::get<VoteMap>(record.values.at(fields::kVotes));
}

// No two candidates of a unit end with equal totals, except a planned tie: one vote at a
// time comes off the later-listed candidate of an equal pair (never off the planned pair).
void separate_equal_totals(std::vector<StationRecord>& records, std::size_t level, const Unit& unit,
                           const UnitPlan& plan) {
  std::vector<StationRecord*> unit_records;
  for (std::size_t s : unit.stations) unit_records.push_back(&records[s * kLevels + level]);
  auto total = [&](std::size_t c) {
    Count sum = 0;
    for (StationRecord* record : unit_records) sum += votes_of(*record).at(unit.candidates[c].id);
    return sum;
  };
  auto planned = [&](std::size_t c) {
    return plan.tie && (c == plan.tie->younger || c == plan.tie->older);
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < unit.candidates.size() && !changed; ++i) {
      for (std::size_t j = i + 1; j < unit.candidates.size() && !changed; ++j) {
        if (total(i) != total(j) || (planned(i) && planned(j))) continue;
        const std::string& id = unit.candidates[planned(j) ? i : j].id;
        for (StationRecord* record : unit_records) {
          Count& votes = votes_of(*record).at(id);
          if (votes > 0) {
            --votes;
            changed = true;
            break;
          }
        }
      }
    }
  }
}

}  // namespace

std::vector<StationRecord> count_records(Random& random, const Geography& geography,
                                         const Plans& plans) {
  std::vector<StationRecord> records;
  records.reserve(geography.stations.size() * kLevels);
  for (const Station& station : geography.stations) {
    for (std::size_t level = 0; level < kLevels; ++level) {
      std::size_t u = station.units[level];
      records.push_back(
          count_record(random, station, level, geography.units[level][u], plans[level][u]));
    }
  }
  for (std::size_t level = 0; level < kLevels; ++level) {
    for (std::size_t u = 0; u < geography.units[level].size(); ++u) {
      separate_equal_totals(records, level, geography.units[level][u], plans[level][u]);
    }
  }
  return records;
}

}  // namespace tally::engine::dataset

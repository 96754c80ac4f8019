// Fuzz target: the election definition loader (definition_loader.hpp), and the tally an
// accepted definition drives.
// Properties: nothing crashes, throws or overflows; a refusal is a kDefinition error; an
// accepted definition keeps the promises of definition.hpp (unique ids, one contest per
// level per station in level order, seats and candidates within Art. 57/58, every unit,
// candidate, station and contest found by its lookups); and with one record per form, tallying from
// scratch equals the incremental tally, also after a record is withdrawn and put back.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "tally/engine/definition_loader.hpp"
#include "tally/engine/tally.hpp"

namespace {

using namespace tally;
using namespace tally::engine;

void require_definition_invariants(const ElectionDefinition& definition) {
  std::set<std::string> ids;
  for (const Level& level : definition.levels()) {
    fuzz::require(ids.insert("level " + level.id).second, "level ids are unique");
  }
  for (std::size_t u = 0; u < definition.units().size(); ++u) {
    const ElectoralUnit& unit = definition.units()[u];
    fuzz::require(ids.insert("unit " + unit.id).second, "unit ids are unique");
    fuzz::require(definition.unit(unit.id) == &unit, "unit() finds the unit");
    LevelKind kind = definition.kind_of_unit(u);
    fuzz::require(unit.seats >= 1 && unit.seats <= max_seats(kind), "seats within the law");
    fuzz::require(static_cast<int>(unit.candidates.size()) >= min_candidates(kind, unit.seats),
                  "enough candidates");
    for (std::size_t c = 0; c < unit.candidates.size(); ++c) {
      std::optional<CandidatePlace> place = definition.candidate(unit.candidates[c].id);
      fuzz::require(place && place->unit_index == u && place->candidate_index == c,
                    "candidate() finds every candidate where it stands");
    }
  }
  for (std::size_t s = 0; s < definition.stations().size(); ++s) {
    const PollingStation& station = definition.stations()[s];
    fuzz::require(ids.insert("station " + station.id).second, "station ids are unique");
    fuzz::require(definition.station(station.id) == &station, "station() finds the station");
    fuzz::require(station.contests.size() == definition.levels().size(), "one contest per level");
    for (std::size_t l = 0; l < station.contests.size(); ++l) {
      const StationContest& contest = station.contests[l];
      fuzz::require(contest.level_id == definition.levels()[l].id, "contests in level order");
      fuzz::require(definition.contest(station, l) == &contest, "contest() finds the contest");
      std::optional<std::size_t> u = definition.unit_index(contest.unit_id);
      fuzz::require(u && definition.units()[*u].level_id == contest.level_id,
                    "a contest's unit is of its level");
      fuzz::require(definition.station_slot(*u, s).has_value(), "the unit lists the station");
    }
  }
}

// One plausible record per form: everyone voted validly, candidate i got registered - i.
std::vector<StationRecord> records_of(const ElectionDefinition& definition) {
  std::vector<StationRecord> records;
  for (const PollingStation& station : definition.stations()) {
    for (const StationContest& contest : station.contests) {
      VoteMap votes;
      Count next = contest.registered;
      for (const Candidate& candidate : definition.unit(contest.unit_id)->candidates) {
        votes[candidate.id] = next;
        next = next > 0 ? next - 1 : 0;
      }
      records.push_back(StationRecord{FormId{station.id, contest.unit_id},
                                      definition.form_schema_id(),
                                      {{"registered", contest.registered},
                                       {"voted", contest.registered},
                                       {"valid", contest.registered},
                                       {"invalid", Count{0}},
                                       {"votes", std::move(votes)}}});
    }
  }
  return records;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Result<ElectionDefinition> definition = load_election_definition(fuzz::as_bytes(data, size));
  if (!definition.ok()) {
    fuzz::require_refusal(definition.error(), ErrorDomain::kDefinition,
                          "the loader refuses in kDefinition");
    return 0;
  }
  require_definition_invariants(*definition);

  std::vector<StationRecord> records = records_of(*definition);
  Result<TallyReport> from_scratch = tally_all(*definition, records);
  fuzz::require(from_scratch.ok(), "a record per form tallies");
  Tally incremental(*definition);
  for (const StationRecord& record : records) {
    fuzz::require(incremental.put(record).ok(), "the incremental tally takes every record");
  }
  fuzz::require(incremental.report() == *from_scratch, "incremental tally == tally_all");
  if (!records.empty()) {
    fuzz::require(incremental.withdraw(records.front().form).ok(), "a record can be withdrawn");
    fuzz::require(incremental.put(records.front()).ok(), "a withdrawn record can come back");
    fuzz::require(incremental.report() == *from_scratch, "withdraw + put restores the tally");
  }
  return 0;
}

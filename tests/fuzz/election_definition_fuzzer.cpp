// Fuzz target: the election definition loader (definition_loader.hpp), and the tally an
// accepted definition drives.
// Properties: nothing crashes, throws or overflows; a refusal is a kDefinition error; an
// accepted definition keeps the promises of definition.hpp (unique ids, one contest per
// level per station in level order, seats and candidates within Art. 57/58, every form
// found by its lookups); and with one record per form, tallying from scratch equals the
// incremental tally, also after a record is withdrawn and put back.
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
  for (const ElectoralUnit& unit : definition.units()) {
    fuzz::require(ids.insert("unit " + unit.id).second, "unit ids are unique");
    LevelKind kind = definition.level_of(unit).kind;
    fuzz::require(unit.seats >= 1 && unit.seats <= maximum_seats(kind), "seats within the law");
    fuzz::require(static_cast<int>(unit.candidates.size()) >= minimum_candidates(kind, unit.seats),
                  "enough candidates");
    std::set<std::string> candidates;
    for (const Candidate& candidate : unit.candidates) {
      fuzz::require(candidates.insert(candidate.id).second, "candidate ids unique in a unit");
    }
  }
  for (const PollingStation& station : definition.stations()) {
    fuzz::require(ids.insert("station " + station.id).second, "station ids are unique");
    fuzz::require(definition.find_station(station.id) == &station, "find_station finds it");
    fuzz::require(station.contests.size() == definition.levels().size(),
                  "one contest per level");
    for (std::size_t i = 0; i < station.contests.size(); ++i) {
      const StationContest& contest = station.contests[i];
      fuzz::require(contest.level_id == definition.levels()[i].id, "contests in level order");
      const ElectoralUnit* unit = definition.find_unit(contest.unit_id);
      fuzz::require(unit != nullptr && unit->level_id == contest.level_id,
                    "a contest's unit is of its level");
      fuzz::require(definition.find_contest(FormId{station.id, contest.unit_id}) == &contest,
                    "find_contest finds the contest");
    }
  }
}

// One plausible record per form: everyone voted validly, candidate i got registered - i.
std::vector<StationRecord> records_of(const ElectionDefinition& definition) {
  std::vector<StationRecord> records;
  for (const FormId& form : definition.all_forms()) {
    const StationContest* contest = definition.find_contest(form);
    fuzz::require(contest != nullptr, "every form of all_forms() has a contest");
    Count registered = contest->registered;
    VoteMap votes;
    Count next = registered;
    for (const Candidate& candidate : definition.find_unit(form.unit_id)->candidates) {
      votes[candidate.id] = next;
      next = next > 0 ? next - 1 : 0;
    }
    records.push_back(StationRecord{form,
                                    definition.form_schema_id(),
                                    {{"registered", registered},
                                     {"voted", registered},
                                     {"valid", registered},
                                     {"invalid", Count{0}},
                                     {"votes", std::move(votes)}}});
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
  Result<ElectionTally> from_scratch = tally_all(*definition, records);
  fuzz::require(from_scratch.ok(), "a record per form tallies");
  Tally incremental(*definition);
  for (const StationRecord& record : records) {
    fuzz::require(incremental.put(record).ok(), "the incremental tally takes every record");
  }
  fuzz::require(incremental.snapshot() == *from_scratch, "incremental tally == tally_all");
  if (!records.empty()) {
    incremental.withdraw(records.front().form);
    fuzz::require(incremental.put(records.front()).ok(), "a withdrawn record can come back");
    fuzz::require(incremental.snapshot() == *from_scratch, "withdraw + put restores the tally");
  }
  return 0;
}

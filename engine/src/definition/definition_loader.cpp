// Loading an election definition from JSON (Boost.JSON): every member is read strictly
// and every rule of the law on units and stations is checked, each error naming its JSON
// path and the item's id. Internally a JsonError is thrown and caught at the boundary.
#include "tally/engine/definition_loader.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <exception>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/json_reader.hpp"
#include "tally/engine/wire_limits.hpp"
#include "tally/tally_sums.hpp"

namespace tally::engine {
namespace {

namespace json = boost::json;

const JsonReader kReader{ErrorCode::kDefinitionParse, ErrorCode::kDefinitionInvalid};

using Path = std::string;

Path member_path(const Path& parent, std::string_view key) {
  return JsonReader::member_path(parent, key);
}

Path index_path(const Path& parent, std::size_t index) {
  return JsonReader::index_path(parent, index);
}

// Ids are [A-Za-z0-9._-]+: they build form ids ("<station>/<unit>") and field paths
// ("votes.<candidate>") and must survive both.
bool is_id(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// An id of at most `max_bytes` (wire_limits.hpp): the ops and messages it goes into must
// decode on the other side.
std::string id_member(const json::object& object, const Path& path, std::size_t max_bytes) {
  std::string id = kReader.string_member(object, path, "id");
  if (!is_id(id)) {
    kReader.fail(member_path(path, "id"), "'" + id + "' is not an id of [A-Za-z0-9._-]");
  }
  if (id.size() > max_bytes) {
    kReader.fail(member_path(path, "id"), "'" + id + "' is " + std::to_string(id.size()) +
                                              " bytes, longer than the wire's limit of " +
                                              std::to_string(max_bytes));
  }
  return id;
}

Date date_member(const json::object& object, const Path& path, std::string_view key) {
  std::string text = kReader.string_member(object, path, key);
  auto date = parse_date(text);
  if (!date) {
    kReader.fail(member_path(path, key),
                 "'" + text + "' is not a calendar date written YYYY-MM-DD");
  }
  return *date;
}

// Records `id` as seen at `path`, failing with kDuplicateId if it was seen before.
void claim_id(std::map<std::string, Path, std::less<>>& seen, const std::string& id,
              const Path& path, std::string_view what) {
  auto [it, inserted] = seen.emplace(id, path);
  if (!inserted) {
    JsonReader::fail(ErrorCode::kDuplicateId, path,
                     std::string(what) + " id " + id + " is already used at " + it->second);
  }
}

class DefinitionLoader {
 public:
  ElectionDefinition load(std::string_view text) {
    json::value document = kReader.parse(text);
    const json::object& root = kReader.as_object(document, "");
    kReader.only_members(
        root, "",
        {"format", "id", "name", "election_date", "form_schema", "levels", "units", "stations"});
    std::string format = kReader.string_member(root, "", "format");
    if (format != kElectionDefinitionFormat) {
      kReader.fail("format", "unknown format '" + format + "', expected '" +
                                 std::string(kElectionDefinitionFormat) + "'");
    }
    std::string id = id_member(root, "", kMaxElectionIdBytes);
    std::string name = kReader.string_member(root, "", "name");
    Date election_date = date_member(root, "", "election_date");
    std::string form_schema = kReader.string_member(root, "", "form_schema");
    auto slash = form_schema.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == form_schema.size()) {
      kReader.fail("form_schema", "'" + form_schema + "' is not a schema id <name>/<version>");
    }
    load_levels(kReader.array_member(root, "", "levels"));
    load_units(kReader.array_member(root, "", "units"));
    load_stations(kReader.array_member(root, "", "stations"));
    check_every_unit_has_a_station();
    return ElectionDefinition(std::move(id), std::move(name), election_date, std::move(form_schema),
                              std::move(levels_), std::move(units_), std::move(stations_));
  }

 private:
  void load_levels(const json::array& levels) {
    if (levels.size() < 3 || levels.size() > 4) {
      kReader.fail("levels",
                   "an election has 3 or 4 levels, found " + std::to_string(levels.size()));
    }
    for (std::size_t i = 0; i < levels.size(); ++i) {
      Path path = index_path("levels", i);
      const json::object& object = kReader.as_object(levels[i], path);
      kReader.only_members(object, path, {"id", "name", "kind"});
      Level level;
      level.id = id_member(object, path, kMaxLevelIdBytes);
      claim_id(level_paths_, level.id, member_path(path, "id"), "level");
      level.name = kReader.string_member(object, path, "name");
      std::string kind = kReader.string_member(object, path, "kind");
      if (kind == "national_assembly") {
        level.kind = LevelKind::kNationalAssembly;
      } else if (kind == "peoples_council") {
        level.kind = LevelKind::kPeoplesCouncil;
      } else {
        kReader.fail(member_path(path, "kind"), "unknown kind '" + kind +
                                                    "', expected 'national_assembly' or "
                                                    "'peoples_council'");
      }
      levels_.push_back(std::move(level));
    }
  }

  void load_units(const json::array& units) {
    for (std::size_t i = 0; i < units.size(); ++i) {
      Path path = index_path("units", i);
      const json::object& object = kReader.as_object(units[i], path);
      kReader.only_members(object, path, {"id", "level", "name", "seats", "candidates", "round"});
      ElectoralUnit unit;
      unit.id = id_member(object, path, kMaxUnitIdBytes);
      claim_id(unit_paths_, unit.id, member_path(path, "id"), "unit");
      unit.level_id = kReader.string_member(object, path, "level");
      const Level* level = find_level(unit.level_id);
      if (level == nullptr) {
        JsonReader::fail(ErrorCode::kUnknownId, member_path(path, "level"),
                         "unit " + unit.id + " names unknown level '" + unit.level_id + "'");
      }
      unit.name = kReader.string_member(object, path, "name");
      std::int64_t seats = kReader.integer_member(object, path, "seats");
      if (seats < 1 || seats > max_seats(level->kind)) {
        JsonReader::fail(ErrorCode::kSeatsOutOfRange, member_path(path, "seats"),
                         "unit " + unit.id + " has " + std::to_string(seats) + " seats; a " +
                             std::string(kind_name(level->kind)) + " unit has 1 to " +
                             std::to_string(max_seats(level->kind)));
      }
      unit.seats = static_cast<int>(seats);
      if (object.contains("round")) {
        unit.round_of = load_round_of(object, path, unit);
        unit.candidates = load_second_round_candidates(object, path, unit);
      } else {
        unit.candidates = load_candidates(object, path);
        check_candidate_count(unit, *level, path);
      }
      unit_positions_.emplace(unit.id, units_.size());
      units_.push_back(std::move(unit));
    }
  }

  void check_candidate_count(const ElectoralUnit& unit, const Level& level, const Path& path) {
    int needed = min_candidates(level.kind, unit.seats);
    if (unit.candidates.size() < static_cast<std::size_t>(needed)) {
      JsonReader::fail(ErrorCode::kTooFewCandidates, member_path(path, "candidates"),
                       "unit " + unit.id + " has " + std::to_string(unit.seats) + " seats and " +
                           std::to_string(unit.candidates.size()) + " candidates; a " +
                           std::string(kind_name(level.kind)) + " unit with " +
                           std::to_string(unit.seats) + " seats needs at least " +
                           std::to_string(needed) + " (" +
                           std::string(candidates_article(level.kind)) + ")");
    }
  }

  // "round": {"of": <first-round unit>, "kind": "supplementary" | "revote"}. The first-round
  // unit comes earlier in the file, in the same level, and votes again at most once; a
  // re-vote fills all its seats (Art. 80), a supplementary election at most those.
  SecondRoundOf load_round_of(const json::object& unit_object, const Path& unit_path,
                              const ElectoralUnit& unit) {
    Path path = member_path(unit_path, "round");
    const json::object& object =
        kReader.as_object(kReader.member(unit_object, unit_path, "round"), path);
    kReader.only_members(object, path, {"of", "kind"});
    SecondRoundOf round;
    round.unit_id = kReader.string_member(object, path, "of");
    std::string kind = kReader.string_member(object, path, "kind");
    if (kind == round_kind_name(RoundKind::kSupplementary)) {
      round.kind = RoundKind::kSupplementary;
    } else if (kind == round_kind_name(RoundKind::kRevote)) {
      round.kind = RoundKind::kRevote;
    } else {
      kReader.fail(member_path(path, "kind"),
                   "unknown kind '" + kind + "', expected 'supplementary' or 'revote'");
    }
    auto first = unit_positions_.find(round.unit_id);
    if (first == unit_positions_.end()) {
      JsonReader::fail(ErrorCode::kUnknownId, member_path(path, "of"),
                       "unit " + unit.id + " is a second round of '" + round.unit_id +
                           "', which is not a unit listed before it");
    }
    const ElectoralUnit& first_unit = units_[first->second];
    auto round_fail = [&](const std::string& member, const std::string& what) {
      JsonReader::fail(ErrorCode::kRoundInvalid, member_path(unit_path, member),
                       "unit " + unit.id + " (" + kind + " of " + first_unit.id + ") " + what);
    };
    if (first_unit.round_of)
      round_fail("round", "completes a second-round unit: there is no third round");
    if (first_unit.level_id != unit.level_id) {
      round_fail("level",
                 "is in level " + unit.level_id + ", its first round in " + first_unit.level_id);
    }
    if (!second_round_of_.emplace(first_unit.id, unit.id).second) {
      round_fail("round", "votes again after " + second_round_of_[first_unit.id] +
                              " already does (Art. 79, 80: one further round at most)");
    }
    if (round.kind == RoundKind::kRevote && unit.seats != first_unit.seats) {
      round_fail("seats", "has " + std::to_string(unit.seats) + " seats; a re-vote fills all " +
                              std::to_string(first_unit.seats) + " (Art. 80)");
    }
    if (round.kind == RoundKind::kSupplementary && unit.seats > first_unit.seats) {
      round_fail("seats", "has " + std::to_string(unit.seats) + " seats; a supplementary " +
                              "election fills at most the unit's " +
                              std::to_string(first_unit.seats) + " (Art. 79)");
    }
    return round;
  }

  // A second round's candidates stand in its first round under the same ids, names and
  // birth dates; a re-vote lists them all (Art. 80), a supplementary election at least one.
  std::vector<Candidate> load_second_round_candidates(const json::object& unit_object,
                                                      const Path& unit_path,
                                                      const ElectoralUnit& unit) {
    const ElectoralUnit& first_unit = units_[unit_positions_.at(unit.round_of->unit_id)];
    Path list_path = member_path(unit_path, "candidates");
    const json::array& list = kReader.array_member(unit_object, unit_path, "candidates");
    std::map<std::string, Path, std::less<>> seen;
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Path path = index_path(list_path, i);
      Candidate candidate = read_candidate(list[i], path);
      claim_id(seen, candidate.id, member_path(path, "id"), "candidate");
      auto in_first = std::find_if(first_unit.candidates.begin(), first_unit.candidates.end(),
                                   [&](const Candidate& c) { return c.id == candidate.id; });
      if (in_first == first_unit.candidates.end()) {
        JsonReader::fail(ErrorCode::kRoundInvalid, member_path(path, "id"),
                         "candidate " + candidate.id + " of unit " + unit.id +
                             " did not stand in its first round, unit " + first_unit.id);
      }
      if (in_first->name != candidate.name || in_first->birth_date != candidate.birth_date) {
        JsonReader::fail(ErrorCode::kRoundInvalid, path,
                         "candidate " + candidate.id + " of unit " + unit.id +
                             " differs in name or birth date from the same candidate in " +
                             first_unit.id);
      }
      candidates.push_back(std::move(candidate));
    }
    bool revote = unit.round_of->kind == RoundKind::kRevote;
    if (revote ? candidates.size() != first_unit.candidates.size() : candidates.empty()) {
      JsonReader::fail(
          ErrorCode::kRoundInvalid, list_path,
          "unit " + unit.id + " lists " + std::to_string(candidates.size()) + " candidates; " +
              (revote ? "a re-vote has all " + std::to_string(first_unit.candidates.size()) +
                            " of " + first_unit.id + " (Art. 80)"
                      : std::string("a supplementary election has at least one")));
    }
    return candidates;
  }

  Candidate read_candidate(const json::value& value, const Path& path) {
    const json::object& object = kReader.as_object(value, path);
    kReader.only_members(object, path, {"id", "name", "birth_date"});
    Candidate candidate;
    candidate.id = id_member(object, path, kMaxCandidateIdBytes);
    candidate.name = kReader.string_member(object, path, "name");
    candidate.birth_date = date_member(object, path, "birth_date");
    return candidate;
  }

  std::vector<Candidate> load_candidates(const json::object& unit, const Path& unit_path) {
    Path list_path = member_path(unit_path, "candidates");
    const json::array& list = kReader.array_member(unit, unit_path, "candidates");
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Path path = index_path(list_path, i);
      Candidate candidate = read_candidate(list[i], path);
      claim_id(candidate_paths_, candidate.id, member_path(path, "id"), "candidate");
      candidates.push_back(std::move(candidate));
    }
    return candidates;
  }

  void load_stations(const json::array& stations) {
    unit_station_count_.assign(units_.size(), 0);
    for (std::size_t i = 0; i < stations.size(); ++i) {
      Path path = index_path("stations", i);
      const json::object& object = kReader.as_object(stations[i], path);
      kReader.only_members(object, path, {"id", "name", "contests"});
      PollingStation station;
      station.id = id_member(object, path, kMaxStationIdBytes);
      claim_id(station_paths_, station.id, member_path(path, "id"), "station");
      station.name = kReader.string_member(object, path, "name");
      station.contests = load_contests(object, path, station.id);
      stations_.push_back(std::move(station));
    }
  }

  // Exactly one contest per level, in level order, each in a unit of its level; then one
  // for each second-round unit of those units the station votes in.
  std::vector<StationContest> load_contests(const json::object& station, const Path& station_path,
                                            const std::string& station_id) {
    Path list_path = member_path(station_path, "contests");
    const json::array& list = kReader.array_member(station, station_path, "contests");
    std::vector<StationContest> contests;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Path path = index_path(list_path, i);
      const json::object& object = kReader.as_object(list[i], path);
      kReader.only_members(object, path, {"level", "unit", "registered"});
      StationContest contest;
      contest.level_id = kReader.string_member(object, path, "level");
      if (find_level(contest.level_id) == nullptr) {
        JsonReader::fail(
            ErrorCode::kUnknownId, member_path(path, "level"),
            "station " + station_id + " names unknown level '" + contest.level_id + "'");
      }
      contest.unit_id = kReader.string_member(object, path, "unit");
      auto unit = unit_positions_.find(contest.unit_id);
      if (unit == unit_positions_.end()) {
        JsonReader::fail(ErrorCode::kUnknownId, member_path(path, "unit"),
                         "station " + station_id + " names unknown unit '" + contest.unit_id + "'");
      }
      std::size_t unit_index = unit->second;
      const ElectoralUnit& contest_unit = units_[unit_index];
      if (i < levels_.size() && (contest.level_id != levels_[i].id || contest_unit.round_of)) {
        JsonReader::fail(ErrorCode::kStationUnitMismatch, member_path(path, "level"),
                         "station " + station_id + " lists " +
                             (contest_unit.round_of ? "second-round unit " + contest.unit_id
                                                    : "level " + contest.level_id) +
                             " where level " + levels_[i].id +
                             " is due: a station has exactly one contest per level, in level "
                             "order, before any second round");
      }
      if (contest_unit.level_id != contest.level_id) {
        JsonReader::fail(ErrorCode::kStationUnitMismatch, member_path(path, "unit"),
                         "station " + station_id + " votes in unit " + contest.unit_id +
                             " for level " + contest.level_id +
                             ", but that unit belongs to level " + contest_unit.level_id);
      }
      if (i >= levels_.size()) check_second_round_contest(contests, contest_unit, path, station_id);
      unit_station_count_[unit_index] += 1;
      std::int64_t registered = kReader.integer_member(object, path, "registered");
      if (registered < 0) {
        kReader.fail(member_path(path, "registered"),
                     "station " + station_id + " has " + std::to_string(registered) +
                         " registered voters; a voter list cannot be negative");
      }
      if (registered > kMaxTallyCount) {
        kReader.fail(member_path(path, "registered"),
                     "station " + station_id + " has " + std::to_string(registered) +
                         " registered voters, more than the tally can count (" +
                         std::to_string(kMaxTallyCount) + ")");
      }
      contest.registered = registered;
      contests.push_back(std::move(contest));
    }
    if (contests.size() < levels_.size()) {
      JsonReader::fail(ErrorCode::kStationUnitMismatch, list_path,
                       "station " + station_id + " has no contest for level " +
                           levels_[contests.size()].id +
                           ": a station has exactly one contest per level");
    }
    return contests;
  }

  // A contest after the first round's: in a second-round unit of the station's own
  // first-round unit of that level, once.
  void check_second_round_contest(const std::vector<StationContest>& contests,
                                  const ElectoralUnit& unit, const Path& path,
                                  const std::string& station_id) const {
    auto fail = [&](const std::string& what) {
      JsonReader::fail(ErrorCode::kStationUnitMismatch, member_path(path, "unit"),
                       "station " + station_id + " " + what);
    };
    if (!unit.round_of) {
      fail("lists first-round unit " + unit.id + " after its one contest per level");
    }
    bool votes_in_first_round = false;
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      votes_in_first_round = votes_in_first_round || contests[l].unit_id == unit.round_of->unit_id;
    }
    if (!votes_in_first_round) {
      fail("votes in " + unit.id + ", the second round of " + unit.round_of->unit_id +
           ", a unit the station does not vote in");
    }
    for (std::size_t c = levels_.size(); c < contests.size(); ++c) {
      if (contests[c].unit_id == unit.id) fail("lists unit " + unit.id + " twice");
    }
  }

  void check_every_unit_has_a_station() const {
    for (std::size_t u = 0; u < units_.size(); ++u) {
      if (unit_station_count_[u] == 0) {
        JsonReader::fail(ErrorCode::kStationUnitMismatch, index_path("units", u),
                         "unit " + units_[u].id + " has no polling station");
      }
      if (!units_[u].round_of) continue;
      std::size_t first = unit_positions_.at(units_[u].round_of->unit_id);
      if (unit_station_count_[u] != unit_station_count_[first]) {
        JsonReader::fail(ErrorCode::kStationUnitMismatch, index_path("units", u),
                         "unit " + units_[u].id + " has " + std::to_string(unit_station_count_[u]) +
                             " stations, its first round " + units_[u].round_of->unit_id + " " +
                             std::to_string(unit_station_count_[first]) +
                             ": every station of the unit votes again");
      }
    }
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      if (level_has_unit(levels_[l].id)) continue;
      kReader.fail(index_path("levels", l), "level " + levels_[l].id + " has no electoral unit");
    }
  }

  const Level* find_level(std::string_view id) const {
    for (const Level& level : levels_) {
      if (level.id == id) return &level;
    }
    return nullptr;
  }

  bool level_has_unit(std::string_view level_id) const {
    for (const ElectoralUnit& unit : units_) {
      if (unit.level_id == level_id) return true;
    }
    return false;
  }

  std::vector<Level> levels_;
  std::vector<ElectoralUnit> units_;
  std::vector<PollingStation> stations_;
  std::map<std::string, Path, std::less<>> level_paths_;
  std::map<std::string, Path, std::less<>> unit_paths_;
  std::map<std::string, Path, std::less<>> candidate_paths_;
  std::map<std::string, Path, std::less<>> station_paths_;
  std::map<std::string, std::size_t, std::less<>> unit_positions_;
  std::map<std::string, std::string, std::less<>> second_round_of_;  // first → second round
  std::vector<int> unit_station_count_;
};

}  // namespace

Result<ElectionDefinition> load_election_definition(std::string_view json) {
  try {
    return DefinitionLoader().load(json);
  } catch (const JsonError& error) {
    return make_error(error.code, "election definition: " + error.message);
  } catch (const std::exception& error) {  // e.g. std::bad_alloc from Boost.JSON
    return make_error(ErrorCode::kDefinitionParse,
                      std::string("election definition: ") + error.what());
  }
}

}  // namespace tally::engine

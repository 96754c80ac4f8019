// Loading an election definition from JSON (Boost.JSON): every member is read strictly
// and every rule of the law on units and stations is checked, each error naming its JSON
// path and the item's id. Internally a JsonError is thrown and caught at the boundary.
#include "tally/engine/definition_loader.hpp"

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
      kReader.only_members(object, path, {"id", "level", "name", "seats", "candidates"});
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
      unit.candidates = load_candidates(object, path);
      int needed = min_candidates(level->kind, unit.seats);
      if (unit.candidates.size() < static_cast<std::size_t>(needed)) {
        JsonReader::fail(ErrorCode::kTooFewCandidates, member_path(path, "candidates"),
                         "unit " + unit.id + " has " + std::to_string(unit.seats) + " seats and " +
                             std::to_string(unit.candidates.size()) + " candidates; a " +
                             std::string(kind_name(level->kind)) + " unit with " +
                             std::to_string(unit.seats) + " seats needs at least " +
                             std::to_string(needed) + " (" +
                             std::string(candidates_article(level->kind)) + ")");
      }
      unit_positions_.emplace(unit.id, units_.size());
      units_.push_back(std::move(unit));
    }
  }

  std::vector<Candidate> load_candidates(const json::object& unit, const Path& unit_path) {
    Path list_path = member_path(unit_path, "candidates");
    const json::array& list = kReader.array_member(unit, unit_path, "candidates");
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Path path = index_path(list_path, i);
      const json::object& object = kReader.as_object(list[i], path);
      kReader.only_members(object, path, {"id", "name", "birth_date"});
      Candidate candidate;
      candidate.id = id_member(object, path, kMaxCandidateIdBytes);
      claim_id(candidate_paths_, candidate.id, member_path(path, "id"), "candidate");
      candidate.name = kReader.string_member(object, path, "name");
      candidate.birth_date = date_member(object, path, "birth_date");
      candidates.push_back(std::move(candidate));
    }
    return candidates;
  }

  void load_stations(const json::array& stations) {
    unit_has_station_.assign(units_.size(), false);
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

  // Exactly one contest per level, in level order, each in a unit of its level.
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
      if (i >= levels_.size() || contest.level_id != levels_[i].id) {
        JsonReader::fail(ErrorCode::kStationUnitMismatch, member_path(path, "level"),
                         "station " + station_id + " lists level " + contest.level_id +
                             " where level " + (i < levels_.size() ? levels_[i].id : "(none)") +
                             " is due: a station has exactly one contest per level, in level "
                             "order");
      }
      contest.unit_id = kReader.string_member(object, path, "unit");
      auto unit = unit_positions_.find(contest.unit_id);
      if (unit == unit_positions_.end()) {
        JsonReader::fail(ErrorCode::kUnknownId, member_path(path, "unit"),
                         "station " + station_id + " names unknown unit '" + contest.unit_id + "'");
      }
      std::size_t unit_index = unit->second;
      if (units_[unit_index].level_id != contest.level_id) {
        JsonReader::fail(ErrorCode::kStationUnitMismatch, member_path(path, "unit"),
                         "station " + station_id + " votes in unit " + contest.unit_id +
                             " for level " + contest.level_id +
                             ", but that unit belongs to level " + units_[unit_index].level_id);
      }
      unit_has_station_[unit_index] = true;
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

  void check_every_unit_has_a_station() const {
    for (std::size_t u = 0; u < units_.size(); ++u) {
      if (!unit_has_station_[u]) {
        JsonReader::fail(ErrorCode::kStationUnitMismatch, index_path("units", u),
                         "unit " + units_[u].id + " has no polling station");
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
  std::vector<bool> unit_has_station_;
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

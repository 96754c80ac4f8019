// Loading an election definition: parse (Boost.JSON), then check every rule of the law's
// structure, naming the offending member by its JSON path.
#include "tally/engine/definition_loader.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "json_reader.hpp"

namespace tally::engine {
namespace {

namespace json = boost::json;

const JsonReader kReader{ErrorCode::kDefinitionParse, ErrorCode::kDefinitionInvalid};

std::string path_of(const std::string& parent, std::string_view key) {
  return JsonReader::member_path(parent, key);
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// "YYYY-MM-DD", a real calendar date.
Date parse_date(const std::string& text, const std::string& path) {
  auto digits = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') kReader.fail(path, "expected a date YYYY-MM-DD");
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    kReader.fail(path, "expected a date YYYY-MM-DD, found \"" + text + "\"");
  }
  Date date{digits(0, 4), digits(5, 2), digits(8, 2)};
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool month_ok = date.month >= 1 && date.month <= 12;
  int days = month_ok ? kDaysInMonth[date.month - 1] + (date.month == 2 && is_leap(date.year)) : 0;
  if (date.year < 1800 || !month_ok || date.day < 1 || date.day > days) {
    kReader.fail(path, "\"" + text + "\" is not a calendar date");
  }
  return date;
}

void check_unique(std::set<std::string>& seen, const std::string& id, const std::string& path,
                  std::string_view what) {
  if (!seen.insert(id).second) {
    JsonReader::fail(ErrorCode::kDuplicateId, path,
                     "duplicate " + std::string(what) + " id \"" + id + "\"");
  }
}

std::vector<Level> load_levels(const json::object& root) {
  const json::array& levels = kReader.array_member(root, "", "levels");
  if (levels.size() < 3 || levels.size() > 4) {
    kReader.fail("levels", "an election has 3 or 4 levels, found " + std::to_string(levels.size()));
  }
  std::vector<Level> result;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    std::string path = JsonReader::index_path("levels", i);
    const json::object& object = kReader.as_object(levels[i], path);
    kReader.only_members(object, path, {"id", "name", "kind"});
    Level level{kReader.string_member(object, path, "id"),
                kReader.string_member(object, path, "name"), LevelKind::kPeoplesCouncil};
    check_unique(ids, level.id, path_of(path, "id"), "level");
    std::string kind = kReader.string_member(object, path, "kind");
    if (kind == "national_assembly") {
      level.kind = LevelKind::kNationalAssembly;
    } else if (kind != "peoples_council") {
      kReader.fail(path_of(path, "kind"),
                   "expected \"national_assembly\" or \"peoples_council\", found \"" + kind + "\"");
    }
    result.push_back(std::move(level));
  }
  return result;
}

std::string level_name(LevelKind kind) {
  return kind == LevelKind::kNationalAssembly ? "a National Assembly unit"
                                              : "a People's Council unit";
}

std::string candidate_rule(LevelKind kind) {
  return kind == LevelKind::kNationalAssembly ? "Art. 57(6)" : "Art. 58(3)";
}

ElectoralUnit load_unit(const json::value& value, const std::string& path,
                        const std::vector<Level>& levels, std::set<std::string>& candidate_ids) {
  const json::object& object = kReader.as_object(value, path);
  kReader.only_members(object, path, {"id", "level", "name", "seats", "candidates"});
  ElectoralUnit unit;
  unit.id = kReader.string_member(object, path, "id");
  unit.level_id = kReader.string_member(object, path, "level");
  unit.name = kReader.string_member(object, path, "name");
  const Level* level = nullptr;
  for (const Level& candidate_level : levels) {
    if (candidate_level.id == unit.level_id) level = &candidate_level;
  }
  if (level == nullptr) {
    JsonReader::fail(ErrorCode::kUnknownId, path_of(path, "level"),
                     "unit " + unit.id + " names unknown level \"" + unit.level_id + "\"");
  }
  std::int64_t seats = kReader.integer_member(object, path, "seats");
  int max_seats = maximum_seats(level->kind);
  if (seats < 1 || seats > max_seats) {
    JsonReader::fail(ErrorCode::kSeatsOutOfRange, path_of(path, "seats"),
                     "unit " + unit.id + " has " + std::to_string(seats) + " seats; " +
                         level_name(level->kind) + " has 1 to " + std::to_string(max_seats));
  }
  unit.seats = static_cast<int>(seats);

  std::string candidates_path = path_of(path, "candidates");
  const json::array& candidates = kReader.array_member(object, path, "candidates");
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    std::string candidate_path = JsonReader::index_path(candidates_path, i);
    const json::object& candidate = kReader.as_object(candidates[i], candidate_path);
    kReader.only_members(candidate, candidate_path, {"id", "name", "birth_date"});
    Candidate loaded{kReader.string_member(candidate, candidate_path, "id"),
                     kReader.string_member(candidate, candidate_path, "name"),
                     parse_date(kReader.string_member(candidate, candidate_path, "birth_date"),
                                path_of(candidate_path, "birth_date"))};
    check_unique(candidate_ids, loaded.id, path_of(candidate_path, "id"), "candidate");
    unit.candidates.push_back(std::move(loaded));
  }
  int needed = minimum_candidates(level->kind, unit.seats);
  if (static_cast<int>(unit.candidates.size()) < needed) {
    JsonReader::fail(ErrorCode::kTooFewCandidates, candidates_path,
                     "unit " + unit.id + " has " + std::to_string(unit.seats) + " seats and " +
                         std::to_string(unit.candidates.size()) + " candidates; " +
                         level_name(level->kind) + " with " + std::to_string(unit.seats) +
                         " seats needs at least " + std::to_string(needed) + " (" +
                         candidate_rule(level->kind) + ")");
  }
  return unit;
}

// Unit id → index into the units array.
using UnitIds = std::map<std::string, std::size_t, std::less<>>;

PollingStation load_station(const json::value& value, const std::string& path,
                            const std::vector<Level>& levels,
                            const std::vector<ElectoralUnit>& units, const UnitIds& unit_ids) {
  const json::object& object = kReader.as_object(value, path);
  kReader.only_members(object, path, {"id", "name", "contests"});
  PollingStation station{
      kReader.string_member(object, path, "id"), kReader.string_member(object, path, "name"), {}};
  std::string contests_path = path_of(path, "contests");
  const json::array& contests = kReader.array_member(object, path, "contests");
  if (contests.size() != levels.size()) {
    JsonReader::fail(ErrorCode::kStationUnitMismatch, contests_path,
                     "station " + station.id + " has " + std::to_string(contests.size()) +
                         " contests; it votes in exactly one unit per level (" +
                         std::to_string(levels.size()) + ")");
  }
  for (std::size_t i = 0; i < contests.size(); ++i) {
    std::string contest_path = JsonReader::index_path(contests_path, i);
    const json::object& contest = kReader.as_object(contests[i], contest_path);
    kReader.only_members(contest, contest_path, {"level", "unit", "registered"});
    StationContest loaded{kReader.string_member(contest, contest_path, "level"),
                          kReader.string_member(contest, contest_path, "unit"),
                          kReader.integer_member(contest, contest_path, "registered")};
    if (loaded.level_id != levels[i].id) {
      JsonReader::fail(ErrorCode::kStationUnitMismatch, path_of(contest_path, "level"),
                       "station " + station.id + ": contest " + std::to_string(i) +
                           " must be for level " + levels[i].id + " (one per level, in level " +
                           "order), found \"" + loaded.level_id + "\"");
    }
    auto found = unit_ids.find(loaded.unit_id);
    if (found == unit_ids.end()) {
      JsonReader::fail(ErrorCode::kUnknownId, path_of(contest_path, "unit"),
                       "station " + station.id + " names unknown unit \"" + loaded.unit_id + "\"");
    }
    const ElectoralUnit* unit = &units[found->second];
    if (unit->level_id != loaded.level_id) {
      JsonReader::fail(ErrorCode::kStationUnitMismatch, path_of(contest_path, "unit"),
                       "station " + station.id + ": unit " + unit->id + " is of level " +
                           unit->level_id + ", not " + loaded.level_id);
    }
    if (loaded.registered < 0 || loaded.registered > 10'000'000) {
      kReader.fail(path_of(contest_path, "registered"),
                   "station " + station.id + ": registered voters must be 0 to 10,000,000");
    }
    station.contests.push_back(std::move(loaded));
  }
  return station;
}

ElectionDefinition load(std::string_view text) {
  json::value document = kReader.parse(text);
  const json::object& root = kReader.as_object(document, "");
  kReader.only_members(
      root, "",
      {"format", "id", "name", "election_date", "form_schema", "levels", "units", "stations"});
  std::string format = kReader.string_member(root, "", "format");
  if (format != kElectionFormat) {
    kReader.fail("format",
                 "expected \"" + std::string(kElectionFormat) + "\", found \"" + format + "\"");
  }
  std::vector<Level> levels = load_levels(root);

  std::vector<ElectoralUnit> units;
  UnitIds unit_ids;
  std::set<std::string> candidate_ids;
  const json::array& unit_array = kReader.array_member(root, "", "units");
  for (std::size_t i = 0; i < unit_array.size(); ++i) {
    std::string path = JsonReader::index_path("units", i);
    units.push_back(load_unit(unit_array[i], path, levels, candidate_ids));
    if (!unit_ids.emplace(units.back().id, i).second) {
      JsonReader::fail(ErrorCode::kDuplicateId, path_of(path, "id"),
                       "duplicate unit id \"" + units.back().id + "\"");
    }
  }

  std::vector<PollingStation> stations;
  std::set<std::string> station_ids;
  std::vector<bool> unit_has_station(units.size(), false);
  const json::array& station_array = kReader.array_member(root, "", "stations");
  for (std::size_t i = 0; i < station_array.size(); ++i) {
    std::string path = JsonReader::index_path("stations", i);
    stations.push_back(load_station(station_array[i], path, levels, units, unit_ids));
    check_unique(station_ids, stations.back().id, path_of(path, "id"), "station");
    for (const StationContest& contest : stations.back().contests) {
      unit_has_station[unit_ids.find(contest.unit_id)->second] = true;
    }
  }
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (!unit_has_station[i]) {
      JsonReader::fail(ErrorCode::kStationUnitMismatch, JsonReader::index_path("units", i),
                       "unit " + units[i].id + " has no polling station");
    }
  }

  return ElectionDefinition(
      kReader.string_member(root, "", "id"), kReader.string_member(root, "", "name"),
      parse_date(kReader.string_member(root, "", "election_date"), "election_date"),
      kReader.string_member(root, "", "form_schema"), std::move(levels), std::move(units),
      std::move(stations));
}

}  // namespace

int maximum_seats(LevelKind kind) { return kind == LevelKind::kNationalAssembly ? 3 : 5; }

int minimum_candidates(LevelKind kind, int seats) {
  if (kind == LevelKind::kNationalAssembly) return seats + 2;  // Art. 57(6)
  if (seats <= 2) return seats + 1;                            // more than seats
  if (seats == 3) return 5;                                    // Art. 58(3)
  return seats + 3;                                            // 4 or 5 seats, Art. 58(3)
}

Result<ElectionDefinition> load_election_definition(std::string_view json) {
  try {
    return load(json);
  } catch (const JsonError& error) {
    ErrorCode code = error.code;
    return make_error(ErrorDomain::kDefinition, code, "election definition: " + error.message);
  } catch (const std::exception& error) {  // e.g. std::bad_alloc from Boost.JSON
    return make_error(ErrorDomain::kDefinition, ErrorCode::kDefinitionParse,
                      std::string("election definition: ") + error.what());
  }
}

}  // namespace tally::engine

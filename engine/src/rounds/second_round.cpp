// Deriving the second round from polling day's tally, and the definition that includes it.
#include "tally/engine/second_round.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <exception>
#include <map>
#include <set>

#include "tally/engine/definition_loader.hpp"
#include "tally/engine/json_layout.hpp"

namespace tally::engine {
namespace {

namespace json = boost::json;

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// How a second-round unit is named in the definition, after its first round's name.
std::string second_round_name(const ElectoralUnit& first, RoundKind kind) {
  return first.name + (kind == RoundKind::kRevote ? " — bầu cử lại" : " — bầu cử thêm");
}

// `text` parsed: an object with "units" and "stations" arrays, or why not.
Result<json::value> parse_definition(std::string_view text) {
  json::value document;
  try {
    document = json::parse(text);
  } catch (const std::exception& error) {
    return make_error(ErrorCode::kDefinitionParse,
                      std::string("election definition: ") + error.what());
  }
  const json::object* root = document.if_object();
  const json::value* units = root != nullptr ? root->if_contains("units") : nullptr;
  const json::value* stations = root != nullptr ? root->if_contains("stations") : nullptr;
  if (units == nullptr || !units->is_array() || stations == nullptr || !stations->is_array()) {
    return make_error(ErrorCode::kDefinitionInvalid,
                      "election definition: no \"units\" and \"stations\" arrays");
  }
  return document;
}

json::object unit_object(const ElectoralUnit& first, const SecondRoundUnit& round) {
  json::array candidates;
  for (const Candidate& candidate : first.candidates) {
    if (!contains(round.candidates, candidate.id)) continue;
    candidates.push_back(json::object{{"id", candidate.id},
                                      {"name", candidate.name},
                                      {"birth_date", candidate.birth_date.to_string()}});
  }
  return json::object{
      {"id", round.unit_id},
      {"level", first.level_id},
      {"name", second_round_name(first, round.kind)},
      {"seats", round.seats},
      {"round", json::object{{"of", first.id}, {"kind", round_kind_name(round.kind)}}},
      {"candidates", std::move(candidates)}};
}

}  // namespace

std::vector<SecondRoundUnit> second_round_units(const ElectionDefinition& definition) {
  std::vector<SecondRoundUnit> units;
  for (const ElectoralUnit& unit : definition.units()) {
    if (!unit.round_of) continue;
    SecondRoundUnit round{unit.id, unit.round_of->unit_id, unit.round_of->kind, unit.seats, {}};
    for (const Candidate& candidate : unit.candidates) round.candidates.push_back(candidate.id);
    units.push_back(std::move(round));
  }
  return units;
}

std::string second_round_unit_id(std::string_view first_round_unit_id) {
  return std::string(first_round_unit_id) + "-R2";
}

Result<SecondRoundPlan> plan_second_round(const ElectionDefinition& definition,
                                          const TallyReport& first_round) {
  if (definition.has_second_round()) {
    return make_error(ErrorCode::kRoundInvalid,
                      "the election already has a second round: the law allows no third "
                      "(Art. 79, 80)");
  }
  if (first_round.units.size() != definition.units().size()) {
    return make_error(ErrorCode::kInvalidArgument, "the tally is not one of this definition");
  }
  SecondRoundPlan plan;
  for (std::size_t u = 0; u < definition.units().size(); ++u) {
    const ElectoralUnit& unit = definition.units()[u];
    const UnitTally& tally = first_round.units[u];
    const UnitResult& result = tally.result;
    if (!result.revote_needed() && !result.supplementary_needed) continue;
    SecondRoundUnit round;
    round.unit_id = second_round_unit_id(unit.id);
    round.of_unit = unit.id;
    if (result.revote_needed()) {
      round.kind = RoundKind::kRevote;
      round.seats = unit.seats;
      for (const Candidate& candidate : unit.candidates) round.candidates.push_back(candidate.id);
    } else {
      round.kind = RoundKind::kSupplementary;
      round.seats = unit.seats - result.seats_filled() - result.seats_undecided;
      for (const Candidate& candidate : unit.candidates) {
        if (contains(result.winners, candidate.id) || contains(result.tied, candidate.id)) continue;
        round.candidates.push_back(candidate.id);
      }
      if (round.candidates.empty()) {
        plan.without_candidates.push_back(unit.id);
        continue;
      }
    }
    if (tally.totals.stations_reported < tally.totals.stations_expected) {
      plan.unreported.push_back(unit.id);
    }
    plan.units.push_back(std::move(round));
  }
  return plan;
}

Result<std::string> first_round_definition_json(std::string_view definition_json) {
  auto document = parse_definition(definition_json);
  if (!document) return std::move(document).error();
  json::object& root = document->get_object();
  json::array& unit_list = root["units"].get_array();
  std::set<std::string, std::less<>> second_round_units;
  json::array first_round_units;
  for (json::value& unit : unit_list) {
    const json::object* object = unit.if_object();
    if (object != nullptr && object->contains("round")) {
      if (const auto* id = object->if_contains("id"); id != nullptr && id->is_string()) {
        second_round_units.emplace(id->get_string());
      }
      continue;
    }
    first_round_units.push_back(std::move(unit));
  }
  unit_list = std::move(first_round_units);
  for (json::value& station : root["stations"].get_array()) {
    json::object* object = station.if_object();
    json::value* contests = object != nullptr ? object->if_contains("contests") : nullptr;
    if (contests == nullptr || !contests->is_array()) continue;
    json::array kept;
    for (json::value& contest : contests->get_array()) {
      const json::object* entry = contest.if_object();
      const json::value* unit = entry != nullptr ? entry->if_contains("unit") : nullptr;
      if (unit != nullptr && unit->is_string() &&
          second_round_units.contains(std::string_view(unit->get_string()))) {
        continue;
      }
      kept.push_back(std::move(contest));
    }
    contests->get_array() = std::move(kept);
  }
  return layout_document(root);
}

Result<std::string> definition_with_second_round(std::string_view definition_json,
                                                 const ElectionDefinition& definition,
                                                 const std::vector<SecondRoundUnit>& units) {
  auto document = parse_definition(definition_json);
  if (!document) return std::move(document).error();
  json::object& root = document->get_object();
  json::array* unit_list = &root["units"].get_array();
  json::array* station_list = &root["stations"].get_array();
  // `definition` was loaded from this text: its stations are the array's, in order.
  if (station_list->size() != definition.stations().size()) {
    return make_error(ErrorCode::kDefinitionInvalid,
                      "election definition: no \"units\" and \"stations\" arrays");
  }
  std::map<std::string, const SecondRoundUnit*, std::less<>> round_of_first;
  for (const SecondRoundUnit& round : units) {
    const ElectoralUnit* first = definition.unit(round.of_unit);
    if (first == nullptr) {
      return make_error(ErrorCode::kUnknownId,
                        "the second round names unknown unit '" + round.of_unit + "'");
    }
    unit_list->push_back(unit_object(*first, round));
    round_of_first.emplace(round.of_unit, &round);
  }
  for (std::size_t s = 0; s < definition.stations().size(); ++s) {
    const PollingStation& station = definition.stations()[s];
    json::object* station_object = (*station_list)[s].if_object();
    json::value* contest_member =
        station_object != nullptr ? station_object->if_contains("contests") : nullptr;
    if (contest_member == nullptr || !contest_member->is_array()) {
      return make_error(ErrorCode::kDefinitionInvalid,
                        "election definition: station " + station.id + " has no contests");
    }
    json::array& contests = contest_member->get_array();
    for (std::size_t l = 0; l < definition.levels().size(); ++l) {
      const StationContest* contest = definition.contest(station, l);
      auto round =
          contest != nullptr ? round_of_first.find(contest->unit_id) : round_of_first.end();
      if (round == round_of_first.end()) continue;
      contests.push_back(json::object{{"level", contest->level_id},
                                      {"unit", round->second->unit_id},
                                      {"registered", contest->registered}});
    }
  }
  std::string text = layout_document(root);
  if (auto loaded = load_election_definition(text); !loaded) return std::move(loaded).error();
  return text;
}

}  // namespace tally::engine

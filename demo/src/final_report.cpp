#include "final_report.hpp"

#include <cstdio>
#include <map>

#include "tally/engine/tally_table.hpp"

namespace tally::demo {

namespace json = boost::json;

namespace {

std::int64_t integer(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return -1;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->get_uint64());
  return -1;
}


}  // namespace

std::vector<std::string> tally_differences(const json::value& server_tally,
                                           const engine::TallyReport& truth) {
  std::vector<std::string> differences;
  const auto* object = server_tally.if_object();
  if (object == nullptr || !object->contains("levels") || !object->contains("units")) {
    return {"the server's tally has no \"levels\" and \"units\""};
  }
  const auto compare = [&](const std::string& where, const char* field, std::int64_t server,
                           std::int64_t expected) {
    if (server != expected) {
      differences.push_back(where + " " + field + ": server " + std::to_string(server) +
                            ", ground truth " + std::to_string(expected));
    }
  };
  std::map<std::string, const json::object*> levels;
  for (const auto& level : object->at("levels").as_array()) {
    levels[std::string(level.at("level").as_string())] = &level.as_object();
  }
  for (const auto& level : truth.levels) {
    const auto it = levels.find(level.level_id);
    if (it == levels.end()) {
      differences.push_back("level " + level.level_id + " is missing from the server's tally");
      continue;
    }
    const json::object& server = *it->second;
    const std::string where = "level " + level.level_id;
    compare(where, "units", integer(server, "units"), level.units);
    compare(where, "seats_filled", integer(server, "seats_filled"), level.seats_filled);
    compare(where, "units_supplementary", integer(server, "units_supplementary"),
            level.units_supplementary);
    compare(where, "registered", integer(server, "registered"), level.registered);
    compare(where, "voted", integer(server, "voted"), level.voted);
    compare(where, "valid", integer(server, "valid"), level.valid);
    compare(where, "invalid", integer(server, "invalid"), level.invalid);
  }
  std::map<std::string, const json::object*> units;
  for (const auto& unit : object->at("units").as_array()) {
    units[std::string(unit.at("unit").as_string())] = &unit.as_object();
  }
  for (const auto& expected : truth.units) {
    const std::string& unit_id = expected.totals.unit_id;
    const auto it = units.find(unit_id);
    if (it == units.end()) {
      differences.push_back("unit " + unit_id + " is missing from the server's tally");
      continue;
    }
    const json::object& server = *it->second;
    const std::string where = "unit " + unit_id;
    compare(where, "seats_filled", integer(server, "seats_filled"), expected.result.seats_filled());
    compare(where, "registered", integer(server, "registered"), expected.totals.registered);
    compare(where, "voted", integer(server, "voted"), expected.totals.voted);
    compare(where, "valid", integer(server, "valid"), expected.totals.valid);
    compare(where, "invalid", integer(server, "invalid"), expected.totals.invalid);
    const auto* votes = server.if_contains("votes");
    for (const auto& [candidate, count] : expected.totals.votes) {
      const std::int64_t got = votes != nullptr && votes->is_object()
                                   ? integer(votes->as_object(), candidate.c_str())
                                   : -1;
      compare(where, ("votes " + candidate).c_str(), got, count);
    }
    json::array winners;
    for (const auto& winner : expected.result.winners) winners.emplace_back(winner);
    if (const auto* got = server.if_contains("winners"); got == nullptr || *got != winners) {
      differences.push_back(where + " winners: server " +
                            (got == nullptr ? std::string("none") : json::serialize(*got)) +
                            ", ground truth " + json::serialize(winners));
    }
  }
  return differences;
}

void print_figures(std::ostream& out, const RunFigures& figures) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.0f",
                figures.night_seconds > 0 ? static_cast<double>(figures.ops) / figures.night_seconds
                                          : 0.0);
  char wall[32];
  std::snprintf(wall, sizeof wall, "%.1f", figures.wall_seconds);
  char night[32];
  std::snprintf(night, sizeof night, "%.1f", figures.night_seconds);
  out << "  wall time            " << wall << " s (the night itself " << night << " s)\n"
      << "  devices              " << figures.devices << "\n"
      << "  ops in the log       " << engine::with_thousands(static_cast<engine::Count>(figures.ops)) << " ("
      << rate << " ops/s over the night)\n"
      << "  conflicts raised     " << figures.conflicts_raised << " fields, resolved "
      << figures.conflicts_resolved << " by supervisors' adjudication (the others by the "
      << "officer's own correction); " << figures.forms_adjudicated
      << " forms submitted by supervisors\n"
      << "  reconnects           " << figures.reconnects << "\n"
      << "  client kills         " << figures.kills << " SIGKILLs of worker processes, "
      << figures.kills_survived << " survived (restarted and finished on their stores)\n";
}

}  // namespace tally::demo

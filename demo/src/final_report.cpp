#include "final_report.hpp"

#include <cstdio>
#include <iomanip>
#include <map>

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

std::string grouped(std::int64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return digits;
}

}  // namespace

std::vector<std::string> tally_differences(const json::value& server_tally,
                                           const engine::ElectionDefinition& definition,
                                           const engine::ElectionTally& truth) {
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
    compare(where, "units", integer(server, "units"), static_cast<std::int64_t>(level.units));
    compare(where, "seats_filled", integer(server, "seats_filled"), level.seats_filled);
    compare(where, "units_supplementary", integer(server, "units_supplementary"),
            static_cast<std::int64_t>(level.units_supplementary));
    compare(where, "registered", integer(server, "registered"), level.registered);
    compare(where, "voted", integer(server, "voted"), level.voted);
    compare(where, "valid", integer(server, "valid"), level.valid);
    compare(where, "invalid", integer(server, "invalid"), level.invalid);
  }
  std::map<std::string, const json::object*> units;
  for (const auto& unit : object->at("units").as_array()) {
    units[std::string(unit.at("unit").as_string())] = &unit.as_object();
  }
  for (std::size_t i = 0; i < truth.units.size(); ++i) {
    const auto& expected = truth.units[i];
    const auto& unit = definition.units()[i];
    const auto it = units.find(expected.unit_id);
    if (it == units.end()) {
      differences.push_back("unit " + expected.unit_id + " is missing from the server's tally");
      continue;
    }
    const json::object& server = *it->second;
    const std::string where = "unit " + expected.unit_id;
    compare(where, "seats_filled", integer(server, "seats_filled"), expected.result.seats_filled);
    compare(where, "voted", integer(server, "voted"), expected.totals.voted);
    compare(where, "valid", integer(server, "valid"), expected.totals.valid);
    const auto* votes = server.if_contains("votes");
    for (std::size_t c = 0; c < unit.candidates.size() && c < expected.totals.votes.size(); ++c) {
      const auto& id = unit.candidates[c].id;
      const std::int64_t got =
          votes != nullptr && votes->is_object() ? integer(votes->as_object(), id.c_str()) : -1;
      compare(where, ("votes " + id).c_str(), got, expected.totals.votes[c]);
    }
    json::array winners;
    for (std::size_t w : expected.result.winners) winners.emplace_back(unit.candidates[w].id);
    if (const auto* got = server.if_contains("winners"); got == nullptr || *got != winners) {
      differences.push_back(where + " winners: server " +
                            (got == nullptr ? std::string("none") : json::serialize(*got)) +
                            ", ground truth " + json::serialize(winners));
    }
  }
  return differences;
}

void print_level_table(std::ostream& out, const engine::ElectionDefinition& definition,
                       const engine::ElectionTally& tally) {
  out << std::left << std::setw(7) << "level" << std::right << std::setw(7) << "units"
      << std::setw(14) << "seats filled" << std::setw(12) << "registered" << std::setw(12)
      << "voted" << std::setw(9) << "turnout" << std::setw(12) << "valid" << std::setw(10)
      << "invalid" << "\n";
  for (std::size_t l = 0; l < tally.levels.size(); ++l) {
    const auto& level = tally.levels[l];
    const std::string seats = std::to_string(level.seats_filled) + "/" + std::to_string(level.seats);
    out << std::left << std::setw(7) << level.level_id << std::right << std::setw(7)
        << grouped(static_cast<std::int64_t>(level.units)) << std::setw(14) << seats
        << std::setw(12) << grouped(level.registered) << std::setw(12) << grouped(level.voted)
        << std::setw(8)
        << engine::format_percent(engine::basis_points(level.voted, level.registered)) << "%"
        << std::setw(12) << grouped(level.valid) << std::setw(10) << grouped(level.invalid)
        << "   " << definition.levels()[l].name << "\n";
  }
}

void print_supplementary_units(std::ostream& out, const engine::ElectionDefinition& definition,
                               const engine::ElectionTally& tally) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < tally.units.size(); ++i) {
    if (!tally.units[i].result.supplementary_needed) continue;
    const auto& unit = definition.units()[i];
    out << "  " << std::left << std::setw(12) << unit.id << std::right << std::setw(2)
        << tally.units[i].result.seats_filled << "/" << unit.seats << " seats filled   "
        << unit.name << "\n";
    ++count;
  }
  out << "  " << count << " unit(s) need a supplementary election (bầu cử thêm, Art. 79)\n";
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
      << "  ops in the log       " << grouped(static_cast<std::int64_t>(figures.ops)) << " ("
      << rate << " ops/s over the night)\n"
      << "  conflicts raised     " << figures.conflicts_raised << " fields, resolved "
      << figures.conflicts_resolved << " (" << figures.forms_adjudicated
      << " forms adjudicated and submitted by supervisors)\n"
      << "  reconnects           " << figures.reconnects << "\n"
      << "  client kills         " << figures.kills << " SIGKILLs of worker processes, "
      << figures.kills_survived << " survived (restarted and finished on their stores)\n";
}

}  // namespace tally::demo

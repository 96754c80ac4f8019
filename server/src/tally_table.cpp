#include "tally_table.hpp"

#include <boost/json.hpp>
#include <iomanip>

namespace tally::server {

namespace json = boost::json;

void print_tally_table(const json::value& tally, std::ostream& out) {
  const auto text = [](const json::value& value) { return json::value_to<std::string>(value); };
  out << std::left << std::setw(7) << "level" << std::right << std::setw(7) << "units"
      << std::setw(8) << "seats" << std::setw(8) << "filled" << std::setw(8) << "suppl."
      << std::setw(8) << "revote" << std::setw(14) << "registered" << std::setw(12) << "voted"
      << std::setw(10) << "turnout" << "\n";
  for (const auto& level : tally.at("levels").as_array()) {
    out << std::left << std::setw(7) << text(level.at("level")) << std::right << std::setw(7)
        << level.at("units").as_int64() << std::setw(8) << level.at("seats").as_int64()
        << std::setw(8) << level.at("seats_filled").as_int64() << std::setw(8)
        << level.at("units_supplementary").as_int64() << std::setw(8)
        << level.at("units_revote").as_int64() << std::setw(14)
        << level.at("registered").as_int64() << std::setw(12) << level.at("voted").as_int64()
        << std::setw(9) << text(level.at("turnout_percent")) << "%\n";
  }
  out << "\n";
  for (const auto& unit : tally.at("units").as_array()) {
    const std::string status = text(unit.at("status"));
    if (status == "pending") continue;
    out << std::left << std::setw(10) << text(unit.at("unit")) << " " << std::setw(14) << status
        << " stations " << unit.at("stations_reported").as_int64() << "/"
        << unit.at("stations_expected").as_int64() << "  winners:";
    for (const auto& winner : unit.at("winners").as_array()) out << " " << text(winner);
    if (unit.at("supplementary_needed").as_bool()) out << "  (supplementary election needed)";
    if (!unit.at("tied_for_committee").as_array().empty()) out << "  (tie: committee decides)";
    out << "\n";
  }
}

}  // namespace tally::server

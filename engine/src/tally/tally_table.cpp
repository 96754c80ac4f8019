#include "tally/engine/tally_table.hpp"

#include <array>
#include <cstdio>
#include <functional>

namespace tally::engine {

namespace {

// snprintf into a std::string (lines of the table are short).
template <typename... Args>
std::string formatted(const char* format, Args... args) {
  std::array<char, 256> line{};
  std::snprintf(line.data(), line.size(), format, args...);
  return line.data();
}

const char* const kFiguresHeader = "%-6s %6s %6s %7s %12s %12s %9s %12s %9s %9s\n";

std::string figures_row(const std::string& level_id, const RoundFigures& round) {
  return formatted("%-6s %6s %6s %7s %12s %12s %8s%% %12s %9s %8s%%\n", level_id.c_str(),
                   with_thousands(round.units).c_str(), with_thousands(round.seats).c_str(),
                   with_thousands(round.seats_filled).c_str(),
                   with_thousands(round.registered).c_str(), with_thousands(round.voted).c_str(),
                   format_basis_points(round.turnout_basis_points()).c_str(),
                   with_thousands(round.valid).c_str(), with_thousands(round.invalid).c_str(),
                   format_basis_points(round.valid_basis_points()).c_str());
}

// The second round's figures per level and the seats filled over both rounds.
std::string second_round_table(const TallyReport& report) {
  std::string text = "Second round (supplementary elections and re-votes, Art. 79 and 80):\n";
  text += formatted(kFiguresHeader, "level", "units", "seats", "filled", "registered", "voted",
                    "turnout", "valid", "invalid", "valid %");
  for (const LevelSummary& level : report.levels) {
    if (level.second_round.units > 0) text += figures_row(level.level_id, level.second_round);
  }
  text += "\nSeats filled after both rounds:\n";
  text +=
      formatted("%-6s %6s %7s %12s  %s\n", "level", "seats", "filled", "units final", "figures");
  for (const LevelSummary& level : report.levels) {
    text += formatted(
        "%-6s %6s %7s %12s  %s\n", level.level_id.c_str(), with_thousands(level.seats).c_str(),
        with_thousands(level.seats_filled_all_rounds()).c_str(),
        (with_thousands(level.units_final) + "/" + with_thousands(level.units)).c_str(),
        level.final() ? "final" : "not final");
  }
  return text + "\n";
}

// "<title>: none", or the title and one line per unit for which `selected` holds.
std::string unit_list(const ElectionDefinition& definition, const TallyReport& report,
                      const std::string& title,
                      const std::function<bool(const UnitResult&)>& selected) {
  std::string lines;
  for (std::size_t u = 0; u < report.units.size(); ++u) {
    const UnitResult& result = report.units[u].result;
    if (!selected(result)) continue;
    const ElectoralUnit& unit = definition.units()[u];
    lines += formatted("  %-10s %d/%d  ", unit.id.c_str(), result.seats_filled(), result.seats) +
             unit.name + "\n";
  }
  return lines.empty() ? title + ": none\n" : title + ", seats filled / seats:\n" + lines;
}

}  // namespace

std::string with_thousands(Count count) {
  std::string digits = std::to_string(count < 0 ? -count : count);
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return count < 0 ? "-" + text : text;
}

std::string tally_to_table(const ElectionDefinition& definition, const TallyReport& report) {
  const ProvinceSummary& province = report.province;
  std::string text = definition.name() + " (" + definition.election_date().to_string() + ")\n";
  text += "Stations reporting: " + with_thousands(province.stations_reported) + " of " +
          with_thousands(province.stations_expected) +
          " (complete: " + with_thousands(province.stations_complete) +
          "); records: " + with_thousands(province.forms_reported) + " of " +
          with_thousands(province.forms_expected) + "\n";
  for (const Level& level : definition.levels()) text += "  " + level.id + ": " + level.name + "\n";
  text += "\n";
  text += formatted(kFiguresHeader, "level", "units", "seats", "filled", "registered", "voted",
                    "turnout", "valid", "invalid", "valid %");
  for (const LevelSummary& level : report.levels) text += figures_row(level.level_id, level);
  text += "\n";
  if (definition.has_second_round()) text += second_round_table(report);
  text += unit_list(definition, report, "Supplementary election needed (Art. 79)",
                    [](const UnitResult& result) { return result.supplementary_needed; });
  text += unit_list(definition, report, "Re-vote needed (Art. 80)",
                    [](const UnitResult& result) { return result.revote_needed(); });
  text += unit_list(definition, report, "Tie left to the election committee",
                    [](const UnitResult& result) { return result.tie_for_committee(); });
  return text;
}

}  // namespace tally::engine

#include "sanitizer_report.hpp"

#include <algorithm>
#include <array>

namespace tally::testkit {

std::string sanitizer_report(std::string_view log, std::size_t max_chars) {
  // How each runtime starts a report: "==PID==ERROR: AddressSanitizer: ...",
  // "==PID==ERROR: LeakSanitizer: ...", "WARNING: ThreadSanitizer: ...", and UBSan's
  // "file:line:column: runtime error: ...".
  constexpr std::array<std::string_view, 4> kMarkers{
      "ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "WARNING: ThreadSanitizer",
      ": runtime error: "};
  std::size_t first = std::string_view::npos;
  for (const auto marker : kMarkers) first = std::min(first, log.find(marker));
  if (first == std::string_view::npos) return {};
  const std::size_t line_start = log.rfind('\n', first);
  const std::size_t start = line_start == std::string_view::npos ? 0 : line_start + 1;
  return std::string(log.substr(start, max_chars));
}

}  // namespace tally::testkit

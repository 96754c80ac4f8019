#include "base/rfc3339.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace tally::server {

std::string rfc3339_utc(std::uint64_t unix_ms) {
  const auto seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  const int length = std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                                   utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                                   utc.tm_min, utc.tm_sec, static_cast<int>(unix_ms % 1000));
  return std::string(text.data(), static_cast<std::size_t>(length));
}

}  // namespace tally::server

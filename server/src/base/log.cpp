#include "base/log.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace tally::server {
namespace {

// A number when `text` is a whole decimal number that fits, else the text.
boost::json::value field_value(std::string_view text) {
  std::uint64_t number = 0;
  const auto* end = text.data() + text.size();
  if (!text.empty() && text.size() < 20 && (text.size() == 1 || text.front() != '0')) {
    const auto [rest, error] = std::from_chars(text.data(), end, number);
    if (error == std::errc{} && rest == end) return number;
  }
  return boost::json::string(text);
}

}  // namespace

void log_line(std::string_view level, std::string_view event, LogFields fields) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  boost::json::object line;
  line["ts_ms"] = now.count();
  line["level"] = level;
  line["event"] = event;
  for (const auto& [key, value] : fields) line[key] = field_value(value);
  const std::string text = boost::json::serialize(line) + "\n";
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

std::string code_field(ErrorCode code) { return std::to_string(static_cast<unsigned>(code)); }

}  // namespace tally::server

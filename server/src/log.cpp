#include "log.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace tally::server {

void log_line(std::string_view level, std::string_view message, LogFields fields) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  boost::json::object line;
  line["ts_ms"] = now.count();
  line["level"] = level;
  line["msg"] = message;
  for (const auto& [key, value] : fields) line[key] = value;
  const std::string text = boost::json::serialize(line) + "\n";
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace tally::server

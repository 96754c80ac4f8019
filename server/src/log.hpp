// Structured logs: one JSON object per line on stderr
// ({"ts_ms":..., "level":"info", "msg":"...", ...fields}).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace tally::server {

using LogFields = std::initializer_list<std::pair<std::string_view, std::string_view>>;

void log_line(std::string_view level, std::string_view message, LogFields fields = {});
inline void log_info(std::string_view message, LogFields fields = {}) {
  log_line("info", message, fields);
}
inline void log_warn(std::string_view message, LogFields fields = {}) {
  log_line("warn", message, fields);
}
inline void log_error(std::string_view message, LogFields fields = {}) {
  log_line("error", message, fields);
}

}  // namespace tally::server

// Structured logs: one JSON object per line on stderr, e.g.
//   {"ts_ms":1764115200000,"level":"warn","event":"session_refused","device":"dev-1",
//    "peer":"127.0.0.1:50000","code":701,"message":"device 'dev-1' is not enrolled"}
// `event` is a stable snake_case name (docs/operations.md lists them); the fields say
// who and what (device, peer, station, form, code, message, ...). A field whose text is
// a whole decimal number (a code, a count, an index) is written as a JSON number.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "tally/error.hpp"

namespace tally::server {

using LogFields = std::initializer_list<std::pair<std::string_view, std::string_view>>;

void log_line(std::string_view level, std::string_view event, LogFields fields = {});
inline void log_info(std::string_view event, LogFields fields = {}) {
  log_line("info", event, fields);
}
inline void log_warn(std::string_view event, LogFields fields = {}) {
  log_line("warn", event, fields);
}
inline void log_error(std::string_view event, LogFields fields = {}) {
  log_line("error", event, fields);
}

// The numeric code of an error, as text for a log field ("701").
std::string code_field(ErrorCode code);
inline std::string code_field(const Error& error) { return code_field(error.code); }

}  // namespace tally::server

// Structured logs: one JSON object per line, on stderr or appended to a log file, e.g.
//   {"ts_ms":1764115200000,"level":"warn","event":"session_refused","device":"dev-1",
//    "peer":"127.0.0.1:50000","code":701,"message":"device 'dev-1' is not enrolled"}
// `event` is a stable snake_case name (docs/operations.md lists them); the fields say
// who and what (device, peer, station, form, code, message, ...). A field whose text is
// a whole decimal number (a code, a count, an index) is written as a JSON number.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "tally/error.hpp"

namespace tally::server {

// Ordered: a log configured for one level writes it and the ones after it.
enum class LogLevel : unsigned char { kDebug, kInfo, kWarn, kError };

// "debug", "info", "warn", "error"; nullopt for another name.
std::optional<LogLevel> log_level_named(std::string_view name);

// Writes lines of `least` level and above, to the file `path` (opened for appending,
// created 0640) or, when `path` is empty, to stderr. Until it is called: info and above on
// stderr. Call it before the threads that log start.
Status configure_log(LogLevel least, const std::string& path);

// Opens the log file's path again (SIGHUP, after logrotate moved the file), so lines go to
// the new file; on stderr it does nothing. If the path cannot be opened, lines go on to the
// old file and an error line says why.
void reopen_log_file();

using LogFields = std::initializer_list<std::pair<std::string_view, std::string_view>>;

void log_line(LogLevel level, std::string_view event, LogFields fields = {});
inline void log_debug(std::string_view event, LogFields fields = {}) {
  log_line(LogLevel::kDebug, event, fields);
}
inline void log_info(std::string_view event, LogFields fields = {}) {
  log_line(LogLevel::kInfo, event, fields);
}
inline void log_warn(std::string_view event, LogFields fields = {}) {
  log_line(LogLevel::kWarn, event, fields);
}
inline void log_error(std::string_view event, LogFields fields = {}) {
  log_line(LogLevel::kError, event, fields);
}

// The numeric code of an error, as text for a log field ("701").
std::string code_field(ErrorCode code);
inline std::string code_field(const Error& error) { return code_field(error.code); }

}  // namespace tally::server

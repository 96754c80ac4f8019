#include "base/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace tally::server {
namespace {

constexpr std::array<std::string_view, 4> kLevelNames{"debug", "info", "warn", "error"};

// Where lines go. The level is read without the lock, so that a line below it costs
// nothing; the stream and the path change only under it.
struct LogSink {
  std::atomic<LogLevel> least{LogLevel::kInfo};
  std::mutex mutex;
  std::string path;             // empty: stderr
  std::FILE* stream = nullptr;  // nullptr: stderr
};

LogSink& sink() {
  static LogSink the_sink;
  return the_sink;
}

// `path` opened for appending (O_APPEND: lines of a second writer, or written after
// logrotate's copytruncate, are never overwritten).
Result<std::FILE*> open_for_append(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) {
    return make_error(ErrorCode::kIoError,
                      "cannot open the log file " + path + ": " + std::strerror(errno));
  }
  std::FILE* stream = ::fdopen(fd, "a");
  if (stream == nullptr) {
    ::close(fd);
    return make_error(ErrorCode::kIoError, "cannot open the log file " + path);
  }
  return stream;
}

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

std::optional<LogLevel> log_level_named(std::string_view name) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

Status configure_log(LogLevel least, const std::string& path) {
  std::FILE* stream = nullptr;
  if (!path.empty()) {
    auto opened = open_for_append(path);
    if (!opened) return std::move(opened).error();
    stream = *opened;
  }
  auto& the_sink = sink();
  std::lock_guard lock(the_sink.mutex);
  if (the_sink.stream != nullptr) std::fclose(the_sink.stream);
  the_sink.stream = stream;
  the_sink.path = path;
  the_sink.least = least;
  return {};
}

void reopen_log_file() {
  auto& the_sink = sink();
  std::string path;
  {
    std::lock_guard lock(the_sink.mutex);
    path = the_sink.path;
  }
  if (path.empty()) return;
  auto opened = open_for_append(path);
  if (!opened) {
    log_error("log_reopen_failed",
              {{"code", code_field(opened.error())}, {"message", opened.error().message}});
    return;
  }
  std::lock_guard lock(the_sink.mutex);
  std::fclose(the_sink.stream);
  the_sink.stream = *opened;
}

void log_line(LogLevel level, std::string_view event, LogFields fields) {
  auto& the_sink = sink();
  if (level < the_sink.least.load(std::memory_order_relaxed)) return;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  boost::json::object line;
  line["ts_ms"] = now.count();
  line["level"] = kLevelNames[static_cast<std::size_t>(level)];
  line["event"] = event;
  for (const auto& [key, value] : fields) line[key] = field_value(value);
  const std::string text = boost::json::serialize(line) + "\n";
  std::lock_guard lock(the_sink.mutex);
  std::FILE* stream = the_sink.stream != nullptr ? the_sink.stream : stderr;
  std::fwrite(text.data(), 1, text.size(), stream);
  std::fflush(stream);
}

std::string code_field(ErrorCode code) { return std::to_string(static_cast<unsigned>(code)); }

}  // namespace tally::server

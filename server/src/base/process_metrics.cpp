#include "base/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <vector>

#include "tally/files/read_file.hpp"

namespace tally::server {
namespace {

Error malformed(const char* what) {
  return make_error(ErrorCode::kIoError, std::string("cannot parse ") + what);
}

// The whitespace-separated words of `text`.
std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (true) {
    at = text.find_first_not_of(" \t\n", at);
    if (at == std::string_view::npos) return out;
    const auto end = std::min(text.find_first_of(" \t\n", at), text.size());
    out.push_back(text.substr(at, end - at));
    at = end;
  }
}

bool parse_number(std::string_view word, std::uint64_t& number) {
  const auto [rest, error] = std::from_chars(word.data(), word.data() + word.size(), number);
  return error == std::errc{} && rest == word.data() + word.size();
}

}  // namespace

Result<ProcStat> parse_proc_stat(std::string_view text) {
  const auto close = text.rfind(')');
  if (close == std::string_view::npos) return malformed("/proc/self/stat: no command name");
  // After the name: field 3 (state) is the first word, so field N is word N - 3.
  const auto fields = words(text.substr(close + 1));
  const auto field = [&](std::size_t n, std::uint64_t& value) {
    return n - 3 < fields.size() && parse_number(fields[n - 3], value);
  };
  ProcStat stat;
  if (!field(14, stat.user_ticks) || !field(15, stat.system_ticks) ||
      !field(22, stat.start_ticks) || !field(23, stat.virtual_bytes) ||
      !field(24, stat.resident_pages)) {
    return malformed("/proc/self/stat: a field is missing or not a number");
  }
  return stat;
}

Result<std::uint64_t> parse_boot_time(std::string_view text) {
  const auto lines = words(text);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::uint64_t seconds = 0;
    if (lines[i] == "btime" && parse_number(lines[i + 1], seconds)) return seconds;
  }
  return malformed("/proc/stat: no btime");
}

Result<ProcessFigures> read_process_figures() {
  auto stat_text = read_file("/proc/self/stat", kMaxSmallFileBytes);
  if (!stat_text) return std::move(stat_text).error();
  auto stat = parse_proc_stat(*stat_text);
  if (!stat) return std::move(stat).error();
  auto system_text = read_file("/proc/stat", kMaxSmallFileBytes * 16);
  if (!system_text) return std::move(system_text).error();
  auto boot = parse_boot_time(*system_text);
  if (!boot) return std::move(boot).error();
  const auto ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const auto page_bytes = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));

  ProcessFigures figures;
  figures.cpu_seconds = static_cast<double>(stat->user_ticks + stat->system_ticks) / ticks;
  figures.resident_bytes = stat->resident_pages * page_bytes;
  figures.virtual_bytes = stat->virtual_bytes;
  figures.start_time_seconds =
      static_cast<double>(*boot) + static_cast<double>(stat->start_ticks) / ticks;
  std::error_code error;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
       it.increment(error)) {
    ++figures.open_fds;
  }
  if (error)
    return make_error(ErrorCode::kIoError, "cannot list /proc/self/fd: " + error.message());
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) figures.max_fds = limit.rlim_cur;
  return figures;
}

}  // namespace tally::server

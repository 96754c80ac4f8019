#include "audit_check.hpp"

#include <sstream>

#include "dataset.hpp"
#include "tally/engine/audit_log_file.hpp"
#include "tally/engine/op_codec.hpp"

namespace tally::demo {
namespace {

std::vector<std::string> verify_argv(const std::string& definition, const std::string& export_dir) {
  return {"verify", "--export", export_dir, "--definition", definition};
}

// Every acked op in the log exactly once: per device, counters 1..last each once, none after.
std::string exactly_once(const std::string& log_path,
                         const std::map<std::string, std::uint64_t>& last_counters, bool& ok) {
  auto bytes = read_file(log_path);
  if (!bytes) {
    ok = false;
    return "cannot read " + log_path;
  }
  auto log = engine::read_audit_log(*bytes);
  if (!log) {
    ok = false;
    return "cannot read the exported log: " + log.error().to_string();
  }
  std::map<std::string, std::map<std::uint64_t, int>> seen;
  for (const auto& entry : log->entries) {
    auto op = engine::decode_op(entry.op_bytes);
    if (!op) {
      ok = false;
      return "log entry " + std::to_string(entry.index) + ": " + op.error().to_string();
    }
    ++seen[op->dot.device][op->dot.counter];
  }
  std::uint64_t acked = 0;
  std::ostringstream problems;
  std::size_t problem_count = 0;
  for (const auto& [device, last] : last_counters) {
    const auto& counters = seen[device];
    for (std::uint64_t c = 1; c <= last; ++c) {
      const auto it = counters.find(c);
      const int times = it == counters.end() ? 0 : it->second;
      if (times == 1) {
        ++acked;
      } else if (problem_count++ < 5) {
        problems << "\n    " << device << ":" << c << " is in the log " << times << " times";
      }
    }
    if (!counters.empty() && counters.rbegin()->first > last && problem_count++ < 5) {
      problems << "\n    " << device << " has ops in the log after its last counter " << last;
    }
  }
  ok = problem_count == 0;
  return std::to_string(acked) + " acked ops of " + std::to_string(last_counters.size()) +
         " devices checked against " + std::to_string(log->entries.size()) + " log entries: " +
         (ok ? "each exactly once" : std::to_string(problem_count) + " problems") + problems.str();
}

}  // namespace

std::string audit_verify_arguments(const std::string& definition, const std::string& export_dir) {
  std::string text;
  for (const auto& argument : verify_argv(definition, export_dir)) {
    if (argument != "verify") text += (text.empty() ? "" : " ") + argument;
  }
  return text;
}

AuditOutcome check_audit(const Tallyd& tallyd, const std::string& definition,
                         const std::string& export_dir,
                         const std::map<std::string, std::uint64_t>& last_counters) {
  AuditOutcome outcome;
  std::ostringstream summary;
  std::string output;
  auto exported = tallyd.run({"export", "--data", tallyd.data_dir(), "--out", export_dir}, &output);
  if (!exported || !exported->ok()) {
    summary << "  tallyd export failed ("
            << (exported ? exported->describe() : exported.error().to_string()) << "); see "
            << tallyd.log_file() << "\n";
    outcome.summary = summary.str();
    return outcome;
  }
  summary << "  exported to " << export_dir << "\n";
  output.clear();
  auto verified = tallyd.run(verify_argv(definition, export_dir), &output);
  const bool verify_ok = verified && verified->ok();
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) summary << "  | " << line << "\n";
  summary << "  tallyd verify: "
          << (verify_ok ? "passed" : "FAILED (" + (verified ? verified->describe()
                                                            : verified.error().to_string()) + ")")
          << "\n";
  bool once_ok = false;
  summary << "  " << exactly_once(export_dir + "/audit.log", last_counters, once_ok) << "\n";
  outcome.verified = verify_ok && once_ok;
  outcome.summary = summary.str();
  return outcome;
}

}  // namespace tally::demo

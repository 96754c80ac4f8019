#include "worker_report.hpp"

#include <iostream>
#include <sstream>

namespace tally::demo {

namespace {

template <typename Visit>
void fields(WorkerStatus& status, Visit&& visit) {
  visit("online", status.online);
  visit("pending", status.pending);
  visit("sessions", status.sessions);
  visit("entered", status.entered);
  visit("finished", status.finished);
  visit("devices", status.devices);
  visit("errors", status.errors);
  visit("raised", status.raised);
  visit("resolved", status.resolved);
  visit("forms_adjudicated", status.forms_adjudicated);
}

}  // namespace

std::string format_status(const WorkerStatus& status) {
  std::ostringstream line;
  line << "status";
  WorkerStatus copy = status;
  fields(copy, [&](const char* name, auto value) { line << ' ' << name << '=' << value; });
  return line.str();
}

std::optional<WorkerStatus> parse_status(const std::string& line) {
  std::istringstream words(line);
  std::string word;
  if (!(words >> word) || word != "status") return std::nullopt;
  WorkerStatus status;
  while (words >> word) {
    const auto equals = word.find('=');
    if (equals == std::string::npos) return std::nullopt;
    const std::string name = word.substr(0, equals);
    std::uint64_t value = 0;
    try {
      value = std::stoull(word.substr(equals + 1));
    } catch (const std::exception&) {
      return std::nullopt;
    }
    fields(status, [&](const char* field, auto& target) {
      if (name == field) target = static_cast<std::remove_reference_t<decltype(target)>>(value);
    });
  }
  return status;
}

int fail_worker(const std::string& worker, const Error& error) {
  std::cerr << "tally-night " << worker << ": " << error.to_string() << std::endl;
  return 1;
}

}  // namespace tally::demo

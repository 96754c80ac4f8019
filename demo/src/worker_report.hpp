// The line protocol from tally-night's worker processes to the orchestrator: a worker
// prints "status key=value ..." lines on stdout (cumulative figures of this process's
// run), "opened N" while it opens and enrols its devices, and errors on stderr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tally/error.hpp"

namespace tally::demo {

// A worker process's figures since it started.
struct WorkerStatus {
  std::size_t online = 0;        // devices connected now
  std::uint64_t pending = 0;     // ops waiting for an ack
  std::uint64_t sessions = 0;    // connections that reached Welcome
  std::uint64_t entered = 0;     // edits and submissions made (officers)
  std::size_t finished = 0;      // devices whose script is played out
  std::size_t devices = 0;
  std::uint64_t errors = 0;      // refused actions
  std::uint64_t raised = 0;      // distinct conflicting fields seen (supervisors)
  std::uint64_t resolved = 0;    // distinct conflicting fields adjudicated (supervisors)
  std::uint64_t forms_adjudicated = 0;  // forms adjudicated and submitted (supervisors)
  bool operator==(const WorkerStatus&) const = default;
};

std::string format_status(const WorkerStatus& status);
// The status of a "status ..." line; nullopt for any other line.
std::optional<WorkerStatus> parse_status(const std::string& line);

// Prints a worker's fatal error on stderr and returns its exit code (1).
int fail_worker(const std::string& worker, const Error& error);

}  // namespace tally::demo

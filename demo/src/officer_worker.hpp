// A tally-night worker process that runs officers' devices (`tally-night officers`):
// in the enrol phase it enrols every device of its plan with its one-time code; in the
// night phase it plays each device's officer script (officer_script.hpp) against the real
// server, and resumes exactly where the stores left off when it is restarted after a
// SIGKILL. Reports its figures to the orchestrator as lines on stdout (docs/demo.md).
#pragma once

#include <cstdint>
#include <string>

namespace tally::demo {

struct OfficerWorkerArgs {
  std::string plan_file;
  bool enrol_only = false;         // the enrol phase
  std::int64_t night_start_ms = 0;  // the night's start, Unix ms (same clock in every process)
  bool restarted = false;           // started again after being killed: resume from the stores
};

int run_officer_worker(const OfficerWorkerArgs& args);

}  // namespace tally::demo

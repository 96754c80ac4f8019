// The orchestrator of tally-night: prepares the data set and a fresh data directory,
// starts tallyd, enrols the devices through the operator API and the client library,
// runs the night (officer workers, supervisors, SIGKILLs and restarts, live progress),
// then checks the server's tally against the ground truth, has the audit log exported and
// verified in separate processes, and prints the report. Returns the exit code.
#pragma once

#include "options.hpp"

namespace tally::demo {

int run_night(const NightOptions& options);

}  // namespace tally::demo

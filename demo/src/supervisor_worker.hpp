// The supervisors' worker process of tally-night (`tally-night supervisors`): supervisor
// devices (real clients, role supervisor) watch the operator dashboard's list of flagged
// forms, compare each with the paper record, adjudicate every conflicting or wrong field
// to the paper's value through the real protocol, and submit the form. After the
// orchestrator writes "finish" on stdin they keep going until no form is flagged, then exit.
#pragma once

#include <string>

namespace tally::demo {

struct SupervisorWorkerArgs {
  std::string plan_file;
  bool enrol_only = false;
};

int run_supervisor_worker(const SupervisorWorkerArgs& args);

}  // namespace tally::demo

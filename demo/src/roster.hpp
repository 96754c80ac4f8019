// The night's devices for tally-night: one officer's device per station, a second
// officer's device at a seeded share of the stations (some of whom misread a count), and
// the supervisors' devices; each gets a one-time enrolment code from the operator API and
// a store path; they are dealt to the worker processes' plans (a station's two devices
// land in different workers).
#pragma once

#include <functional>
#include <vector>

#include "dataset.hpp"
#include "night_plan.hpp"
#include "operator_api.hpp"
#include "options.hpp"

namespace tally::demo {

struct Roster {
  std::vector<WorkerPlan> officer_workers;
  WorkerPlan supervisors;
  std::size_t devices = 0;
  std::size_t second_officers = 0;
  std::size_t dissenters = 0;
};

// Decides the devices, asks the operator API for their codes (several connections at
// once; `progress(done, total)` as codes arrive) and fills in the plans. `base` carries
// the server's URLs, files and the seed into every plan.
Result<Roster> make_roster(const NightOptions& options, const Dataset& dataset,
                           const WorkerPlan& base, const http::ApiTarget& api,
                           const std::string& device_dir,
                           const std::function<void(std::size_t, std::size_t)>& progress);

}  // namespace tally::demo

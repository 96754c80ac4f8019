// The fault tests' officer devices follow tally-night's officer scripts (demo/src/
// officer_script.hpp): timed edits copying their station's paper records, with typos,
// offline stretches and submissions. Each edit or submission makes exactly one op, so the
// device's k-th op is its script's k-th op step: the fault worker resumes after a SIGKILL
// at the step after its store's last own op, and the tests check the server's log against
// the scripts op by op. Shared by the fault-officers worker and the tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "night_plan.hpp"
#include "officer_script.hpp"
#include "tally/engine/form_state.hpp"
#include "tally/engine/op.hpp"

namespace tally::faults {

// The device's whole script (deterministic from the plan's seed and the device).
std::vector<demo::Step> device_script(const demo::WorkerPlan& plan, const demo::DevicePlan& device,
                                      const demo::Dataset& dataset);

// The steps that make an op (sets and submissions), in order: op k is element k - 1.
std::vector<demo::Step> op_steps(const std::vector<demo::Step>& script);

// Every (form, path) the script writes, for finding the device's last own op in its store.
std::vector<std::pair<engine::FormId, std::string>> written_paths(
    const std::vector<demo::Step>& script);

// "" if `op` is what `step` makes, else what differs.
std::string compare_op(const engine::Op& op, const demo::Step& step);

}  // namespace tally::faults

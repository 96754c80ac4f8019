#include "device_script.hpp"

namespace tally::faults {

using demo::Step;

std::vector<Step> device_script(const demo::WorkerPlan& plan, const demo::DevicePlan& device,
                                const demo::Dataset& dataset) {
  const auto by_form = dataset.by_form();
  std::vector<const engine::StationRecord*> records;
  const auto* station = dataset.definition.station(device.station);
  if (station == nullptr) return {};
  for (const auto& contest : station->contests) {
    records.push_back(by_form.at(engine::FormId{device.station, contest.unit_id}));
  }
  demo::Behaviour behaviour;
  behaviour.night_ms = plan.night_ms;
  return demo::officer_script(plan.seed, device, records, behaviour);
}

std::vector<Step> op_steps(const std::vector<Step>& script) {
  std::vector<Step> ops;
  for (const auto& step : script) {
    if (step.kind == Step::Kind::kSet || step.kind == Step::Kind::kSubmit) ops.push_back(step);
  }
  return ops;
}

std::vector<std::pair<engine::FormId, std::string>> written_paths(const std::vector<Step>& script) {
  std::vector<std::pair<engine::FormId, std::string>> paths;
  for (const auto& step : op_steps(script)) {
    paths.emplace_back(step.form, step.kind == Step::Kind::kSubmit
                                      ? std::string(engine::kSubmissionPath)
                                      : step.path);
  }
  return paths;
}

std::string compare_op(const engine::Op& op, const Step& step) {
  if (op.form != step.form) return "form " + op.form.to_string() + " != " + step.form.to_string();
  if (step.kind == Step::Kind::kSubmit) {
    return op.kind == engine::OpKind::kSubmit ? "" : "a set where the script submits";
  }
  if (op.kind != engine::OpKind::kSet) return "not a set where the script sets " + step.path;
  if (op.field != step.path) return "field " + op.field + " != " + step.path;
  if (op.value != step.value) return "another value of " + step.path;
  return "";
}

}  // namespace tally::faults

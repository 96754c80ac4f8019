#include "tally/client/form_json.hpp"

#include <boost/json.hpp>

#include "tally/engine/names.hpp"

namespace tally::client {
namespace {

namespace json = boost::json;

json::value value_to_json(const engine::OpValue& value) {
  if (const auto* count = std::get_if<engine::Count>(&value)) return json::value(*count);
  if (const auto* text = std::get_if<std::string>(&value)) return json::value(*text);
  return json::value(nullptr);
}

json::value field_value_to_json(const engine::FieldValue& value) {
  if (const auto* count = std::get_if<engine::Count>(&value)) return json::value(*count);
  if (const auto* text = std::get_if<std::string>(&value)) return json::value(*text);
  json::object votes;
  for (const auto& [candidate, count] : std::get<engine::VoteMap>(value)) votes[candidate] = count;
  return votes;
}

json::object hlc_to_json(const engine::Hlc& hlc) {
  return json::object{{"physical_ms", hlc.physical_ms}, {"logical", hlc.logical}};
}

json::object error_to_json(const Error& error) {
  return json::object{{"domain", static_cast<int>(error.domain())},
                      {"code", static_cast<int>(error.code)},
                      {"message", error.message},
                      {"transient", error.transient}};
}

}  // namespace

std::string form_to_json(const FormView& view) {
  json::object values;
  for (const auto& [field, value] : view.record.values) values[field] = field_value_to_json(value);
  json::array reasons;
  for (const auto& reason : view.status.reasons) {
    reasons.push_back(
        json::object{{"kind", engine::to_string(reason.kind)}, {"detail", reason.detail}});
  }
  json::array failed;
  for (const auto& failure : view.failed_checks) {
    failed.push_back(json::object{
        {"id", failure.check_id},
        {"severity", failure.severity == engine::Severity::kError ? "error" : "warning"},
        {"message", failure.message}});
  }
  json::array conflicts;
  for (const auto& conflict : view.conflicts) {
    json::array siblings;
    for (const auto& sibling : conflict.siblings) {
      siblings.push_back(json::object{{"value", value_to_json(sibling.value)},
                                      {"device", sibling.dot.device},
                                      {"counter", sibling.dot.counter},
                                      {"kind", engine::to_string(sibling.kind)},
                                      {"hlc", hlc_to_json(sibling.hlc)}});
    }
    conflicts.push_back(json::object{{"field", conflict.path}, {"siblings", std::move(siblings)}});
  }
  json::object form{{"form", view.form.to_string()},
                    {"schema", view.record.schema_id},
                    {"status", engine::to_string(view.status.stage)},
                    {"reasons", std::move(reasons)},
                    {"values", std::move(values)},
                    {"failed_checks", std::move(failed)},
                    {"conflicts", std::move(conflicts)},
                    {"submitted_by_this_device", view.submitted_by_this_device},
                    {"round", view.round}};
  if (view.round_of) {
    form["round_of"] = view.round_of->unit_id;
    form["round_kind"] = engine::round_kind_name(view.round_of->kind);
  }
  return json::serialize(form);
}

std::string history_to_json(const std::vector<HistoryEntry>& history) {
  json::array entries;
  for (const auto& [entry, live] : history) {
    json::array covered;
    for (const auto& dot : entry.covered) {
      covered.push_back(json::object{{"device", dot.device}, {"counter", dot.counter}});
    }
    entries.push_back(json::object{{"device", entry.dot.device},
                                   {"counter", entry.dot.counter},
                                   {"hlc", hlc_to_json(entry.hlc)},
                                   {"skew_ms", entry.skew_ms},
                                   {"kind", engine::to_string(entry.kind)},
                                   {"value", value_to_json(entry.value)},
                                   {"covered", std::move(covered)},
                                   {"live", live}});
  }
  return json::serialize(entries);
}

std::string forms_to_json(const std::vector<engine::FormId>& forms) {
  json::array ids;
  for (const auto& form : forms) ids.push_back(json::value(form.to_string()));
  return json::serialize(ids);
}

std::string sync_state_to_json(const SyncState& state) {
  json::object object{{"phase", to_string(state.phase)}, {"ops_pending", state.ops_pending}};
  object["last_error"] =
      state.last_error ? json::value(error_to_json(*state.last_error)) : json::value(nullptr);
  return json::serialize(object);
}

std::string receipt_check_to_json(const ReceiptCheck& check) {
  json::array problems;
  for (const Error& problem : check.problems) {
    problems.push_back(
        json::object{{"code", static_cast<unsigned>(problem.code)}, {"message", problem.message}});
  }
  return json::serialize(json::object{{"ok", check.ok()},
                                      {"tree_size", check.tree_size},
                                      {"tree_signed_ms", check.tree_signed_ms},
                                      {"root_hash", check.root_hash},
                                      {"previous_tree_size", check.previous_tree_size},
                                      {"ops_checked", check.ops_checked},
                                      {"problems", std::move(problems)}});
}

}  // namespace tally::client

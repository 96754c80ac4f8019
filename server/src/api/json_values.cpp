#include "api/json_values.hpp"

#include <boost/json.hpp>

#include "base/rfc3339.hpp"
#include "tally/engine/names.hpp"

namespace tally::server {

namespace json = boost::json;

json::value op_value_json(const engine::OpValue& value) {
  if (const auto* count = std::get_if<engine::Count>(&value)) return *count;
  if (const auto* text = std::get_if<std::string>(&value)) return json::string(*text);
  return nullptr;
}

json::value sibling_json(const engine::Sibling& sibling) {
  return json::object{{"device", sibling.dot.device},
                      {"counter", sibling.dot.counter},
                      {"hlc_ms", sibling.hlc.physical_ms},
                      {"hlc_logical", sibling.hlc.logical},
                      {"at", rfc3339_utc(sibling.hlc.physical_ms)},
                      {"kind", engine::to_string(sibling.kind)},
                      {"value", op_value_json(sibling.value)}};
}

json::array fields_json(const std::vector<engine::FieldConflict>& conflicts) {
  json::array fields;
  for (const auto& conflict : conflicts) {
    json::array siblings;
    for (const auto& sibling : conflict.siblings) siblings.push_back(sibling_json(sibling));
    fields.push_back(json::object{{"path", conflict.path}, {"siblings", std::move(siblings)}});
  }
  return fields;
}

json::value reasons_json(const engine::FormStatus& status) {
  json::array reasons;
  for (const auto& reason : status.reasons) {
    reasons.push_back(
        json::object{{"kind", engine::to_string(reason.kind)}, {"detail", reason.detail}});
  }
  return reasons;
}

json::value failures_json(const engine::CheckFailures& failures) {
  json::array listed;
  for (const auto& failure : failures) {
    listed.push_back(json::object{
        {"check", failure.check_id},
        {"severity", failure.severity == engine::Severity::kError ? "error" : "warning"},
        {"message", failure.message}});
  }
  return listed;
}

}  // namespace tally::server

#include "api/json_values.hpp"

#include <boost/json.hpp>

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
                      {"kind", engine::to_string(sibling.kind)},
                      {"value", op_value_json(sibling.value)}};
}

json::value reasons_json(const engine::FormStatus& status) {
  json::array reasons;
  for (const auto& reason : status.reasons) {
    reasons.push_back(
        json::object{{"kind", engine::to_string(reason.kind)}, {"detail", reason.detail}});
  }
  return reasons;
}

}  // namespace tally::server

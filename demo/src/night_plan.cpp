#include "night_plan.hpp"

#include <boost/json.hpp>

namespace tally::demo {

namespace json = boost::json;

namespace {

constexpr DeviceKind kKinds[] = {DeviceKind::kOfficer, DeviceKind::kSecondOfficer,
                                 DeviceKind::kDissenter, DeviceKind::kSupervisor};

}  // namespace

std::string_view to_string(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kOfficer: return "officer";
    case DeviceKind::kSecondOfficer: return "second-officer";
    case DeviceKind::kDissenter: return "dissenter";
    case DeviceKind::kSupervisor: return "supervisor";
  }
  return "officer";
}

std::string to_json(const WorkerPlan& plan) {
  json::array devices;
  for (const auto& device : plan.devices) {
    devices.push_back(json::object{{"name", device.name},
                                   {"kind", to_string(device.kind)},
                                   {"station", device.station},
                                   {"code", device.code},
                                   {"store", device.store}});
  }
  return json::serialize(json::object{{"index", plan.index},
                                      {"sync_url", plan.sync_url},
                                      {"api_url", plan.api_url},
                                      {"ca_file", plan.ca_file},
                                      {"token_file", plan.token_file},
                                      {"definition_file", plan.definition_file},
                                      {"records_file", plan.records_file},
                                      {"seed", plan.seed},
                                      {"night_ms", plan.night_ms},
                                      {"devices", std::move(devices)}});
}

Result<WorkerPlan> worker_plan_from_json(const std::string& text) {
  try {
    const json::object document = json::parse(text).as_object();
    const auto string = [](const json::object& object, const char* key) {
      return std::string(object.at(key).as_string());
    };
    WorkerPlan plan;
    plan.index = json::value_to<std::size_t>(document.at("index"));
    plan.sync_url = string(document, "sync_url");
    plan.api_url = string(document, "api_url");
    plan.ca_file = string(document, "ca_file");
    plan.token_file = string(document, "token_file");
    plan.definition_file = string(document, "definition_file");
    plan.records_file = string(document, "records_file");
    plan.seed = json::value_to<std::uint64_t>(document.at("seed"));
    plan.night_ms = json::value_to<std::int64_t>(document.at("night_ms"));
    for (const auto& value : document.at("devices").as_array()) {
      const auto& object = value.as_object();
      DevicePlan device;
      device.name = string(object, "name");
      device.station = string(object, "station");
      device.code = string(object, "code");
      device.store = string(object, "store");
      const std::string kind = string(object, "kind");
      bool known = false;
      for (DeviceKind candidate : kKinds) {
        if (to_string(candidate) == kind) {
          device.kind = candidate;
          known = true;
        }
      }
      if (!known) throw std::invalid_argument("unknown device kind \"" + kind + "\"");
      plan.devices.push_back(std::move(device));
    }
    return plan;
  } catch (const std::exception& error) {
    return make_error(ErrorCode::kInvalidArgument, std::string("worker plan: ") + error.what());
  }
}

}  // namespace tally::demo

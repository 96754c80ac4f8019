#include "api/devices_json.hpp"

#include <boost/json.hpp>

#include "store/data_dir.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/names.hpp"
#include "tally/engine/strict_json.hpp"

namespace tally::server {

namespace json = boost::json;

json::value devices_json(const std::vector<DeviceRow>& devices) {
  json::array list;
  for (const auto& device : devices) {
    list.push_back(json::object{{"id", device.id},
                                {"role", engine::to_string(device.role)},
                                {"station", device.station},
                                {"public_key", engine::to_hex(device.public_key)},
                                {"enrolled_ms", device.enrolled_ms},
                                {"revoked", device.revoked}});
  }
  return json::object{{"format", "tally-devices/1"}, {"devices", std::move(list)}};
}

Result<std::map<std::string, engine::Ed25519PublicKey>> read_device_keys(std::string_view text) {
  const auto bad = [](const std::string& where) {
    return make_error(ErrorCode::kMalformed, "devices file: " + where);
  };
  auto parsed = engine::parse_strict_json(text, ErrorCode::kMalformed);
  if (!parsed) return bad(parsed.error().message);
  const json::value& document = *parsed;
  const json::object* root = document.if_object();
  const json::value* list = root == nullptr ? nullptr : root->if_contains("devices");
  if (list == nullptr || !list->is_array()) return bad("expected {\"devices\": [...]}");
  std::map<std::string, engine::Ed25519PublicKey> keys;
  std::size_t index = 0;
  for (const auto& entry : list->get_array()) {
    const std::string where = "devices[" + std::to_string(index++) + "]";
    const json::object* device = entry.if_object();
    const json::value* id = device == nullptr ? nullptr : device->if_contains("id");
    const json::value* key = device == nullptr ? nullptr : device->if_contains("public_key");
    if (id == nullptr || !id->is_string() || key == nullptr || !key->is_string()) {
      return bad(where + ": needs string \"id\" and \"public_key\"");
    }
    engine::Ed25519PublicKey public_key{};
    if (auto decoded = engine::from_hex(key->get_string(), public_key); !decoded) {
      return bad(where + ".public_key: " + decoded.error().message);
    }
    keys[std::string(id->get_string())] = public_key;
  }
  return keys;
}

}  // namespace tally::server

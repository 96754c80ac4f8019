// The devices file of an export (format tally-devices/1): each device's id, role,
// station and Ed25519 public key (hex), so that a verifier can check submissions.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <vector>

#include "tally/server/store.hpp"

namespace tally::server {

boost::json::value devices_json(const std::vector<DeviceRow>& devices);

// Public keys by device id from a devices file; errors name the bad entry.
Result<std::map<std::string, engine::Ed25519PublicKey>> read_device_keys(std::string_view json);

}  // namespace tally::server

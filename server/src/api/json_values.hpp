// JSON forms of engine values for the API and exports: op values, siblings, flag reasons,
// check failures and times. (Records are written by the engine's records_json.hpp.)
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "tally/engine/form_state.hpp"
#include "tally/engine/form_status.hpp"
#include "tally/engine/record.hpp"

namespace tally::server {

// A count, a text, or null for a cleared value.
boost::json::value op_value_json(const engine::OpValue& value);
// {"device", "counter", "hlc_ms", "hlc_logical", "at", "kind", "value"}
boost::json::value sibling_json(const engine::Sibling& sibling);
// The conflicting fields of a form: [{"path", "siblings": [sibling_json, ...]}, ...]
boost::json::array fields_json(const std::vector<engine::FieldConflict>& conflicts);
// [{"kind": "failed_check", "detail": "valid_plus_invalid"}, ...]
boost::json::value reasons_json(const engine::FormStatus& status);
// [{"check": "valid_plus_invalid", "severity": "error", "message": "..."}, ...]
boost::json::value failures_json(const engine::CheckFailures& failures);

}  // namespace tally::server

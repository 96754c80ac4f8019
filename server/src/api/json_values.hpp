// JSON forms of engine values for the API and exports: op values, siblings and flag
// reasons. (Records are written by the engine's records_json.hpp.)
#pragma once

#include <boost/json/value.hpp>

#include "tally/engine/form_state.hpp"
#include "tally/engine/form_status.hpp"
#include "tally/engine/record.hpp"

namespace tally::server {

// A count, a text, or null for a cleared value.
boost::json::value op_value_json(const engine::OpValue& value);
// {"device", "counter", "hlc_ms", "hlc_logical", "kind", "value"}
boost::json::value sibling_json(const engine::Sibling& sibling);
// [{"kind": "failed_check", "detail": "valid_plus_invalid"}, ...]
boost::json::value reasons_json(const engine::FormStatus& status);

}  // namespace tally::server

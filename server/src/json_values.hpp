// JSON forms of engine values for the API and exports: record values as in
// docs/formats.md ("values"), op values, siblings and flag reasons.
#pragma once

#include <boost/json/value.hpp>

#include "tally/engine/form_state.hpp"
#include "tally/engine/form_status.hpp"
#include "tally/engine/record.hpp"

namespace tally::server {

// {"registered": 812, ..., "votes": {"NA-01-C01": 640}, "notes": "..."}
boost::json::value record_values_json(const engine::StationRecord& record);
// A count, a text, or null for a cleared value.
boost::json::value op_value_json(const engine::OpValue& value);
// {"device", "counter", "hlc_ms", "hlc_logical", "kind", "value"}
boost::json::value sibling_json(const engine::Sibling& sibling);
// [{"kind": "failed_check", "detail": "valid_plus_invalid"}, ...]
boost::json::value reasons_json(const engine::FormStatus& status);

}  // namespace tally::server

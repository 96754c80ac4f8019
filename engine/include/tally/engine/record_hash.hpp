// The canonical hash of a station record's values: what a device signs when it submits
// the record, and what the lifecycle compares a live submission with.
//
// Used by the client (to build kSubmit ops), form_status (to detect values changed since
// submission), the server and the verifier (to check submission signatures). The byte
// layout is in docs/sync-model.md ("Record values hash").
#pragma once

#include <string>

#include "tally/engine/record.hpp"
#include "tally/engine/sha256.hpp"

namespace tally::engine {

// The canonical bytes hashed by record_values_hash: a domain tag, the form id and every
// value in field-name order (vote maps in candidate-id order). schema_id is not included.
std::string record_values_bytes(const StationRecord& record);

// SHA-256 of record_values_bytes(record).
Sha256Digest record_values_hash(const StationRecord& record);

}  // namespace tally::engine

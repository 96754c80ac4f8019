// Which records of a records file a tally counts, the server's way: what tally-offline
// does before it tallies, so that an auditor re-tallying an export gets the published
// tally or a clear refusal. Pure.
#pragma once

#include <string>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/form_schema.hpp"
#include "tally/engine/records_json.hpp"

namespace tally::engine {

// The records to tally, and the ones left out with why ("TN-0001/NA-01: flagged").
struct CountedRecords {
  std::vector<StationRecord> counted;
  std::vector<std::string> left_out;
};

// A record with a status (an export) counts only if "accepted", and an accepted record must
// be a form of the definition and pass every error-level check of validate_record (its
// station's voter list included), as the server's acceptance required: otherwise the file
// is refused (kRecordsInvalid), since its statuses cannot be honoured. A record without a
// status (a ground truth) counts if it is a form of the definition and passes every
// error-level check; otherwise it is left out, as the server would have flagged it.
Result<CountedRecords> records_to_count(const ElectionDefinition& definition,
                                        const FormSchema& schema, const RecordsFile& file);

}  // namespace tally::engine

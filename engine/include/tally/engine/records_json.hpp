// The station records file, format "tally-records/1" (docs/formats.md): a list of station
// count records of one election. The Thái Nguyên data set's ground truth is one; exports
// write them too, adding a "status" (and "reasons") per record, which reading keeps.
//
// Used by the data-set generator, the offline tally tool, the exports and the verifier.
// Pure: the caller reads and writes the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// The "format" member every records file carries.
inline constexpr std::string_view kRecordsFormat = "tally-records/1";

// A parsed records file: the election it belongs to and its records, in file order, and
// each record's status as an export lists it ("draft", "accepted" or "flagged"; parallel
// to `records`), or none for a file without statuses (a ground truth).
struct RecordsFile {
  std::string election_id;
  std::vector<StationRecord> records;
  std::vector<std::string> statuses;  // empty, or one per record
  bool operator==(const RecordsFile&) const = default;
};

// Parses a records file. Values are read by their JSON type (integer → count, string →
// text, object of integers → vote map); whether they suit the form schema is
// validation's job (form_schema.hpp). Refuses malformed JSON (kRecordsParse, with line and
// column), and a missing or unknown member, a wrong type, a "form" that is not
// "<station>/<unit>" of the record, a form listed twice, a status other than draft,
// accepted or flagged, and a status on some records only (kRecordsInvalid), each naming
// the JSON path, e.g. "records[12].values.votes.NA-01-C02: expected an integer".
Result<RecordsFile> parse_records_file(std::string_view json);

// parse_records_file() without the election id.
Result<std::vector<StationRecord>> parse_records_json(std::string_view json);

// Writes a records file. Deterministic: records in the given order; per record the
// station-count fields in form order (registered, voted, issued, received, valid,
// invalid, votes, complaints_received, complaints_resolved, complaints_forwarded,
// notes), then any other field by name; votes by candidate id. One record per line.
std::string records_to_json(std::string_view election_id,
                            const std::vector<StationRecord>& records);

// The names of the record's fields in the order records_to_json() writes them: the
// station-count fields in form order, then any other field by name.
std::vector<std::string> fields_in_form_order(const StationRecord& record);

}  // namespace tally::engine

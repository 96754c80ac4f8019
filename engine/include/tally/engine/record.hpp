// Station count records: the values an officer enters for one (station, contest).
//
// Used by the form schema (validation), the tally (sums of accepted records), the sync
// layer (a form's merged state materialises into a StationRecord) and the exports.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "tally/error.hpp"

namespace tally::engine {

// A non-negative count of voters, ballots or votes. Signed so that a bad entry
// (negative) can be represented, reported and refused rather than wrapped around.
using Count = std::int64_t;

// Votes per candidate id, for a "candidate-vote map" field.
using VoteMap = std::map<std::string, Count>;

// The value of one field of a record: a count, a text, or a per-candidate vote map.
using FieldValue = std::variant<Count, std::string, VoteMap>;

// Identifies a form: one per (station, electoral unit), written "<station>/<unit>",
// e.g. "TN-0001/NA-01".
struct FormId {
  std::string station_id;
  std::string unit_id;

  [[nodiscard]] std::string to_string() const { return station_id + "/" + unit_id; }
  auto operator<=>(const FormId&) const = default;
};

// Parses "STATION/UNIT" (FormId::to_string's text), as tools, the C API and the HTTP API
// take it; kInvalidArgument if either part is empty or there is not exactly one '/'.
Result<FormId> parse_form_id(std::string_view text);

// One station's count record for one contest. Fields absent from `values` were not
// entered (a draft); the schema says which fields a complete record has.
struct StationRecord {
  FormId form;
  std::string schema_id;  // "<schema name>/<version>", e.g. "station-count/1"
  std::map<std::string, FieldValue> values;

  // The count stored under `field`, or nullptr if absent or not a count.
  [[nodiscard]] const Count* count(const std::string& field) const {
    auto it = values.find(field);
    return it == values.end() ? nullptr : std::get_if<Count>(&it->second);
  }
  // The vote map stored under `field`, or nullptr if absent or not a vote map.
  [[nodiscard]] const VoteMap* votes(const std::string& field) const {
    auto it = values.find(field);
    return it == values.end() ? nullptr : std::get_if<VoteMap>(&it->second);
  }
  bool operator==(const StationRecord&) const = default;
};

// Names of the station-count fields the tally reads (schema "station-count").
namespace fields {
inline constexpr const char* kRegistered = "registered";
inline constexpr const char* kVoted = "voted";
inline constexpr const char* kIssued = "issued";
inline constexpr const char* kReceived = "received";
inline constexpr const char* kValid = "valid";
inline constexpr const char* kInvalid = "invalid";
inline constexpr const char* kVotes = "votes";
inline constexpr const char* kComplaintsReceived = "complaints_received";
inline constexpr const char* kComplaintsResolved = "complaints_resolved";
inline constexpr const char* kComplaintsForwarded = "complaints_forwarded";
inline constexpr const char* kNotes = "notes";
}  // namespace fields

}  // namespace tally::engine

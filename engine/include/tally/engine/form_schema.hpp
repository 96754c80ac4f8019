// Form schemas: the typed fields of a station's count record and the checks on them,
// loaded from schemas/forms/*.json (format in docs/form-schema.md).
//
// The server and the client use check_field_value() to refuse a bad edit before it is
// merged; the form lifecycle, the exports and the verifier use validate_record() to find
// the failed checks of a record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/check_result.hpp"
#include "tally/engine/definition.hpp"
#include "tally/engine/expression.hpp"
#include "tally/engine/field_path.hpp"
#include "tally/engine/op.hpp"
#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// The "format" member every form schema file carries.
inline constexpr std::string_view kFormSchemaFormat = "tally-form-schema/1";
// Default "max" of a count or candidate_votes field.
inline constexpr Count kDefaultCountMax = 10'000'000;
// Default "max_length" of a text field, in Unicode code points.
inline constexpr std::size_t kDefaultTextMaxLength = 2000;
// Context variables every check may read besides the fields: the unit's seats and its
// number of candidates.
inline constexpr std::string_view kSeatsVariable = "seats";
inline constexpr std::string_view kCandidatesVariable = "candidates";

// What a field holds: a non-negative count, a text, or votes per candidate of the unit.
enum class FieldType : std::uint8_t { kCount, kText, kCandidateVotes };

// A text in Vietnamese and English (labels and help shown to officers).
struct LocalizedText {
  std::string vi;
  std::string en;
};

// One field of a form.
struct FieldSpec {
  std::string name;  // also the name checks use
  FieldType type = FieldType::kCount;
  LocalizedText label;
  LocalizedText help;            // empty if the schema gives none
  bool required = false;         // a complete record has it (a vote map: one entry per candidate)
  Count max = kDefaultCountMax;  // counts and candidate votes
  std::size_t max_length = kDefaultTextMaxLength;  // texts
};

// One declarative check, e.g. id "valid_plus_invalid", expr `valid + invalid == received`.
struct FormCheck {
  std::string id;
  Expression expression;
  Severity severity = Severity::kError;
  std::string message;  // what the rule says, for people
};

// A loaded, checked form schema: fields and their parsed, type-checked checks.
struct FormSchema {
  std::string id;  // "<name>/<version>", e.g. "station-count/1"
  std::string name;
  int version = 0;
  LocalizedText title;
  std::vector<FieldSpec> fields;
  std::vector<FormCheck> checks;

  // The field called `field_name`, or nullptr.
  [[nodiscard]] const FieldSpec* field(std::string_view field_name) const;
};

// Parses and checks a form schema. Errors (ErrorCode 2xx) name the JSON path of the
// offending item, e.g. `checks[2].expr: column 7: '+' needs integers, but 'votes' is a
// candidate-vote map`.
Result<FormSchema> load_form_schema(std::string_view json);

// The failed checks of a record of `unit` (failure ids in docs/form-schema.md): per field,
// in schema order, "required_<f>", "type_<f>", "non_negative_<f>", "max_<f>",
// "max_length_<f>", "candidates_<f>" (a vote-map key that is not a candidate of the unit);
// then "unknown_<f>" for a value of no schema field, "schema" if the record names another
// schema; then every schema check whose fields all have values of the right type; then,
// given the station's `contest` in the definition, "registered_voter_list" when the
// record's registered voters are not the definition's voter list for that station and
// level (lists may differ between levels, so the record's own level is read).
CheckFailures validate_record(const FormSchema& schema, const StationRecord& record,
                              const ElectoralUnit& unit, const StationContest* contest);

// Whether an edit writing `value` at `path` of a form of `unit` is acceptable: the field
// exists (a vote-map entry names a candidate of the unit; a map field is only written entry
// by entry), the value has the field's type, a count is non-negative and within max, a text
// is UTF-8 within max_length. Cleared is always acceptable. Errors: kUnknownField,
// kWrongValueType, kNegativeCount, kValueTooLarge.
Status check_field_value(const FormSchema& schema, const ElectoralUnit& unit, const FieldPath& path,
                         const OpValue& value);

}  // namespace tally::engine

// Record validation against a form schema: per-field checks (presence, type, range,
// candidates) and the schema's declarative checks; and the per-edit check of one value.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "tally/engine/form_schema.hpp"
#include "tally/engine/wire_limits.hpp"

namespace tally::engine {
namespace {

Error record_error(ErrorCode code, const std::string& message) { return make_error(code, message); }

// The number of code points of `text`, or nullopt if it is not well-formed UTF-8
// (no overlong forms, no surrogates, nothing above U+10FFFF).
std::optional<std::size_t> utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = lead < 0x80                   ? 0
                        : lead >= 0xc2 && lead < 0xe0 ? 1
                        : lead >= 0xe0 && lead < 0xf0 ? 2
                        : lead >= 0xf0 && lead < 0xf5 ? 3
                                                      : 4;
    if (extra == 4 || i + extra >= text.size()) return std::nullopt;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return std::nullopt;
    }
    if (extra >= 2) {
      auto second = static_cast<unsigned char>(text[i + 1]);
      if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second >= 0xa0) ||
          (lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second >= 0x90)) {
        return std::nullopt;
      }
    }
    i += extra + 1;
  }
  return count;
}

bool is_candidate(const ElectoralUnit& unit, std::string_view id) {
  return std::any_of(unit.candidates.begin(), unit.candidates.end(),
                     [&](const Candidate& candidate) { return candidate.id == id; });
}

std::string candidate_error(const std::string& path, const FieldPath& entry,
                            const ElectoralUnit& unit) {
  return path + ": '" + entry.key + "' is not a candidate of unit " + unit.id;
}

Status check_count(const FieldSpec& field, const std::string& path, Count value) {
  if (value < 0) {
    return record_error(ErrorCode::kNegativeCount,
                        path + " is " + std::to_string(value) + "; a count cannot be negative");
  }
  if (value > field.max) {
    return record_error(
        ErrorCode::kValueTooLarge,
        path + " is " + std::to_string(value) + ", above its maximum " + std::to_string(field.max));
  }
  return {};
}

Status check_text(const FieldSpec& field, const std::string& path, const std::string& value) {
  auto length = utf8_length(value);
  if (!length) return record_error(ErrorCode::kWrongValueType, path + " is not valid UTF-8 text");
  // The op carrying it must decode on the other side (wire_limits.hpp).
  if (value.size() > kMaxTextBytes) {
    return record_error(ErrorCode::kValueTooLarge, path + " has " + std::to_string(value.size()) +
                                                       " bytes, above the wire's limit of " +
                                                       std::to_string(kMaxTextBytes));
  }
  if (*length > field.max_length) {
    return record_error(ErrorCode::kValueTooLarge, path + " has " + std::to_string(*length) +
                                                       " characters, above its maximum " +
                                                       std::to_string(field.max_length));
  }
  return {};
}

const char* type_name(FieldType type) {
  switch (type) {
    case FieldType::kCount:
      return "a count";
    case FieldType::kText:
      return "a text";
    case FieldType::kCandidateVotes:
      return "a candidate-vote map";
  }
  return "a value";
}

const char* value_type_name(const FieldValue& value) {
  if (std::holds_alternative<Count>(value)) return "a count";
  if (std::holds_alternative<std::string>(value)) return "a text";
  return "a candidate-vote map";
}

// Collects the failures of one record; binds the values checks may read.
class RecordValidator {
 public:
  RecordValidator(const FormSchema& schema, const ElectoralUnit& unit)
      : schema_(schema), unit_(unit) {
    bindings_.integers.emplace(kSeatsVariable, unit.seats);
    bindings_.integers.emplace(kCandidatesVariable, static_cast<Count>(unit.candidates.size()));
  }

  CheckFailures run(const StationRecord& record) {
    for (const auto& field : schema_.fields) {
      auto it = record.values.find(field.name);
      if (it == record.values.end()) {
        if (field.required) {
          fail("required_" + field.name, field.label.en + " (" + field.name + ") is missing");
        }
        continue;
      }
      check_value(field, it->second);
    }
    for (const auto& [name, value] : record.values) {
      if (schema_.field(name) == nullptr) {
        fail("unknown_" + name, name + " is not a field of form schema " + schema_.id);
      }
    }
    if (!record.schema_id.empty() && record.schema_id != schema_.id) {
      fail("schema", "the record was entered against " + record.schema_id + ", not " + schema_.id);
    }
    for (const auto& check : schema_.checks) evaluate(check);
    return std::move(failures_);
  }

 private:
  void fail(std::string id, std::string message, Severity severity = Severity::kError) {
    failures_.push_back(CheckFailure{std::move(id), severity, std::move(message)});
  }

  // Turns a refused value into a failure whose id says why, e.g. "max_valid".
  void fail_status(const FieldSpec& field, const Status& status) {
    if (status.ok()) return;
    const char* prefix = status.error().code == ErrorCode::kNegativeCount    ? "non_negative_"
                         : status.error().code == ErrorCode::kWrongValueType ? "type_"
                         : field.type == FieldType::kText                    ? "max_length_"
                                                                             : "max_";
    fail(prefix + field.name, status.error().message);
  }

  void check_value(const FieldSpec& field, const FieldValue& value) {
    if (const Count* count = std::get_if<Count>(&value); count && field.type == FieldType::kCount) {
      fail_status(field, check_count(field, field.name, *count));
      bindings_.integers.emplace(field.name, *count);
    } else if (const auto* text = std::get_if<std::string>(&value);
               text && field.type == FieldType::kText) {
      fail_status(field, check_text(field, field.name, *text));
    } else if (const auto* votes = std::get_if<VoteMap>(&value);
               votes && field.type == FieldType::kCandidateVotes) {
      check_votes(field, *votes);
      bindings_.maps.emplace(field.name, *votes);
    } else {
      fail("type_" + field.name, field.name + " should be " + type_name(field.type) + ", but is " +
                                     value_type_name(value));
    }
  }

  void check_votes(const FieldSpec& field, const VoteMap& votes) {
    for (const auto& [candidate, count] : votes) {
      FieldPath entry{field.name, candidate};
      if (!is_candidate(unit_, candidate)) {
        fail("candidates_" + field.name, candidate_error(entry.to_string(), entry, unit_));
      }
      fail_status(field, check_count(field, entry.to_string(), count));
    }
    if (!field.required) return;
    std::string missing;
    for (const auto& candidate : unit_.candidates) {
      if (!votes.contains(candidate.id)) missing += (missing.empty() ? "" : ", ") + candidate.id;
    }
    if (!missing.empty()) {
      fail("required_" + field.name,
           field.label.en + " (" + field.name + ") has no entry for " + missing);
    }
  }

  // Evaluates a check if every name it reads has a value of the right type.
  void evaluate(const FormCheck& check) {
    for (const auto& name : check.expression.names()) {
      if (!bindings_.integers.contains(name) && !bindings_.maps.contains(name)) return;
    }
    auto outcome = evaluate_condition(check.expression, bindings_);
    std::string where = check.message + " (" + check.expression.text() + ": ";
    if (!outcome.ok()) {
      fail(check.id, where + "could not be evaluated: " + outcome.error().message + ")");
    } else if (!outcome->holds) {
      fail(check.id, where + outcome->detail + ")", check.severity);
    }
  }

  const FormSchema& schema_;
  const ElectoralUnit& unit_;
  Bindings bindings_;
  CheckFailures failures_;
};

}  // namespace

CheckFailures validate_record(const FormSchema& schema, const StationRecord& record,
                              const ElectoralUnit& unit, const StationContest* contest) {
  CheckFailures failures = RecordValidator(schema, unit).run(record);
  const Count* registered = record.count(fields::kRegistered);
  if (contest != nullptr && registered != nullptr && *registered != contest->registered) {
    failures.push_back(CheckFailure{
        "registered_voter_list", Severity::kError,
        "registered voters (" + std::to_string(*registered) + ") differ from the voter list of " +
            record.form.station_id + " for " + contest->level_id + " in the definition (" +
            std::to_string(contest->registered) + ")"});
  }
  return failures;
}

Status check_field_value(const FormSchema& schema, const ElectoralUnit& unit, const FieldPath& path,
                         const OpValue& value) {
  const FieldSpec* field = schema.field(path.field);
  std::string where = path.to_string();
  if (field == nullptr || path.field.empty()) {
    return record_error(ErrorCode::kUnknownField,
                        "'" + where + "' is not a field of form schema " + schema.id);
  }
  if (field->type == FieldType::kCandidateVotes) {
    if (!path.is_map_entry()) {
      return record_error(
          ErrorCode::kUnknownField,
          where + " is a candidate-vote map: write one entry, " + field->name + ".<candidate id>");
    }
    if (!is_candidate(unit, path.key)) {
      return record_error(ErrorCode::kUnknownField, candidate_error(where, path, unit));
    }
  } else if (path.is_map_entry()) {
    return record_error(ErrorCode::kUnknownField, field->name + " is " + type_name(field->type) +
                                                      " and has no entry '" + path.key + "'");
  }
  if (std::holds_alternative<Cleared>(value)) return {};
  if (field->type == FieldType::kText) {
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr) {
      return record_error(ErrorCode::kWrongValueType, where + " takes a text, not a count");
    }
    return check_text(*field, where, *text);
  }
  const auto* count = std::get_if<Count>(&value);
  if (count == nullptr) {
    return record_error(ErrorCode::kWrongValueType, where + " takes a count, not a text");
  }
  return check_count(*field, where, *count);
}

}  // namespace tally::engine

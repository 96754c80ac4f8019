#include "tally/engine/counted_records.hpp"

#include "tally/engine/form_status.hpp"

namespace tally::engine {
namespace {

// The first error-level failure of `record`, or "" if it passes; "not a form of the
// definition" for a record of no (station, unit) pair of it.
std::string first_error(const ElectionDefinition& definition, const FormSchema& schema,
                        const StationRecord& record) {
  const ElectoralUnit* unit = definition.unit(record.form.unit_id);
  const StationContest* contest = definition.contest_of(record.form);
  if (unit == nullptr || contest == nullptr) return "not a form of the election definition";
  for (const auto& failure : validate_record(schema, record, *unit, contest)) {
    if (failure.severity == Severity::kError) return failure.check_id + ": " + failure.message;
  }
  return {};
}

}  // namespace

Result<CountedRecords> records_to_count(const ElectionDefinition& definition,
                                        const FormSchema& schema, const RecordsFile& file) {
  CountedRecords result;
  const std::string accepted(to_string(FormStage::kAccepted));
  for (std::size_t i = 0; i < file.records.size(); ++i) {
    const StationRecord& record = file.records[i];
    const std::string form = record.form.to_string();
    if (!file.statuses.empty() && file.statuses[i] != accepted) {
      result.left_out.push_back(form + ": " + file.statuses[i]);
      continue;
    }
    if (const std::string error = first_error(definition, schema, record); !error.empty()) {
      if (!file.statuses.empty()) {
        return make_error(ErrorCode::kRecordsInvalid,
                          "records[" + std::to_string(i) + "] (" + form +
                              ") is marked accepted but fails " + error +
                              ": the file's statuses cannot be honoured");
      }
      result.left_out.push_back(form + ": " + error);
      continue;
    }
    result.counted.push_back(record);
  }
  return result;
}

}  // namespace tally::engine

#include "tally/engine/records_csv.hpp"

#include "tally/engine/csv.hpp"
#include "tally/engine/records_json.hpp"

namespace tally::engine {

namespace {

std::string candidate_name(const ElectoralUnit* unit, const std::string& candidate_id) {
  if (unit == nullptr) return {};
  for (const Candidate& candidate : unit->candidates) {
    if (candidate.id == candidate_id) return candidate.name;
  }
  return {};
}

}  // namespace

std::string records_to_csv(const ElectionDefinition& definition,
                           const std::vector<StationRecord>& records,
                           const std::vector<std::string>& statuses) {
  std::string csv;
  append_csv_row(csv, {"form", "station", "station_name", "unit", "unit_name", "status", "field",
                       "candidate_name", "value"});
  for (std::size_t r = 0; r < records.size(); ++r) {
    const StationRecord& record = records[r];
    const PollingStation* station = definition.station(record.form.station_id);
    const ElectoralUnit* unit = definition.unit(record.form.unit_id);
    const std::vector<std::string> form = {record.form.to_string(),
                                           record.form.station_id,
                                           station != nullptr ? station->name : std::string{},
                                           record.form.unit_id,
                                           unit != nullptr ? unit->name : std::string{},
                                           r < statuses.size() ? statuses[r] : std::string{}};
    const auto row = [&](const std::string& field, const std::string& name,
                         const std::string& value) {
      std::vector<std::string> fields = form;
      fields.insert(fields.end(), {field, name, value});
      append_csv_row(csv, fields);
    };
    for (const std::string& field : fields_in_form_order(record)) {
      const FieldValue& value = record.values.at(field);
      if (const Count* count = std::get_if<Count>(&value)) {
        row(field, {}, std::to_string(*count));
      } else if (const std::string* text = std::get_if<std::string>(&value)) {
        row(field, {}, *text);
      } else {
        for (const auto& [candidate, votes] : std::get<VoteMap>(value)) {
          row(field + "." + candidate, candidate_name(unit, candidate), std::to_string(votes));
        }
      }
    }
  }
  return csv;
}

}  // namespace tally::engine

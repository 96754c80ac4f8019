#include "tally/engine/records_json.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "base/json_reader.hpp"
#include "tally/engine/form_status.hpp"
#include "tally/engine/json_layout.hpp"

namespace tally::engine {

namespace json = boost::json;

namespace {

const JsonReader kReader(ErrorCode::kRecordsParse, ErrorCode::kRecordsInvalid);

// The station-count fields in form order: how records_to_json() orders a record's values.
constexpr std::array<std::string_view, 11> kFieldOrder = {fields::kRegistered,
                                                          fields::kVoted,
                                                          fields::kIssued,
                                                          fields::kReceived,
                                                          fields::kValid,
                                                          fields::kInvalid,
                                                          fields::kVotes,
                                                          fields::kComplaintsReceived,
                                                          fields::kComplaintsResolved,
                                                          fields::kComplaintsForwarded,
                                                          fields::kNotes};

FieldValue read_value(const json::value& value, const std::string& path) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_object()) {
    VoteMap votes;
    for (const auto& entry : value.get_object()) {
      std::string entry_path = JsonReader::member_path(path, entry.key());
      if (entry.key().empty()) kReader.fail(entry_path, "empty candidate id");
      votes.emplace(std::string(entry.key()), kReader.integer_value(entry.value(), entry_path));
    }
    return votes;
  }
  if (value.is_int64() || value.is_uint64()) return kReader.integer_value(value, path);
  kReader.fail(path, "expected an integer, a string or an object of integers");
}

// The record's "status" member ("" if it has none); one of the form stages' names.
std::string read_status(const json::value& value, const std::string& path) {
  const json::value* status = value.as_object().if_contains("status");
  if (status == nullptr) return {};
  std::string text = kReader.string_member(value.as_object(), path, "status");
  if (text != to_string(FormStage::kDraft) && text != to_string(FormStage::kAccepted) &&
      text != to_string(FormStage::kFlagged)) {
    kReader.fail(JsonReader::member_path(path, "status"),
                 "\"" + text + "\" is not draft, accepted or flagged");
  }
  return text;
}

StationRecord read_record(const json::value& value, const std::string& path) {
  const json::object& object = kReader.as_object(value, path);
  kReader.only_members(object, path,
                       {"form", "station", "unit", "schema", "values", "status", "reasons"});
  StationRecord record;
  record.form.station_id = kReader.string_member(object, path, "station");
  record.form.unit_id = kReader.string_member(object, path, "unit");
  std::string form = kReader.string_member(object, path, "form");
  if (form != record.form.to_string()) {
    kReader.fail(JsonReader::member_path(path, "form"),
                 "\"" + form + "\" is not \"<station>/<unit>\" of this record (\"" +
                     record.form.to_string() + "\")");
  }
  record.schema_id = kReader.string_member(object, path, "schema");
  std::string values_path = JsonReader::member_path(path, "values");
  const json::object& values =
      kReader.as_object(kReader.member(object, path, "values"), values_path);
  for (const auto& entry : values) {
    record.values.emplace(
        std::string(entry.key()),
        read_value(entry.value(), JsonReader::member_path(values_path, entry.key())));
  }
  return record;
}

RecordsFile read_records_document(std::string_view text) {
  json::value document = kReader.parse(text);
  const json::object& root = kReader.as_object(document, "");
  kReader.only_members(root, "", {"format", "election", "records"});
  std::string format = kReader.string_member(root, "", "format");
  if (format != kRecordsFormat) {
    kReader.fail("format", "\"" + format + "\" is not \"" + std::string(kRecordsFormat) + "\"");
  }
  RecordsFile file;
  file.election_id = kReader.string_member(root, "", "election");
  const json::array& records = kReader.array_member(root, "", "records");
  std::map<FormId, std::size_t> seen;
  file.records.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::string path = JsonReader::index_path("records", i);
    StationRecord record = read_record(records[i], path);
    auto [it, inserted] = seen.emplace(record.form, i);
    if (!inserted) {
      kReader.fail(JsonReader::member_path(path, "form"), "form " + record.form.to_string() +
                                                              " is already in records[" +
                                                              std::to_string(it->second) + "]");
    }
    file.records.push_back(std::move(record));
    std::string status = read_status(records[i], path);
    if (i > 0 && status.empty() != file.statuses.empty()) {
      kReader.fail(JsonReader::member_path(path, "status"),
                   status.empty() ? "missing, while the records before it have one"
                                  : "given, while the records before it have none");
    }
    if (!status.empty()) file.statuses.push_back(std::move(status));
  }
  return file;
}

json::value write_value(const FieldValue& value) {
  if (const Count* count = std::get_if<Count>(&value)) return *count;
  if (const std::string* text = std::get_if<std::string>(&value)) return json::string(*text);
  json::object votes;
  for (const auto& [candidate, count] : std::get<VoteMap>(value)) votes[candidate] = count;
  return votes;
}

json::object write_record(const StationRecord& record) {
  json::object values;
  for (const std::string& field : fields_in_form_order(record)) {
    values[field] = write_value(record.values.at(field));
  }
  json::object object;
  object["form"] = record.form.to_string();
  object["station"] = record.form.station_id;
  object["unit"] = record.form.unit_id;
  object["schema"] = record.schema_id;
  object["values"] = std::move(values);
  return object;
}

}  // namespace

std::vector<std::string> fields_in_form_order(const StationRecord& record) {
  std::vector<std::string> order;
  for (std::string_view field : kFieldOrder) {
    if (record.values.contains(std::string(field))) order.emplace_back(field);
  }
  for (const auto& [field, value] : record.values) {
    if (std::find(kFieldOrder.begin(), kFieldOrder.end(), field) == kFieldOrder.end()) {
      order.push_back(field);
    }
  }
  return order;
}

Result<RecordsFile> parse_records_file(std::string_view json) {
  try {
    return read_records_document(json);
  } catch (const JsonError& error) {
    return make_error(error.code, "records file: " + error.message);
  } catch (const std::exception& error) {
    return make_error(ErrorCode::kRecordsInvalid, std::string("records file: ") + error.what());
  }
}

Result<std::vector<StationRecord>> parse_records_json(std::string_view json) {
  Result<RecordsFile> file = parse_records_file(json);
  if (!file.ok()) return std::move(file).error();
  return std::move(file.value().records);
}

std::string records_to_json(std::string_view election_id,
                            const std::vector<StationRecord>& records) {
  json::array array;
  array.reserve(records.size());
  for (const StationRecord& record : records) array.push_back(write_record(record));
  json::object document;
  document["format"] = kRecordsFormat;
  document["election"] = election_id;
  document["records"] = std::move(array);
  return layout_document(document);
}

}  // namespace tally::engine

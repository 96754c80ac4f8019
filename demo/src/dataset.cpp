#include "dataset.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "officer_script.hpp"
#include "tally/engine/definition_loader.hpp"
#include "tally/engine/records_json.hpp"

namespace tally::demo {

namespace json = boost::json;

namespace {

Error dataset_error(const std::string& message) {
  return make_error(ErrorCode::kDefinitionInvalid, message);
}

Result<json::value> parse_json(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::move(text).error();
  json::error_code error;
  json::value document = json::parse(*text, error);
  if (error || !document.is_object()) {
    return dataset_error(path + ": not a JSON object (" + error.message() + ")");
  }
  return document;
}

// The copy `copy` (1, 2, ...) of a station id; copy 0 is the station itself.
std::string copy_id(std::string_view id, std::size_t copy) {
  return copy == 0 ? std::string(id) : std::string(id) + "." + std::to_string(copy);
}

// Resizes the definition's stations (and units) and the records to `stations`.
Status resize(json::object& definition, json::object& records, std::size_t stations) {
  json::array& all_stations = definition.at("stations").as_array();
  json::array& all_records = records.at("records").as_array();
  const std::size_t have = all_stations.size();
  if (stations == 0 || stations == have) return {};
  if (have == 0) return dataset_error("the definition has no stations");

  json::array kept_stations;
  std::set<std::string> kept_units;
  for (std::size_t i = 0; i < stations; ++i) {
    json::object station = all_stations[i % have].as_object();
    const std::size_t copy = i / have;
    const std::string base(station.at("id").as_string());
    station["id"] = copy_id(base, copy);
    if (copy > 0) station["name"] = std::string(station.at("name").as_string()) + " #" +
                                    std::to_string(copy + 1);
    for (const auto& contest : station.at("contests").as_array()) {
      kept_units.insert(std::string(contest.at("unit").as_string()));
    }
    kept_stations.push_back(std::move(station));
  }
  json::array kept_unit_list;
  for (auto& unit : definition.at("units").as_array()) {
    if (kept_units.count(std::string(unit.at("id").as_string())) != 0) {
      kept_unit_list.push_back(unit);
    }
  }
  std::map<std::string, std::vector<const json::object*>> records_by_station;
  for (const auto& record : all_records) {
    const auto& object = record.as_object();
    records_by_station[std::string(object.at("station").as_string())].push_back(&object);
  }
  json::array kept_records;
  for (std::size_t i = 0; i < stations; ++i) {
    const std::size_t copy = i / have;
    const std::string base(all_stations[i % have].at("id").as_string());
    for (const json::object* source : records_by_station[base]) {
      json::object record = *source;
      const std::string station = copy_id(base, copy);
      record["station"] = station;
      record["form"] = station + "/" + std::string(record.at("unit").as_string());
      kept_records.push_back(std::move(record));
    }
  }
  definition["stations"] = std::move(kept_stations);
  definition["units"] = std::move(kept_unit_list);
  records["records"] = std::move(kept_records);
  return {};
}

// Drops the records of about `percent` % of the stations, chosen by a hash of `seed` and
// the station id (the same stations for the same seed, whatever the order).
void drop_unreported(json::object& records, double percent, std::uint64_t seed) {
  if (percent <= 0) return;
  json::array kept;
  for (auto& record : records.at("records").as_array()) {
    const std::string station(record.at("station").as_string());
    const double draw = static_cast<double>(stable_hash(seed, station + "#missing") % 10'000);
    if (draw >= percent * 100) kept.push_back(std::move(record));
  }
  records["records"] = std::move(kept);
}

}  // namespace

std::vector<const engine::StationRecord*> Dataset::records_of(
    const engine::PollingStation& station) const {
  std::vector<const engine::StationRecord*> found;
  for (const auto& contest : station.contests) {
    auto it = record_index.find(engine::FormId{station.id, contest.unit_id});
    if (it != record_index.end()) found.push_back(&records[it->second]);
  }
  return found;
}

std::vector<std::string> Dataset::missing_stations() const {
  std::vector<std::string> missing;
  for (const auto& station : definition.stations()) {
    std::string levels;
    std::size_t lacking = 0;
    for (const auto& contest : station.contests) {
      if (record_index.count(engine::FormId{station.id, contest.unit_id}) != 0) continue;
      levels += (levels.empty() ? "" : ", ") + contest.level_id;
      ++lacking;
    }
    if (lacking == station.contests.size()) {
      missing.push_back(station.id);
    } else if (lacking > 0) {
      missing.push_back(station.id + " (" + levels + ")");
    }
  }
  return missing;
}

std::map<engine::FormId, const engine::StationRecord*> Dataset::by_form() const {
  std::map<engine::FormId, const engine::StationRecord*> forms;
  for (const auto& record : records) forms.emplace(record.form, &record);
  return forms;
}

Status write_file(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) {
      return make_error(ErrorCode::kIoError, "cannot write " + temporary);
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return make_error(ErrorCode::kIoError, "cannot rename to " + path);
  }
  return {};
}

Result<Dataset> load_dataset(const std::string& definition_path,
                             const std::string& records_path) {
  auto definition_text = read_file(definition_path);
  if (!definition_text) return std::move(definition_text).error();
  auto records_text = read_file(records_path);
  if (!records_text) return std::move(records_text).error();
  auto definition = engine::load_election_definition(*definition_text);
  if (!definition) {
    Error error = std::move(definition).error();
    error.message = definition_path + ": " + error.message;
    return error;
  }
  auto records = engine::parse_records_file(*records_text);
  if (!records) {
    Error error = std::move(records).error();
    error.message = records_path + ": " + error.message;
    return error;
  }
  auto truth = engine::tally_all(*definition, records->records);
  if (!truth) {
    Error error = std::move(truth).error();
    error.message = records_path + ": " + error.message;
    return error;
  }
  Dataset dataset{
      std::move(definition).value(), std::move(records->records), std::move(truth).value(), {}};
  for (std::size_t i = 0; i < dataset.records.size(); ++i) {
    dataset.record_index.emplace(dataset.records[i].form, i);
  }
  return dataset;
}

Result<Dataset> prepare_dataset(const std::string& definition_path, const std::string& records_path,
                                std::size_t stations, double missing_percent, std::uint64_t seed,
                                const std::string& definition_out, const std::string& records_out) {
  auto definition = parse_json(definition_path);
  if (!definition) return std::move(definition).error();
  auto records = parse_json(records_path);
  if (!records) return std::move(records).error();
  try {
    if (auto resized = resize(definition->as_object(), records->as_object(), stations);
        !resized) {
      return std::move(resized).error();
    }
    drop_unreported(records->as_object(), missing_percent, seed);
  } catch (const std::exception& error) {  // a member missing or of the wrong type
    return dataset_error(definition_path + " / " + records_path + ": " + error.what());
  }
  if (auto written = write_file(definition_out, json::serialize(*definition)); !written) {
    return std::move(written).error();
  }
  if (auto written = write_file(records_out, json::serialize(*records)); !written) {
    return std::move(written).error();
  }
  return load_dataset(definition_out, records_out);
}

}  // namespace tally::demo

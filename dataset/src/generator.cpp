#include "tally/dataset/generator.hpp"

#include <boost/json.hpp>

#include "check.hpp"
#include "geography.hpp"
#include "outcomes.hpp"
#include "random.hpp"
#include "records.hpp"
#include "tally/engine/definition_loader.hpp"
#include "tally/engine/json_layout.hpp"
#include "tally/engine/records_json.hpp"

namespace tally::engine {

namespace {

namespace json = boost::json;
using dataset::Geography;
using dataset::kLevels;

constexpr const char* kElectionId = "thai-nguyen-2021";
constexpr const char* kElectionName =
    "Bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021–2026, "
    "tỉnh Thái Nguyên";
constexpr const char* kElectionDate = "2021-05-23";

struct LevelText {
  const char* name;
  const char* kind;
};
constexpr std::array<LevelText, kLevels> kLevelText = {{
    {"Quốc hội khóa XV", "national_assembly"},
    {"HĐND tỉnh", "peoples_council"},
    {"HĐND huyện", "peoples_council"},
    {"HĐND xã", "peoples_council"},
}};

json::object unit_json(std::size_t level, const dataset::Unit& unit) {
  json::array candidates;
  for (const Candidate& candidate : unit.candidates) {
    candidates.push_back(json::object{{"id", candidate.id},
                                      {"name", candidate.name},
                                      {"birth_date", candidate.birth_date.to_string()}});
  }
  return json::object{{"id", unit.id},
                      {"level", dataset::kLevelIds[level]},
                      {"name", unit.name},
                      {"seats", unit.seats},
                      {"candidates", std::move(candidates)}};
}

json::object station_json(const Geography& geography, const dataset::Station& station) {
  json::array contests;
  for (std::size_t level = 0; level < kLevels; ++level) {
    contests.push_back(json::object{
        {"level", dataset::kLevelIds[level]},
        {"unit", geography.units[level][station.units[level]].id},
        {"registered", level == dataset::kNa ? station.na_registered() : station.registered}});
  }
  return json::object{
      {"id", station.id}, {"name", station.name}, {"contests", std::move(contests)}};
}

std::string definition_json(const Geography& geography) {
  json::array levels;
  json::array units;
  for (std::size_t level = 0; level < kLevels; ++level) {
    levels.push_back(json::object{{"id", dataset::kLevelIds[level]},
                                  {"name", kLevelText[level].name},
                                  {"kind", kLevelText[level].kind}});
    for (const dataset::Unit& unit : geography.units[level])
      units.push_back(unit_json(level, unit));
  }
  json::array stations;
  for (const dataset::Station& station : geography.stations) {
    stations.push_back(station_json(geography, station));
  }
  json::object document;
  document["format"] = kElectionDefinitionFormat;
  document["id"] = kElectionId;
  document["name"] = kElectionName;
  document["election_date"] = kElectionDate;
  document["form_schema"] = dataset::kFormSchema;
  document["levels"] = std::move(levels);
  document["units"] = std::move(units);
  document["stations"] = std::move(stations);
  return layout_document(document);
}

}  // namespace

Result<GeneratedDataset> generate_thai_nguyen_2021(std::uint64_t seed) {
  dataset::Random random(seed);
  Geography geography = dataset::build_geography(random);
  dataset::nominate_candidates(random, geography);
  dataset::Plans plans = dataset::plan_outcomes(random, geography);
  std::vector<StationRecord> records = dataset::count_records(random, geography, plans);
  Result<std::vector<DatasetLevelFigures>> figures =
      dataset::check_dataset(geography, plans, records);
  if (!figures.ok()) return std::move(figures).error();

  GeneratedDataset generated;
  generated.definition_json = definition_json(geography);
  generated.records_json = records_to_json(kElectionId, records);
  generated.stations = geography.stations.size();
  generated.figures = std::move(figures.value());
  return generated;
}

}  // namespace tally::engine

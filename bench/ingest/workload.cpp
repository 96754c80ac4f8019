#include "workload.hpp"

#include <array>
#include <boost/json.hpp>
#include <cstdio>

namespace tally::bench {
namespace {

struct Level {
  const char* id;
  const char* name;
  const char* kind;
  std::size_t stations_per_unit;
};

constexpr std::array<Level, kW1Levels> kLevels{{
    {"NA", "Quốc hội", "national_assembly", 1000},
    {"PROV", "HĐND tỉnh", "peoples_council", 250},
    {"DIST", "HĐND huyện", "peoples_council", 50},
    {"COMM", "HĐND xã", "peoples_council", 5},
}};
constexpr int kSeats = 3;
constexpr int kCandidates = 5;

std::string numbered(const char* prefix, std::size_t number, int width) {
  char text[64];
  std::snprintf(text, sizeof text, "%s-%0*zu", prefix, width, number);
  return text;
}

std::string unit_id(const Level& level, std::size_t station) {
  return numbered(level.id, station / level.stations_per_unit + 1, 5);
}

std::string candidate_id(const std::string& unit, int candidate) {
  return unit + "-C" + std::to_string(candidate);
}

engine::Count registered_of(std::size_t station) {
  return static_cast<engine::Count>(800 + station % 1200);
}

}  // namespace

std::string station_id(std::size_t index) { return numbered("S", index + 1, 6); }

std::string synthetic_definition_json(std::size_t stations) {
  namespace json = boost::json;
  json::array levels;
  json::array units;
  for (const auto& level : kLevels) {
    levels.push_back(json::object{{"id", level.id}, {"name", level.name}, {"kind", level.kind}});
    const std::size_t count = (stations + level.stations_per_unit - 1) / level.stations_per_unit;
    for (std::size_t unit = 0; unit < count; ++unit) {
      const std::string id = unit_id(level, unit * level.stations_per_unit);
      json::array candidates;
      for (int candidate = 1; candidate <= kCandidates; ++candidate) {
        char birth[16];
        std::snprintf(birth, sizeof birth, "19%02zu-%02d-%02d", 50 + unit % 40, candidate,
                      1 + static_cast<int>(unit % 28));
        candidates.push_back(json::object{{"id", candidate_id(id, candidate)},
                                          {"name", "Ứng cử viên " + std::to_string(candidate)},
                                          {"birth_date", birth}});
      }
      units.push_back(json::object{{"id", id},
                                   {"level", level.id},
                                   {"name", "Đơn vị bầu cử " + id},
                                   {"seats", kSeats},
                                   {"candidates", std::move(candidates)}});
    }
  }
  json::array station_list;
  for (std::size_t station = 0; station < stations; ++station) {
    json::array contests;
    for (const auto& level : kLevels) {
      contests.push_back(json::object{{"level", level.id},
                                      {"unit", unit_id(level, station)},
                                      {"registered", registered_of(station)}});
    }
    station_list.push_back(json::object{{"id", station_id(station)},
                                        {"name", "Khu vực bỏ phiếu " + station_id(station)},
                                        {"contests", std::move(contests)}});
  }
  json::object definition{{"format", "tally-election/1"},
                          {"id", "bench-ingest"},
                          {"name", "Synthetic election for bench/ingest"},
                          {"election_date", "2021-05-23"},
                          {"form_schema", "station-count/1"},
                          {"levels", std::move(levels)},
                          {"units", std::move(units)},
                          {"stations", std::move(station_list)}};
  return json::serialize(definition);
}

namespace {

// The W1 fields of station `index`'s form of `unit`, with their values: the record's nine
// counts and the votes of two candidates, passing the station-count/1 checks. `round`
// (the soak's pass over the fields) takes up to 2 votes off each candidate.
std::array<std::pair<std::string, engine::Count>, kW1FieldsPerForm> w1_fields(
    std::size_t index, const std::string& unit, std::uint64_t round = 0) {
  const engine::Count registered = registered_of(index);
  const engine::Count voted = registered - 12;
  const engine::Count valid = voted - 7;
  const auto fewer = static_cast<engine::Count>(round % 3);
  return {{
      {"registered", registered},
      {"voted", voted},
      {"issued", voted},
      {"received", voted},
      {"valid", valid},
      {"invalid", 7},
      {"complaints_received", 1},
      {"complaints_resolved", 1},
      {"complaints_forwarded", 0},
      {"votes." + candidate_id(unit, 1), valid - 40 - fewer},
      {"votes." + candidate_id(unit, 2), valid / 2 - fewer},
  }};
}

engine::Op set_op(std::size_t index, const std::string& unit, const std::string& device_id,
                  std::uint64_t counter, const std::pair<std::string, engine::Count>& field) {
  engine::Op op;
  op.dot = {device_id, counter};
  op.hlc = {1'621'760'000'000 + counter, 0};
  op.kind = engine::OpKind::kSet;
  op.form = {station_id(index), unit};
  op.field = field.first;
  op.value = field.second;
  return op;
}

}  // namespace

std::vector<engine::Op> w1_ops(std::size_t index, const std::string& device_id) {
  std::vector<engine::Op> ops;
  ops.reserve(kW1OpsPerStation);
  std::uint64_t counter = 0;
  for (const auto& level : kLevels) {
    const std::string unit = unit_id(level, index);
    engine::DotSet form_version;  // the device's ops on this form so far
    for (const auto& field : w1_fields(index, unit)) {
      engine::Op op = set_op(index, unit, device_id, ++counter, field);
      op.context = form_version;
      form_version.add(op.dot);
      ops.push_back(std::move(op));
    }
  }
  return ops;
}

engine::Op soak_op(std::size_t index, const std::string& device_id, std::uint64_t counter,
                   const engine::DotSet& context) {
  const std::string unit = unit_id(kLevels[0], index);
  const std::uint64_t position = counter - 1;
  const auto fields = w1_fields(index, unit, position / kW1FieldsPerForm);
  engine::Op op = set_op(index, unit, device_id, counter, fields[position % kW1FieldsPerForm]);
  op.context = context;
  return op;
}

}  // namespace tally::bench

// Test helpers: a small election definition as JSON (to load, or to break one member at a
// time) and station records for it.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <utility>

#include "tally/engine/definition_loader.hpp"
#include "tally/engine/record.hpp"

namespace tally::engine::testing {

namespace json = boost::json;

inline json::object candidate_json(const std::string& id, const std::string& birth_date) {
  return json::object{{"id", id}, {"name", "Ứng cử viên " + id}, {"birth_date", birth_date}};
}

// A unit with `candidates` candidates <id>-C1.. born 1960-01-01, 1961-01-01, ...
inline json::object unit_json(const std::string& id, const std::string& level, int seats,
                              int candidates) {
  json::array list;
  for (int i = 1; i <= candidates; ++i) {
    list.push_back(
        candidate_json(id + "-C" + std::to_string(i), std::to_string(1959 + i) + "-01-01"));
  }
  return json::object{{"id", id},
                      {"level", level},
                      {"name", "Đơn vị bầu cử " + id},
                      {"seats", seats},
                      {"candidates", std::move(list)}};
}

inline json::object contest_json(const std::string& level, const std::string& unit,
                                 std::int64_t registered) {
  return json::object{{"level", level}, {"unit", unit}, {"registered", registered}};
}

// The sample election: levels NA, PROV, DIST (unless `with_district` is false: the 2026
// shape), COMM; units NA-01 (2 seats, 4 candidates), PROV-01 (3 seats, 5), DIST-01
// (1 seat, 2), COMM-01 (2 seats, 3), COMM-02 (1 seat, 2); stations S1 and S2 vote in
// COMM-01, S3 in COMM-02, all three in the one unit of every other level.
inline json::object sample_election_json(bool with_district = true) {
  json::array levels{
      json::object{{"id", "NA"}, {"name", "Quốc hội"}, {"kind", "national_assembly"}},
      json::object{{"id", "PROV"}, {"name", "HĐND tỉnh"}, {"kind", "peoples_council"}}};
  if (with_district) {
    levels.push_back(
        json::object{{"id", "DIST"}, {"name", "HĐND huyện"}, {"kind", "peoples_council"}});
  }
  levels.push_back(json::object{{"id", "COMM"}, {"name", "HĐND xã"}, {"kind", "peoples_council"}});

  json::array units{unit_json("NA-01", "NA", 2, 4), unit_json("PROV-01", "PROV", 3, 5)};
  if (with_district) units.push_back(unit_json("DIST-01", "DIST", 1, 2));
  units.push_back(unit_json("COMM-01", "COMM", 2, 3));
  units.push_back(unit_json("COMM-02", "COMM", 1, 2));

  json::array stations;
  for (int s = 1; s <= 3; ++s) {
    std::string id = "S" + std::to_string(s);
    std::int64_t registered = 400 + 100 * s;
    json::array contests{contest_json("NA", "NA-01", registered),
                         contest_json("PROV", "PROV-01", registered)};
    if (with_district) contests.push_back(contest_json("DIST", "DIST-01", registered));
    contests.push_back(contest_json("COMM", s == 3 ? "COMM-02" : "COMM-01", registered - 1));
    stations.push_back(json::object{
        {"id", id}, {"name", "Khu vực bỏ phiếu " + id}, {"contests", std::move(contests)}});
  }
  return json::object{{"format", "tally-election/1"},
                      {"id", "sample-2021"},
                      {"name", "Bầu cử mẫu"},
                      {"election_date", "2021-05-23"},
                      {"form_schema", "station-count/1"},
                      {"levels", std::move(levels)},
                      {"units", std::move(units)},
                      {"stations", std::move(stations)}};
}

// Loads `document`; fails the test if it does not load.
inline ElectionDefinition load_or_fail(const json::value& document) {
  auto definition = load_election_definition(json::serialize(document));
  EXPECT_TRUE(definition.ok()) << definition.error().to_string();
  return definition.ok() ? std::move(definition).value() : ElectionDefinition{};
}

// A complete station-count record: received = voted, valid + invalid = voted.
inline StationRecord station_record(const std::string& station, const std::string& unit,
                                    Count registered, Count voted, Count invalid, VoteMap votes) {
  StationRecord record;
  record.form = FormId{station, unit};
  record.schema_id = "station-count/1";
  record.values[fields::kRegistered] = registered;
  record.values[fields::kVoted] = voted;
  record.values[fields::kIssued] = voted;
  record.values[fields::kReceived] = voted;
  record.values[fields::kValid] = voted - invalid;
  record.values[fields::kInvalid] = invalid;
  record.values[fields::kVotes] = std::move(votes);
  return record;
}

}  // namespace tally::engine::testing

#include "tally/engine/tally_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>
#include <string>

#include "election_fixture.hpp"

namespace tally::engine {
namespace {

namespace json = boost::json;

// The sample election with NA-01 decided at S1 (C1 and C2 above half) and COMM-02 at S3
// with fewer than half of its voters voting.
struct SampleTally {
  ElectionDefinition definition = testing::load_or_fail(testing::sample_election_json());
  TallyReport report;

  SampleTally() {
    auto tallied = tally_all(
        definition,
        {testing::station_record("S1", "NA-01", 500, 450, 10,
                                 {{"NA-01-C1", 300}, {"NA-01-C2", 250}, {"NA-01-C3", 100}}),
         testing::station_record("S3", "COMM-02", 699, 300, 0,
                                 {{"COMM-02-C1", 200}, {"COMM-02-C2", 100}})});
    EXPECT_TRUE(tallied.ok()) << tallied.error().to_string();
    if (tallied.ok()) report = std::move(tallied).value();
  }
};

const json::object& unit_in(const json::value& document, const std::string& id) {
  for (const json::value& unit : document.at("units").as_array()) {
    if (unit.at("unit").as_string() == id) return unit.as_object();
  }
  static const json::object kMissing;
  ADD_FAILURE() << "no unit " << id;
  return kMissing;
}

TEST(TallyJsonTest, LevelsCarryTheirFiguresWithExactPercentages) {
  SampleTally sample;
  json::value document = json::parse(tally_to_json(sample.definition, sample.report));

  EXPECT_EQ(document.at("format").as_string(), "tally-result/1");
  EXPECT_EQ(document.at("election").as_string(), "sample-2021");
  const json::object& na = document.at("levels").at(0).as_object();
  EXPECT_EQ(na.at("level").as_string(), "NA");
  EXPECT_EQ(na.at("name").as_string(), "Quốc hội");
  EXPECT_EQ(na.at("registered").as_int64(), 500);
  EXPECT_EQ(na.at("voted").as_int64(), 450);
  EXPECT_EQ(na.at("turnout_percent").as_string(), "90.00");
  EXPECT_EQ(na.at("valid").as_int64(), 440);
  EXPECT_EQ(na.at("valid_percent").as_string(), "97.78");
  EXPECT_EQ(na.at("seats_filled").as_int64(), 2);
  EXPECT_EQ(na.at("stations_reported").as_int64(), 1);
  EXPECT_EQ(na.at("stations_expected").as_int64(), 3);
  const json::object& province = document.at("province").as_object();
  EXPECT_EQ(province.at("forms_reported").as_int64(), 2);
  EXPECT_EQ(province.at("forms_expected").as_int64(), 12);
  EXPECT_EQ(province.at("units_revote").as_int64(), 1);
}

TEST(TallyJsonTest, UnitsCarryVotesWinnersAndWhatTheLawRequiresNext) {
  SampleTally sample;
  json::value document = json::parse(tally_to_json(sample.definition, sample.report));

  const json::object& na = unit_in(document, "NA-01");
  EXPECT_EQ(na.at("state").as_string(), "decided");
  EXPECT_EQ(json::serialize(na.at("votes")),
            R"({"NA-01-C1":300,"NA-01-C2":250,"NA-01-C3":100,"NA-01-C4":0})");
  EXPECT_EQ(json::serialize(na.at("winners")), R"(["NA-01-C1","NA-01-C2"])");
  EXPECT_EQ(na.at("supplementary_needed").as_bool(), false);

  const json::object& commune = unit_in(document, "COMM-02");
  EXPECT_EQ(commune.at("state").as_string(), "revote_needed");
  EXPECT_EQ(commune.at("revote_needed").as_bool(), true);
  EXPECT_EQ(commune.at("turnout_percent").as_string(), "42.92");
  EXPECT_TRUE(commune.at("winners").as_array().empty());

  EXPECT_EQ(unit_in(document, "PROV-01").at("state").as_string(), "no_results");
}

TEST(TallyJsonTest, EachLevelAndEachUnitIsOneLineAndOutputIsStable) {
  SampleTally sample;
  std::string text = tally_to_json(sample.definition, sample.report);
  EXPECT_EQ(text, tally_to_json(sample.definition, sample.report));
  int level_lines = 0;
  int unit_lines = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    level_lines += line.starts_with(R"(    {"level":)") ? 1 : 0;
    unit_lines += line.starts_with(R"(    {"unit":)") ? 1 : 0;
  }
  EXPECT_EQ(level_lines, 4);
  EXPECT_EQ(unit_lines, 5);
}

}  // namespace
}  // namespace tally::engine

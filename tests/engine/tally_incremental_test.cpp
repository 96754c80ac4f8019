// The incremental Tally: put, replace and withdraw touch one unit and its level's sums,
// refused records change nothing, and after any sequence of steps the tally equals
// tally_all recomputed from scratch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "election_fixture.hpp"
#include "tally/engine/tally.hpp"

namespace tally::engine {
namespace {

using testing::load_or_fail;
using testing::sample_election_json;
using testing::station_record;
namespace json = boost::json;

class TallyIncrementalTest : public ::testing::Test {
 protected:
  ElectionDefinition definition_ = load_or_fail(sample_election_json());
  Tally tally_{definition_};
};

TEST_F(TallyIncrementalTest, StartsWithNothingReported) {
  EXPECT_EQ(tally_.unit("COMM-01")->totals.stations_expected, 2);
  EXPECT_EQ(tally_.unit("COMM-01")->totals.votes.size(), 3u);
  EXPECT_EQ(tally_.unit("COMM-01")->result.state, UnitState::kNoResults);
  EXPECT_EQ(tally_.level("COMM")->units, 2);
  EXPECT_EQ(tally_.level("COMM")->seats, 3);
  EXPECT_EQ(tally_.level("COMM")->stations_expected, 3);
  EXPECT_EQ(tally_.level("COMM")->units_revote, 0);
  EXPECT_EQ(tally_.province().forms_expected, 12);
  EXPECT_EQ(tally_.province().stations_reported, 0);
  EXPECT_EQ(tally_.report(), tally_all(definition_, {}).value());
}

TEST_F(TallyIncrementalTest, PutAddsTheRecordToItsUnitAndLevel) {
  ASSERT_TRUE(tally_.put(
      station_record("S1", "COMM-01", 500, 450, 10, {{"COMM-01-C1", 400}, {"COMM-01-C2", 300}})));
  const UnitTally& unit = *tally_.unit("COMM-01");
  EXPECT_EQ(unit.totals.stations_reported, 1);
  EXPECT_EQ(unit.totals.registered, 500);
  EXPECT_EQ(unit.totals.voted, 450);
  EXPECT_EQ(unit.totals.valid, 440);
  EXPECT_EQ(unit.totals.invalid, 10);
  EXPECT_EQ(unit.totals.votes.at("COMM-01-C3"), 0);
  EXPECT_EQ(unit.result.winners, (std::vector<std::string>{"COMM-01-C1", "COMM-01-C2"}));

  const LevelSummary& comm = *tally_.level("COMM");
  EXPECT_EQ(comm.stations_reported, 1);
  EXPECT_EQ(comm.seats_filled, 2);
  EXPECT_EQ(comm.voted, 450);
  EXPECT_EQ(comm.units_complete, 0);
  EXPECT_EQ(tally_.unit("COMM-02")->totals.stations_reported, 0);
  EXPECT_EQ(tally_.level("NA")->stations_reported, 0);
  EXPECT_EQ(tally_.province().stations_reported, 1);
  EXPECT_EQ(tally_.province().stations_complete, 0);
}

TEST_F(TallyIncrementalTest, PuttingAgainReplacesTheRecord) {
  ASSERT_TRUE(tally_.put(station_record("S1", "COMM-01", 500, 450, 10, {{"COMM-01-C1", 400}})));
  ASSERT_TRUE(tally_.put(station_record("S1", "COMM-01", 500, 200, 0, {{"COMM-01-C1", 150}})));
  const UnitTally& unit = *tally_.unit("COMM-01");
  EXPECT_EQ(unit.totals.stations_reported, 1);
  EXPECT_EQ(unit.totals.voted, 200);
  EXPECT_EQ(unit.totals.votes.at("COMM-01-C1"), 150);
  EXPECT_EQ(unit.result.state, UnitState::kRevoteNeeded);  // 200 of 500
  EXPECT_EQ(tally_.level("COMM")->units_revote, 1);
  EXPECT_EQ(tally_.level("COMM")->seats_filled, 0);
  EXPECT_EQ(tally_.level("COMM")->voted, 200);
}

TEST_F(TallyIncrementalTest, WithdrawingRestoresTheUnitAndLevel) {
  TallyReport empty = tally_.report();
  ASSERT_TRUE(tally_.put(station_record("S3", "COMM-02", 699, 600, 0, {{"COMM-02-C1", 400}})));
  EXPECT_EQ(tally_.level("COMM")->units_complete, 1);
  ASSERT_TRUE(tally_.withdraw(FormId{"S3", "COMM-02"}));
  EXPECT_EQ(tally_.report(), empty);
  ASSERT_TRUE(tally_.withdraw(FormId{"S3", "COMM-02"}));  // nothing left: a no-op
  EXPECT_EQ(tally_.report(), empty);
}

TEST_F(TallyIncrementalTest, StationCompleteWhenEveryLevelReported) {
  for (const char* unit : {"NA-01", "PROV-01", "DIST-01", "COMM-01"}) {
    EXPECT_EQ(tally_.province().stations_complete, 0);
    ASSERT_TRUE(tally_.put(station_record("S2", unit, 600, 500, 0, {})));
  }
  EXPECT_EQ(tally_.province().stations_complete, 1);
  EXPECT_EQ(tally_.province().stations_reported, 1);
  EXPECT_EQ(tally_.province().forms_reported, 4);
}

TEST_F(TallyIncrementalTest, RefusedRecordsChangeNothing) {
  ASSERT_TRUE(tally_.put(station_record("S1", "NA-01", 500, 450, 0, {{"NA-01-C1", 300}})));
  TallyReport before = tally_.report();
  struct Case {
    StationRecord record;
    ErrorCode code;
    std::string message_part;
  };
  StationRecord missing_voted = station_record("S1", "NA-01", 500, 400, 0, {});
  missing_voted.values.erase(fields::kVoted);
  StationRecord text_votes = station_record("S1", "NA-01", 500, 400, 0, {});
  text_votes.values[fields::kVotes] = std::string("many");
  const Case cases[] = {
      {station_record("S1", "NA-09", 500, 400, 0, {}), ErrorCode::kUnknownForm, "no unit NA-09"},
      {station_record("S9", "NA-01", 500, 400, 0, {}), ErrorCode::kUnknownForm, "no station S9"},
      {station_record("S3", "COMM-01", 500, 400, 0, {}), ErrorCode::kUnknownForm,
       "station S3 does not vote in unit COMM-01"},
      {missing_voted, ErrorCode::kWrongValueType, "field 'voted' is missing or not a count"},
      {text_votes, ErrorCode::kWrongValueType, "field 'votes' is missing or not a vote map"},
      {station_record("S1", "NA-01", -5, 400, 0, {}), ErrorCode::kNegativeCount, "'registered'"},
      {station_record("S1", "NA-01", 500, 400, 0, {{"NA-01-C2", -1}}), ErrorCode::kNegativeCount,
       "'votes.NA-01-C2'"},
      {station_record("S1", "NA-01", 500, 400, 0, {{"NA-01-C2", 2'000'000'000'000}}),
       ErrorCode::kValueTooLarge, "'votes.NA-01-C2'"},
      {station_record("S1", "NA-01", 500, 400, 0, {{"PROV-01-C1", 10}}), ErrorCode::kUnknownField,
       "PROV-01-C1 is not a candidate of unit NA-01"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message_part);
    Status status = tally_.put(c.record);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, c.code);
    EXPECT_EQ(status.error().domain(), ErrorDomain::kRecord);
    EXPECT_NE(status.error().message.find(c.record.form.to_string()), std::string::npos);
    EXPECT_NE(status.error().message.find(c.message_part), std::string::npos)
        << status.error().message;
    EXPECT_EQ(tally_.report(), before);
  }
  Status unknown = tally_.withdraw(FormId{"S3", "COMM-01"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnknownForm);
}

TEST_F(TallyIncrementalTest, TallyAllRefusesASecondRecordOfOneForm) {
  std::vector<StationRecord> records{station_record("S1", "NA-01", 500, 400, 0, {}),
                                     station_record("S2", "NA-01", 500, 400, 0, {}),
                                     station_record("S1", "NA-01", 500, 300, 0, {})};
  auto report = tally_all(definition_, records);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(report.error().message.find("records[2]: a second record for form S1/NA-01"),
            std::string::npos)
      << report.error().message;

  records[2].form.unit_id = "COMM-02";
  EXPECT_NE(tally_all(definition_, records).error().message.find("records[2]: form S1/COMM-02"),
            std::string::npos);
}

// A larger definition for the randomized test: every level has several units, and a
// few candidates share birth dates so that ties reach the committee.
json::object random_election_json(std::mt19937_64& random) {
  json::object document = sample_election_json();
  struct LevelShape {
    const char* id;
    int units;
    int max_seats;
  };
  const LevelShape shapes[] = {{"NA", 2, 3}, {"PROV", 3, 5}, {"DIST", 4, 5}, {"COMM", 8, 5}};
  const int kStations = 24;
  json::array units;
  for (const LevelShape& shape : shapes) {
    for (int u = 0; u < shape.units; ++u) {
      int seats = 1 + static_cast<int>(random() % static_cast<std::uint64_t>(shape.max_seats));
      LevelKind kind =
          std::string(shape.id) == "NA" ? LevelKind::kNationalAssembly : LevelKind::kPeoplesCouncil;
      std::string id = std::string(shape.id) + "-" + std::to_string(u);
      json::object unit = testing::unit_json(id, shape.id, seats, min_candidates(kind, seats) + 1);
      for (auto& candidate : unit["candidates"].as_array()) {
        if (random() % 2 == 0) candidate.as_object()["birth_date"] = "1970-07-07";
      }
      units.push_back(std::move(unit));
    }
  }
  json::array stations;
  for (int s = 0; s < kStations; ++s) {
    json::array contests;
    for (const LevelShape& shape : shapes) {
      // Every unit gets at least one station; the rest are spread at random.
      int unit = s < shape.units
                     ? s
                     : static_cast<int>(random() % static_cast<std::uint64_t>(shape.units));
      contests.push_back(testing::contest_json(
          shape.id, std::string(shape.id) + "-" + std::to_string(unit), 300 + s));
    }
    std::string id = "T" + std::to_string(s);
    stations.push_back(json::object{{"id", id}, {"name", id}, {"contests", std::move(contests)}});
  }
  document["units"] = std::move(units);
  document["stations"] = std::move(stations);
  return document;
}

// A record for the form with random figures, drawn from few values so that exact
// halves and equal vote counts happen often; now and then a bad one the tally refuses.
StationRecord random_record(std::mt19937_64& random, const ElectionDefinition& definition,
                            const FormId& form) {
  auto pick = [&random](Count n) {
    return static_cast<Count>(random() % static_cast<std::uint64_t>(n));
  };
  Count registered = 2 * (1 + pick(4));
  Count voted = pick(registered + 1);
  Count invalid = pick(2) * pick(voted + 1);
  Count valid = voted - invalid;
  VoteMap votes;
  for (const Candidate& candidate : definition.unit(form.unit_id)->candidates) {
    // None, half or all of the valid ballots; all most often, for ties.
    if (pick(4) != 0) votes[candidate.id] = std::min<Count>(pick(4), 2) * valid / 2;
  }
  StationRecord record =
      station_record(form.station_id, form.unit_id, registered, voted, invalid, std::move(votes));
  if (pick(25) == 0) record.values[fields::kValid] = Count{-1};
  return record;
}

TEST(TallyRandomizedTest, IncrementalTallyAlwaysEqualsTallyFromScratch) {
  for (std::uint64_t seed : {20210523ull, 1ull, 2ull, 3ull}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 random(seed);
    ElectionDefinition definition = load_or_fail(random_election_json(random));
    std::vector<FormId> forms;
    for (const PollingStation& station : definition.stations()) {
      for (const StationContest& contest : station.contests) {
        forms.push_back(FormId{station.id, contest.unit_id});
      }
    }
    Tally tally(definition);
    std::map<FormId, StationRecord> accepted;
    int ties_seen = 0;
    for (int step = 0; step < 1500; ++step) {
      SCOPED_TRACE("step " + std::to_string(step));
      const FormId& form = forms[random() % forms.size()];
      if (random() % 4 == 0) {
        ASSERT_TRUE(tally.withdraw(form));
        accepted.erase(form);
      } else {
        StationRecord record = random_record(random, definition, form);
        if (tally.put(record)) accepted[form] = std::move(record);
      }
      std::vector<StationRecord> records;
      for (const auto& entry : accepted) records.push_back(entry.second);
      auto expected = tally_all(definition, records);
      ASSERT_TRUE(expected.ok()) << expected.error().to_string();
      ASSERT_EQ(tally.report(), expected.value());
      ties_seen += tally.province().units_tied;
    }
    EXPECT_GT(ties_seen, 0) << "the random records never produced a tie for the committee";
  }
}

}  // namespace
}  // namespace tally::engine

// The second round, end to end in the engine (Art. 79 and 80): what polling day's tally
// calls for, the definition that includes it, how the loader holds it to its first round,
// and how the tally combines the two rounds. Each rule with a worked example on the sample
// election (election_fixture.hpp):
//   NA-01 2 seats, PROV-01 3 seats (candidates C1..C5), DIST-01 1 seat, COMM-01 2 seats
//   (C1..C3, stations S1 and S2), COMM-02 1 seat (C1, C2, station S3); S1, S2, S3 have
//   500, 600, 700 voters (499, 599, 699 on the commune lists).
#include "tally/engine/second_round.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "election_fixture.hpp"
#include "form_schema_fixture.hpp"
#include "tally/engine/counted_records.hpp"
#include "tally/engine/definition_scope.hpp"
#include "tally/engine/tally.hpp"

namespace tally::engine {
namespace {

using testing::load_or_fail;
using testing::sample_election_json;
using testing::station_record;
using Strings = std::vector<std::string>;

Count registered_of(const ElectionDefinition& definition, const std::string& station,
                    const std::string& unit) {
  return definition.contest_of(FormId{station, unit})->registered;
}

// A complete record with no invalid ballot and no complaint: `voted` of the station's list,
// `votes` for C1, C2, ...
StationRecord record(const ElectionDefinition& definition, const std::string& station,
                     const std::string& unit, Count voted, const std::vector<Count>& votes) {
  VoteMap map;
  const ElectoralUnit* in_unit = definition.unit(unit);
  for (const Candidate& candidate : in_unit->candidates) map[candidate.id] = 0;
  // A second-round unit lists some of its first round's candidates, by their own ids.
  for (std::size_t c = 0; c < votes.size(); ++c) map[in_unit->candidates[c].id] = votes[c];
  StationRecord complete =
      station_record(station, unit, registered_of(definition, station, unit), voted, 0, map);
  for (const char* complaints :
       {fields::kComplaintsReceived, fields::kComplaintsResolved, fields::kComplaintsForwarded}) {
    complete.values[complaints] = Count{0};
  }
  return complete;
}

// Polling day: NA-01 and DIST-01 fill their seats; PROV-01 elects only C1 (1 of 3: a
// supplementary election for 2 seats); COMM-01 elects only C1 (1 of 2: a supplementary
// election for 1 seat); in COMM-02 only 300 of 699 vote (a re-vote).
std::vector<StationRecord> polling_day(const ElectionDefinition& definition) {
  std::vector<StationRecord> records;
  for (const std::string station : {"S1", "S2", "S3"}) {
    records.push_back(record(definition, station, "NA-01", 400, {380, 300, 10, 10}));
    records.push_back(record(definition, station, "PROV-01", 400, {350, 150, 150, 100, 50}));
    records.push_back(record(definition, station, "DIST-01", 400, {300, 100}));
  }
  records.push_back(record(definition, "S1", "COMM-01", 400, {300, 150, 150}));
  records.push_back(record(definition, "S2", "COMM-01", 400, {300, 160, 140}));
  records.push_back(record(definition, "S3", "COMM-02", 300, {200, 100}));
  return records;
}

// The same record of `unit` at each of S1, S2 and S3 (the stations of PROV-01 and its round).
std::vector<StationRecord> at_every_station(const ElectionDefinition& definition,
                                            const std::string& unit, Count voted,
                                            const std::vector<Count>& votes) {
  std::vector<StationRecord> records;
  for (const std::string station : {"S1", "S2", "S3"}) {
    records.push_back(record(definition, station, unit, voted, votes));
  }
  return records;
}

TallyReport tally_or_fail(const ElectionDefinition& definition,
                          const std::vector<StationRecord>& records) {
  auto report = tally_all(definition, records);
  EXPECT_TRUE(report.ok()) << report.error().to_string();
  return report.ok() ? std::move(report).value() : TallyReport{};
}

// The sample election, polling day's records, and the definition with the second round
// its tally calls for.
struct TwoRounds {
  std::string first_json;
  ElectionDefinition first;
  std::vector<StationRecord> records;
  SecondRoundPlan plan;
  std::string second_json;
  ElectionDefinition second;

  explicit TwoRounds(const boost::json::object& document = sample_election_json())
      : first_json(boost::json::serialize(document)), first(load_or_fail(document)) {
    records = polling_day(first);
    auto planned = plan_second_round(first, tally_or_fail(first, records));
    EXPECT_TRUE(planned.ok()) << planned.error().to_string();
    if (planned.ok()) plan = std::move(planned).value();
    auto extended = definition_with_second_round(first_json, first, plan.units);
    EXPECT_TRUE(extended.ok()) << extended.error().to_string();
    if (!extended.ok()) return;
    second_json = std::move(extended).value();
    auto loaded = load_election_definition(second_json);
    EXPECT_TRUE(loaded.ok()) << loaded.error().to_string();
    if (loaded.ok()) second = std::move(loaded).value();
  }

  // Polling day's records and `more` (second-round records), tallied over both rounds.
  [[nodiscard]] TallyReport tally_with(const std::vector<StationRecord>& more) const {
    std::vector<StationRecord> all = records;
    all.insert(all.end(), more.begin(), more.end());
    return tally_or_fail(second, all);
  }

  [[nodiscard]] const UnitTally& unit(const TallyReport& report, const std::string& id) const {
    return report.units[*second.unit_index(id)];
  }
};

// --- What polling day's tally calls for ---

TEST(SecondRoundTest, PollingDayCallsForTwoSupplementaryElectionsAndARevote) {
  TwoRounds night;
  ASSERT_EQ(night.plan.units.size(), 3u);
  // PROV-01: C1 elected; the two unfilled seats go to a supplementary election among the
  // four unelected candidates.
  EXPECT_EQ(night.plan.units[0],
            (SecondRoundUnit{"PROV-01-R2",
                             "PROV-01",
                             RoundKind::kSupplementary,
                             2,
                             {"PROV-01-C2", "PROV-01-C3", "PROV-01-C4", "PROV-01-C5"}}));
  EXPECT_EQ(
      night.plan.units[1],
      (SecondRoundUnit{
          "COMM-01-R2", "COMM-01", RoundKind::kSupplementary, 1, {"COMM-01-C2", "COMM-01-C3"}}));
  // COMM-02: 300 of 699 voted: the same two candidates stand again for its one seat.
  EXPECT_EQ(night.plan.units[2],
            (SecondRoundUnit{
                "COMM-02-R2", "COMM-02", RoundKind::kRevote, 1, {"COMM-02-C1", "COMM-02-C2"}}));
  EXPECT_TRUE(night.plan.unreported.empty());
  EXPECT_TRUE(night.plan.without_candidates.empty());
}

TEST(SecondRoundTest, AUnitWithStationsStillToReportIsNamedInThePlan) {
  ElectionDefinition definition = load_or_fail(sample_election_json());
  std::vector<StationRecord> records = polling_day(definition);
  // S2's commune record is missing: COMM-01's first round may still change.
  std::erase_if(records, [](const StationRecord& r) { return r.form == FormId{"S2", "COMM-01"}; });
  auto plan = plan_second_round(definition, tally_or_fail(definition, records));
  ASSERT_TRUE(plan.ok()) << plan.error().to_string();
  EXPECT_EQ(plan->unreported, Strings{"COMM-01"});
}

TEST(SecondRoundTest, AUnitWhoseSeatsAreFilledOrLeftToTheCommitteeDoesNotVoteAgain) {
  ElectionDefinition definition = load_or_fail(sample_election_json());
  std::vector<StationRecord> records = polling_day(definition);
  // COMM-01 elects C1 and C2 this time: 2 of 2 seats.
  for (StationRecord& r : records) {
    if (r.form.unit_id == "COMM-01")
      r = record(definition, r.form.station_id, "COMM-01", 400, {300, 250, 100});
  }
  auto plan = plan_second_round(definition, tally_or_fail(definition, records));
  ASSERT_TRUE(plan.ok());
  for (const SecondRoundUnit& unit : plan->units) EXPECT_NE(unit.of_unit, "COMM-01");
}

// --- The definition with the second round ---

TEST(SecondRoundTest, TheSecondRoundsUnitsListTheirFirstRoundsCandidatesAndStations) {
  TwoRounds night;
  const ElectoralUnit* prov = night.second.unit("PROV-01-R2");
  ASSERT_NE(prov, nullptr);
  EXPECT_EQ(prov->round(), 2);
  EXPECT_EQ(prov->round_of, (SecondRoundOf{"PROV-01", RoundKind::kSupplementary}));
  EXPECT_EQ(prov->seats, 2);
  Strings candidates;
  for (const Candidate& candidate : prov->candidates) candidates.push_back(candidate.id);
  EXPECT_EQ(candidates, (Strings{"PROV-01-C2", "PROV-01-C3", "PROV-01-C4", "PROV-01-C5"}));
  EXPECT_EQ(prov->candidates[0].birth_date, night.first.unit("PROV-01")->candidates[1].birth_date);
  // The candidate's place stays polling day's.
  EXPECT_EQ(night.second.candidate("PROV-01-C2")->unit_index, *night.second.unit_index("PROV-01"));

  // Every station of the first-round unit votes again, with the same voter list.
  auto prov_index = *night.second.unit_index("PROV-01-R2");
  EXPECT_EQ(night.second.stations_of_unit(prov_index).size(), 3u);
  EXPECT_EQ(night.second.contest_of(FormId{"S2", "PROV-01-R2"})->registered, 600);
  EXPECT_EQ(night.second.contest_of(FormId{"S3", "COMM-01-R2"}), nullptr);
  EXPECT_EQ(night.second.second_round_unit(*night.second.unit_index("COMM-02")),
            night.second.unit_index("COMM-02-R2"));
  EXPECT_EQ(night.second.first_round_unit(*night.second.unit_index("COMM-02-R2")),
            *night.second.unit_index("COMM-02"));
  EXPECT_EQ(night.second.second_round_unit(*night.second.unit_index("NA-01")), std::nullopt);
  EXPECT_EQ(night.second.unit("COMM-02-R2")->round_of->kind, RoundKind::kRevote);
}

TEST(SecondRoundTest, TheDefinitionGivesBackThePlannedUnits) {
  TwoRounds night;
  EXPECT_EQ(second_round_units(night.second), night.plan.units);
  EXPECT_TRUE(second_round_units(night.first).empty());
}

TEST(SecondRoundTest, AStationsScopeHoldsOnlyItsOwnSecondRoundUnits) {
  TwoRounds night;
  auto s3 = definition_json_for_station(night.second_json, "S3");
  ASSERT_TRUE(s3.ok());
  ElectionDefinition scoped = load_or_fail(boost::json::parse(*s3));
  EXPECT_NE(scoped.unit("COMM-02-R2"), nullptr);
  EXPECT_NE(scoped.unit("PROV-01-R2"), nullptr);
  EXPECT_EQ(scoped.unit("COMM-01-R2"), nullptr);
}

TEST(SecondRoundTest, TheFirstRoundsDefinitionGivesTheSameSecondRoundAgain) {
  TwoRounds night;
  auto first = first_round_definition_json(night.second_json);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  ElectionDefinition polling_day = load_or_fail(boost::json::parse(*first));
  EXPECT_FALSE(polling_day.has_second_round());
  EXPECT_EQ(polling_day.units().size(), night.first.units().size());
  EXPECT_EQ(polling_day.stations()[0].contests.size(), 4u);
  // The same plan on the stripped text gives the extended definition byte for byte: a log
  // replayed from either file derives the same round.
  auto again = definition_with_second_round(*first, polling_day, night.plan.units);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, night.second_json);
  EXPECT_EQ(first_round_definition_json("[1]").error().code, ErrorCode::kDefinitionInvalid);
}

TEST(SecondRoundTest, ThereIsNoThirdRound) {
  TwoRounds night;
  auto plan = plan_second_round(night.second, night.tally_with({}));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kRoundInvalid);
}

// --- The loader holds a second round to its first ---

class SecondRoundLoaderTest : public ::testing::Test {
 protected:
  // The extended definition with `edit` applied to it.
  template <typename Edit>
  Error refused(Edit edit) {
    boost::json::object document = boost::json::parse(night_.second_json).as_object();
    edit(document);
    auto loaded = load_election_definition(boost::json::serialize(document));
    EXPECT_FALSE(loaded.ok());
    return loaded.ok() ? Error{} : loaded.error();
  }
  boost::json::object& unit(boost::json::object& document, const std::string& id) {
    for (auto& unit : document["units"].as_array()) {
      if (unit.as_object()["id"] == id.c_str()) return unit.as_object();
    }
    ADD_FAILURE() << "no unit " << id;
    return document;
  }
  TwoRounds night_;
};

TEST_F(SecondRoundLoaderTest, ARevoteFillsAllTheUnitsSeats) {
  Error error = refused([&](boost::json::object& d) {
    unit(d, "PROV-01-R2")["round"].as_object()["kind"] = "revote";
  });
  EXPECT_EQ(error.code, ErrorCode::kRoundInvalid);
  EXPECT_NE(error.message.find("a re-vote fills all 3 (Art. 80)"), std::string::npos)
      << error.message;
}

TEST_F(SecondRoundLoaderTest, ASupplementaryElectionFillsAtMostTheUnitsSeats) {
  Error error = refused([&](boost::json::object& d) { unit(d, "COMM-01-R2")["seats"] = 3; });
  EXPECT_EQ(error.code, ErrorCode::kRoundInvalid);
  EXPECT_NE(error.message.find("fills at most the unit's 2 (Art. 79)"), std::string::npos)
      << error.message;
}

TEST_F(SecondRoundLoaderTest, ACandidateWhoDidNotStandInTheFirstRoundIsRefused) {
  Error error = refused([&](boost::json::object& d) {
    unit(d, "COMM-01-R2")["candidates"].as_array()[0].as_object()["id"] = "COMM-02-C1";
  });
  EXPECT_EQ(error.code, ErrorCode::kRoundInvalid);
  EXPECT_NE(error.message.find("did not stand in its first round"), std::string::npos);
}

TEST_F(SecondRoundLoaderTest, ACandidatesBirthDateCannotChangeBetweenRounds) {
  Error error = refused([&](boost::json::object& d) {
    unit(d, "COMM-01-R2")["candidates"].as_array()[0].as_object()["birth_date"] = "1999-01-01";
  });
  EXPECT_EQ(error.code, ErrorCode::kRoundInvalid);
}

TEST_F(SecondRoundLoaderTest, AReVoteListsEveryCandidateAgain) {
  Error error = refused(
      [&](boost::json::object& d) { unit(d, "COMM-02-R2")["candidates"].as_array().pop_back(); });
  EXPECT_EQ(error.code, ErrorCode::kRoundInvalid);
}

TEST_F(SecondRoundLoaderTest, ASecondRoundOfASecondRoundIsRefused) {
  Error error = refused([&](boost::json::object& d) {
    boost::json::object third = unit(d, "COMM-02-R2");
    third["id"] = "COMM-02-R3";
    third["round"].as_object()["of"] = "COMM-02-R2";
    d["units"].as_array().push_back(third);
  });
  EXPECT_EQ(error.code, ErrorCode::kRoundInvalid);
}

TEST_F(SecondRoundLoaderTest, ASecondRoundOfAnUnknownUnitIsRefused) {
  Error error = refused([&](boost::json::object& d) {
    unit(d, "COMM-02-R2")["round"].as_object()["of"] = "COMM-99";
  });
  EXPECT_EQ(error.code, ErrorCode::kUnknownId);
}

TEST_F(SecondRoundLoaderTest, EveryStationOfTheUnitVotesAgain) {
  Error error = refused([&](boost::json::object& d) {
    auto& s2 = d["stations"].as_array()[1].as_object()["contests"].as_array();
    s2.erase(s2.end() - 1);  // S2's COMM-01-R2
  });
  EXPECT_EQ(error.code, ErrorCode::kStationUnitMismatch);
  EXPECT_NE(error.message.find("every station of the unit votes again"), std::string::npos)
      << error.message;
}

TEST_F(SecondRoundLoaderTest, AStationVotesAgainOnlyInItsOwnUnitsSecondRound) {
  Error error = refused([&](boost::json::object& d) {
    auto& s3 = d["stations"].as_array()[2].as_object()["contests"].as_array();
    s3.push_back(testing::contest_json("COMM", "COMM-01-R2", 699));
  });
  EXPECT_EQ(error.code, ErrorCode::kStationUnitMismatch);
}

// --- The tally over both rounds ---

TEST(SecondRoundTest, ASupplementaryElectionThatFillsAllItsSeats) {
  TwoRounds night;
  // COMM-01-R2 (1 seat, C2 and C3): C2 has 260 of 400 valid ballots at S1 and S2 together.
  TallyReport report = night.tally_with({record(night.second, "S1", "COMM-01-R2", 200, {130, 70}),
                                         record(night.second, "S2", "COMM-01-R2", 200, {130, 70})});
  const UnitTally& round = night.unit(report, "COMM-01-R2");
  EXPECT_EQ(round.result.state, UnitState::kDecided);
  EXPECT_EQ(round.result.winners, Strings{"COMM-01-C2"});
  EXPECT_EQ(elected_all_rounds(night.second, report.units, *night.second.unit_index("COMM-01")),
            (Strings{"COMM-01-C1", "COMM-01-C2"}));
  EXPECT_TRUE(unit_result_final(night.second, report.units, *night.second.unit_index("COMM-01")));
}

TEST(SecondRoundTest, ASupplementaryElectionThatFillsSomeOfItsSeats) {
  TwoRounds night;
  // PROV-01-R2 (2 seats, C2..C5): only C2 is above half of the valid ballots.
  const auto more = at_every_station(night.second, "PROV-01-R2", 300, {200, 140, 100, 60});
  TallyReport report = night.tally_with(more);
  const UnitTally& round = night.unit(report, "PROV-01-R2");
  EXPECT_EQ(round.result.winners, Strings{"PROV-01-C2"});
  EXPECT_FALSE(round.result.supplementary_needed);
  const LevelSummary& prov = report.levels[1];
  EXPECT_EQ(prov.seats, 3);
  EXPECT_EQ(prov.seats_filled, 1);  // polling day's figure stands as published
  EXPECT_EQ(prov.second_round.units, 1);
  EXPECT_EQ(prov.second_round.seats, 2);
  EXPECT_EQ(prov.second_round.seats_filled, 1);
  EXPECT_EQ(prov.seats_filled_all_rounds(), 2);
  EXPECT_TRUE(prov.final());
}

TEST(SecondRoundTest, ASecondShortfallCallsForNoThirdRound) {
  TwoRounds night;
  // PROV-01-R2: nobody above half; PROV-01 stays at 1 of 3 seats, below two thirds, yet
  // there is no second supplementary election (Art. 79): the result is final.
  const auto more = at_every_station(night.second, "PROV-01-R2", 300, {140, 140, 100, 100});
  TallyReport report = night.tally_with(more);
  const UnitTally& round = night.unit(report, "PROV-01-R2");
  EXPECT_EQ(round.result.state, UnitState::kDecided);
  EXPECT_TRUE(round.result.winners.empty());
  EXPECT_FALSE(round.result.supplementary_needed);
  EXPECT_EQ(report.levels[1].units_supplementary, 1);  // polling day's call, still reported
  EXPECT_EQ(report.levels[1].seats_filled_all_rounds(), 1);
  EXPECT_TRUE(unit_result_final(night.second, report.units, *night.second.unit_index("PROV-01")));
  EXPECT_EQ(plan_second_round(night.second, report).error().code, ErrorCode::kRoundInvalid);
}

TEST(SecondRoundTest, ARevoteWhoseTurnoutIsAgainNotAboveHalfStands) {
  TwoRounds night;
  // COMM-02-R2: 320 of 699 vote again (45.78%): no second re-vote; C1's 200 of 320 elect.
  TallyReport report =
      night.tally_with({record(night.second, "S3", "COMM-02-R2", 320, {200, 120})});
  const UnitTally& round = night.unit(report, "COMM-02-R2");
  EXPECT_EQ(round.totals.turnout_basis_points(), 4578);
  EXPECT_EQ(round.result.state, UnitState::kDecided);
  EXPECT_FALSE(round.result.revote_needed());
  EXPECT_EQ(round.result.winners, Strings{"COMM-02-C1"});
  EXPECT_EQ(elected_all_rounds(night.second, report.units, *night.second.unit_index("COMM-02")),
            Strings{"COMM-02-C1"});
}

TEST(SecondRoundTest, ATieAtTheCutInTheSecondRoundGoesToTheCommittee) {
  boost::json::object document = sample_election_json();
  // PROV-01's C3 and C4 share a birth date.
  auto& prov = document["units"].as_array()[1].as_object()["candidates"].as_array();
  prov[3].as_object()["birth_date"] = prov[2].as_object()["birth_date"];
  TwoRounds night(document);
  // PROV-01-R2, 2 seats: C2 first; C3 and C4 both above half with 180 each for the last seat.
  const auto more = at_every_station(night.second, "PROV-01-R2", 100, {70, 60, 60, 10});
  TallyReport report = night.tally_with(more);
  const UnitTally& round = night.unit(report, "PROV-01-R2");
  EXPECT_EQ(round.result.winners, Strings{"PROV-01-C2"});
  EXPECT_EQ(round.result.tied, (Strings{"PROV-01-C3", "PROV-01-C4"}));
  EXPECT_EQ(round.result.seats_undecided, 1);
  EXPECT_FALSE(unit_result_final(night.second, report.units, *night.second.unit_index("PROV-01")));
  EXPECT_EQ(report.levels[1].second_round.units_tied, 1);
  EXPECT_FALSE(report.levels[1].final());
}

TEST(SecondRoundTest, LevelAndProvinceFiguresReportBothRoundsAndWhichAreFinal) {
  TwoRounds night;
  TallyReport opened = night.tally_with({});
  const LevelSummary& comm = opened.levels[3];
  EXPECT_EQ(comm.units, 2);
  EXPECT_EQ(comm.seats, 3);
  EXPECT_EQ(comm.seats_filled, 1);
  EXPECT_EQ(comm.second_round.units, 2);
  EXPECT_EQ(comm.second_round.seats, 2);
  EXPECT_EQ(comm.second_round.stations_expected, 3);
  EXPECT_EQ(comm.units_final, 0);  // both units wait for their second round
  EXPECT_TRUE(opened.levels[0].final());
  EXPECT_EQ(opened.province.forms_expected, 12 + 6);
  EXPECT_EQ(opened.province.stations_complete, 0);  // every station votes again somewhere

  std::vector<StationRecord> more{record(night.second, "S1", "COMM-01-R2", 200, {130, 70}),
                                  record(night.second, "S2", "COMM-01-R2", 200, {130, 70}),
                                  record(night.second, "S3", "COMM-02-R2", 500, {300, 200})};
  for (const std::string station : {"S1", "S2", "S3"}) {
    more.push_back(record(night.second, station, "PROV-01-R2", 300, {200, 160, 100, 60}));
  }
  TallyReport done = night.tally_with(more);
  EXPECT_EQ(done.levels[3].seats_filled_all_rounds(), 3);
  EXPECT_EQ(done.levels[3].second_round.voted, 900);
  EXPECT_TRUE(done.levels[3].final());
  EXPECT_EQ(done.levels[1].seats_filled_all_rounds(), 3);
  EXPECT_EQ(done.province.second_round_units, 3);
  EXPECT_EQ(done.province.second_round_seats, 4);
  EXPECT_EQ(done.province.second_round_seats_filled, 4);
  EXPECT_EQ(done.province.units_final, 5);
  EXPECT_EQ(done.province.forms_reported, 18);
  EXPECT_EQ(done.province.stations_complete, 3);
}

TEST(SecondRoundTest, AnExportOfBothRoundsReTalliesAgainstTheDefinitionWithTheSecondRound) {
  TwoRounds night;
  const std::vector<StationRecord> more{record(night.second, "S3", "COMM-02-R2", 320, {200, 120})};
  RecordsFile file;
  file.election_id = night.second.id();
  file.records = night.records;
  file.records.insert(file.records.end(), more.begin(), more.end());
  file.statuses.assign(file.records.size(), "accepted");
  auto counted = records_to_count(night.second, testing::station_count_schema(), file);
  ASSERT_TRUE(counted.ok()) << counted.error().to_string();
  EXPECT_TRUE(counted->left_out.empty());
  EXPECT_EQ(tally_or_fail(night.second, counted->counted), night.tally_with(more));
}

TEST(SecondRoundTest, TheIncrementalTallyAgreesWithTheTallyFromScratchOverBothRounds) {
  TwoRounds night;
  std::vector<StationRecord> all = night.records;
  all.push_back(record(night.second, "S3", "COMM-02-R2", 320, {200, 120}));
  all.push_back(record(night.second, "S1", "COMM-01-R2", 200, {130, 70}));
  Tally tally(night.second);
  for (const StationRecord& r : all) ASSERT_TRUE(tally.put(r).ok());
  EXPECT_EQ(tally.report(), tally_or_fail(night.second, all));
  // Withdrawing polling day's record changes the final flags as a recount would.
  ASSERT_TRUE(tally.withdraw(FormId{"S3", "COMM-02"}).ok());
  std::erase_if(all, [](const StationRecord& r) { return r.form == FormId{"S3", "COMM-02"}; });
  EXPECT_EQ(tally.report(), tally_or_fail(night.second, all));
}

}  // namespace
}  // namespace tally::engine

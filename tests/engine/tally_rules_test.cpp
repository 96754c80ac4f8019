// Every rule of ELECTION_RULES.md with a worked example: validity (Art. 78, 80), winners
// above half of the valid ballots, ties for the last seat (older candidate; equal birth
// dates → committee), supplementary elections (Art. 79), exact percentages, and the law's
// seat and candidate limits (Art. 57, 58).
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "election_fixture.hpp"
#include "tally/engine/percent.hpp"
#include "tally/engine/tally.hpp"

namespace tally::engine {
namespace {

using Strings = std::vector<std::string>;

// A unit "U" of `seats` seats with candidates A, B, C, ... born on `births`.
ElectoralUnit make_unit(int seats, const std::vector<Date>& births) {
  ElectoralUnit unit{"U", "COMM", "Đơn vị bầu cử số 1", seats, {}, std::nullopt};
  for (std::size_t i = 0; i < births.size(); ++i) {
    std::string id(1, static_cast<char>('A' + i));
    unit.candidates.push_back(Candidate{id, "Ứng cử viên " + id, births[i]});
  }
  return unit;
}

// `births.size()` candidates born in successive years from 1960 (A is the oldest).
ElectoralUnit make_unit(int seats, std::size_t candidates) {
  std::vector<Date> births;
  for (std::size_t i = 0; i < candidates; ++i)
    births.push_back(Date{1960 + static_cast<int>(i), 6, 1});
  return make_unit(seats, births);
}

// One reported station: registered, voted, valid; invalid = voted - valid; votes for A, B, ...
UnitTotals make_totals(Count registered, Count voted, Count valid,
                       const std::vector<Count>& votes) {
  UnitTotals totals;
  totals.unit_id = "U";
  totals.stations_reported = 1;
  totals.stations_expected = 1;
  totals.registered = registered;
  totals.voted = voted;
  totals.valid = valid;
  totals.invalid = voted - valid;
  for (std::size_t i = 0; i < votes.size(); ++i) {
    totals.votes[std::string(1, static_cast<char>('A' + i))] = votes[i];
  }
  return totals;
}

ElectoralUnit reversed(ElectoralUnit unit) {
  std::reverse(unit.candidates.begin(), unit.candidates.end());
  return unit;
}

constexpr LevelKind kCouncil = LevelKind::kPeoplesCouncil;
constexpr LevelKind kAssembly = LevelKind::kNationalAssembly;

// --- Validity (Art. 78(1), Art. 80) ---

TEST(TallyRulesTest, MoreThanHalfTurnoutMakesTheElectionValid) {
  // 1,001 of 2,000 voters voted: 2,002 > 2,000.
  UnitResult result =
      decide_unit(make_unit(1, 2), kCouncil, make_totals(2000, 1001, 1000, {600, 400}));
  EXPECT_EQ(result.state, UnitState::kDecided);
  EXPECT_EQ(result.winners, Strings{"A"});
}

TEST(TallyRulesTest, ExactlyHalfTurnoutNeedsARevoteAndElectsNobody) {
  // 1,000 of 2,000 voted: not more than half. A's 900 of 1,000 valid ballots do not count.
  UnitResult result =
      decide_unit(make_unit(1, 2), kCouncil, make_totals(2000, 1000, 1000, {900, 100}));
  EXPECT_EQ(result.state, UnitState::kRevoteNeeded);
  EXPECT_TRUE(result.revote_needed());
  EXPECT_TRUE(result.winners.empty());
  EXPECT_FALSE(result.supplementary_needed);
}

TEST(TallyRulesTest, UnitWithoutReportsDecidesNothing) {
  UnitTotals totals = make_totals(0, 0, 0, {0, 0});
  totals.stations_reported = 0;
  UnitResult result = decide_unit(make_unit(1, 2), kCouncil, totals);
  EXPECT_EQ(result.state, UnitState::kNoResults);
  EXPECT_FALSE(result.revote_needed());
  EXPECT_FALSE(result.supplementary_needed);
}

// --- Winners (Art. 78(2)) ---

TEST(TallyRulesTest, ExactlyHalfOfTheValidBallotsIsNotEnough) {
  // 1,000 valid ballots: A has 500 (exactly half) and is not elected; B's 501 is.
  UnitResult result =
      decide_unit(make_unit(2, 3), kCouncil, make_totals(1200, 1100, 1000, {500, 501, 300}));
  EXPECT_EQ(result.winners, Strings{"B"});
  EXPECT_EQ(result.seats_filled(), 1);
}

TEST(TallyRulesTest, MostVotesWinUpToTheSeats) {
  // 3 seats, four candidates above half of 1,000: D, B, A win in vote order, C does not.
  UnitResult result = decide_unit(make_unit(3, 5), kCouncil,
                                  make_totals(1100, 1050, 1000, {700, 800, 650, 900, 100}));
  EXPECT_EQ(result.winners, (Strings{"D", "B", "A"}));
  EXPECT_TRUE(result.tied.empty());
  EXPECT_FALSE(result.supplementary_needed);
}

TEST(TallyRulesTest, ValidBallotsAreCountedNotVotersOrRegistered) {
  // Half of 1,000 voters would be 500; half of the 900 valid ballots is 450: 451 elects.
  UnitResult result =
      decide_unit(make_unit(1, 2), kCouncil, make_totals(1000, 1000, 900, {451, 449}));
  EXPECT_EQ(result.winners, Strings{"A"});
}

// --- Ties for the last seat (Art. 78(3)) ---

TEST(TallyRulesTest, TieForTheLastSeatGoesToTheOlderCandidate) {
  // 2 seats: A 800; B and C 600 each, C born 1955 (older than B, 1970).
  ElectoralUnit unit = make_unit(2, {{1965, 1, 1}, {1970, 3, 4}, {1955, 12, 31}});
  UnitTotals totals = make_totals(1100, 1050, 1000, {800, 600, 600});
  UnitResult result = decide_unit(unit, kCouncil, totals);
  EXPECT_EQ(result.winners, (Strings{"A", "C"}));
  EXPECT_FALSE(result.tie_for_committee());
  EXPECT_EQ(decide_unit(reversed(unit), kCouncil, totals), result);
}

TEST(TallyRulesTest, OlderByOneDayWins) {
  ElectoralUnit unit = make_unit(1, {{1970, 3, 5}, {1970, 3, 4}});
  UnitResult result = decide_unit(unit, kCouncil, make_totals(1000, 900, 900, {600, 600}));
  EXPECT_EQ(result.winners, Strings{"B"});
}

TEST(TallyRulesTest, TieWithEqualBirthDatesIsLeftToTheCommittee) {
  // 2 seats: A 800 elected; B and C 600 each, both born 1970-03-04: the seat stays open.
  ElectoralUnit unit = make_unit(2, {{1965, 1, 1}, {1970, 3, 4}, {1970, 3, 4}});
  UnitTotals totals = make_totals(1100, 1050, 1000, {800, 600, 600});
  UnitResult result = decide_unit(unit, kCouncil, totals);
  EXPECT_EQ(result.winners, Strings{"A"});
  EXPECT_EQ(result.tied, (Strings{"B", "C"}));
  EXPECT_EQ(result.seats_undecided, 1);
  EXPECT_TRUE(result.tie_for_committee());
  EXPECT_FALSE(result.supplementary_needed);  // the committee fills it from B or C
  EXPECT_EQ(decide_unit(reversed(unit), kCouncil, totals), result);
}

TEST(TallyRulesTest, ThreeWayTieForTwoSeatsLeavesBothToTheCommittee) {
  // 3 seats: A elected; B, C, D tied on votes and birth date for the last two seats.
  ElectoralUnit unit =
      make_unit(3, {{1960, 1, 1}, {1975, 5, 5}, {1975, 5, 5}, {1975, 5, 5}, {1980, 1, 1}});
  UnitTotals totals = make_totals(1100, 1050, 1000, {900, 550, 550, 550, 100});
  UnitResult result = decide_unit(unit, kCouncil, totals);
  EXPECT_EQ(result.winners, Strings{"A"});
  EXPECT_EQ(result.tied, (Strings{"B", "C", "D"}));
  EXPECT_EQ(result.seats_undecided, 2);
  EXPECT_EQ(decide_unit(reversed(unit), kCouncil, totals), result);
}

TEST(TallyRulesTest, EqualCandidatesWhoAllFitAreAllElected) {
  // 2 seats, A and B equal on votes and birth date, nobody else above half: both win.
  ElectoralUnit unit = make_unit(2, {{1970, 3, 4}, {1970, 3, 4}, {1980, 1, 1}});
  UnitTotals totals = make_totals(1100, 1050, 1000, {700, 700, 300});
  UnitResult result = decide_unit(unit, kCouncil, totals);
  EXPECT_EQ(result.winners, (Strings{"A", "B"}));
  EXPECT_FALSE(result.tie_for_committee());
  EXPECT_EQ(decide_unit(reversed(unit), kCouncil, totals), result);
}

TEST(TallyRulesTest, TieBelowHalfDecidesNothing) {
  // B and C tie at exactly half: neither is above half, so no tie-break and no flag.
  ElectoralUnit unit = make_unit(2, {{1965, 1, 1}, {1970, 3, 4}, {1970, 3, 4}});
  UnitResult result = decide_unit(unit, kCouncil, make_totals(1100, 1050, 1000, {800, 500, 500}));
  EXPECT_EQ(result.winners, Strings{"A"});
  EXPECT_FALSE(result.tie_for_committee());
  EXPECT_TRUE(result.supplementary_needed);  // 1 of 2 seats: 3 < 4
}

// --- Supplementary election (Art. 79) ---

TEST(TallyRulesTest, CouncilUnitFillingTwoOfThreeSeatsNeedsNoSupplementaryElection) {
  // Exactly two thirds: 3 * 2 == 2 * 3.
  UnitResult result = decide_unit(make_unit(3, 5), kCouncil,
                                  make_totals(1100, 1050, 1000, {700, 600, 400, 300, 200}));
  EXPECT_EQ(result.seats_filled(), 2);
  EXPECT_FALSE(result.supplementary_needed);
}

TEST(TallyRulesTest, FiveSeatCouncilUnitFillingThreeNeedsASupplementaryElection) {
  UnitResult result =
      decide_unit(make_unit(5, 8), kCouncil,
                  make_totals(1100, 1050, 1000, {700, 650, 600, 500, 400, 300, 200, 100}));
  EXPECT_EQ(result.seats_filled(), 3);
  EXPECT_TRUE(result.supplementary_needed);  // 9 < 10
}

TEST(TallyRulesTest, FiveSeatCouncilUnitFillingFourNeedsNone) {
  UnitResult result =
      decide_unit(make_unit(5, 8), kCouncil,
                  make_totals(1100, 1050, 1000, {700, 650, 600, 550, 400, 300, 200, 100}));
  EXPECT_EQ(result.seats_filled(), 4);
  EXPECT_FALSE(result.supplementary_needed);  // 12 >= 10
}

TEST(TallyRulesTest, NationalAssemblyUnitOneSeatShortNeedsASupplementaryElection) {
  UnitResult result = decide_unit(make_unit(3, 5), kAssembly,
                                  make_totals(1100, 1050, 1000, {700, 600, 400, 300, 200}));
  EXPECT_EQ(result.seats_filled(), 2);
  EXPECT_TRUE(result.supplementary_needed);
}

TEST(TallyRulesTest, NationalAssemblyUnitWithEverySeatFilledNeedsNone) {
  UnitResult result =
      decide_unit(make_unit(2, 4), kAssembly, make_totals(1100, 1050, 1000, {700, 600, 400, 300}));
  EXPECT_EQ(result.winners, (Strings{"A", "B"}));
  EXPECT_FALSE(result.supplementary_needed);
}

TEST(TallyRulesTest, SupplementaryThresholdsForEverySeatCount) {
  // filled seats below which a supplementary election is needed, by seats (index 1..5).
  const int council_minimum[] = {0, 1, 2, 2, 3, 4};  // ceil(2 * seats / 3)
  for (int seats = 1; seats <= 5; ++seats) {
    for (int filled = 0; filled <= seats; ++filled) {
      SCOPED_TRACE(std::to_string(filled) + " of " + std::to_string(seats));
      EXPECT_EQ(needs_supplementary_election(kCouncil, seats, filled),
                filled < council_minimum[seats]);
      if (seats <= 3) {
        EXPECT_EQ(needs_supplementary_election(kAssembly, seats, filled), filled < seats);
      }
    }
  }
}

// --- The law on units (Art. 57, 58) ---

TEST(TallyRulesTest, SeatAndCandidateLimitsPerLevelKind) {
  EXPECT_EQ(max_seats(kAssembly), 3);
  EXPECT_EQ(max_seats(kCouncil), 5);
  EXPECT_EQ(min_candidates(kAssembly, 1), 3);
  EXPECT_EQ(min_candidates(kAssembly, 3), 5);
  EXPECT_EQ(min_candidates(kCouncil, 1), 2);
  EXPECT_EQ(min_candidates(kCouncil, 2), 3);
  EXPECT_EQ(min_candidates(kCouncil, 3), 5);
  EXPECT_EQ(min_candidates(kCouncil, 4), 7);
  EXPECT_EQ(min_candidates(kCouncil, 5), 8);
}

// --- Figures (turnout %, valid %) ---

TEST(PercentTest, BasisPointsRoundHalfUp) {
  EXPECT_EQ(basis_points(39870, 40000), 9968);  // 99.675 % → 99.68
  EXPECT_EQ(basis_points(39869, 40000), 9967);  // 99.6725 %
  EXPECT_EQ(basis_points(2, 3), 6667);
  EXPECT_EQ(basis_points(1, 3), 3333);
  EXPECT_EQ(basis_points(1, 20000), 1);  // 0.005 % → 0.01
  EXPECT_EQ(basis_points(1, 20001), 0);
  EXPECT_EQ(basis_points(5, 5), 10000);
  EXPECT_EQ(basis_points(5, 0), 0);
}

TEST(PercentTest, PublishedTurnoutToTwoDecimals) {
  EXPECT_EQ(format_percent(931'800, 934'900), "99.67");
  EXPECT_EQ(format_percent(1, 1), "100.00");
  EXPECT_EQ(format_percent(1, 2000), "0.05");
  EXPECT_EQ(format_percent(7, 100), "7.00");
  EXPECT_EQ(format_percent(69'000'000, 69'000'001), "100.00");
  EXPECT_EQ(format_basis_points(9968), "99.68");
}

// Sums over stations pass 4.6e14 within the limits (10^12 per count), where part * 20000
// overflowed 64 bits: one NA unit of 470 stations with 10^12 registered and 10^12 - 1
// voted each printed "-96.23".
TEST(PercentTest, ExactForTotalsAtTheLimits) {
  constexpr Count kStations = 470;
  constexpr Count kLimit = 1'000'000'000'000;
  EXPECT_EQ(format_percent(kStations * (kLimit - 1), kStations * kLimit), "100.00");
  EXPECT_EQ(format_percent(kStations * kLimit / 2, kStations * kLimit), "50.00");
  constexpr Count kLargest = std::numeric_limits<Count>::max();
  EXPECT_EQ(basis_points(kLargest, kLargest), 10000);
  EXPECT_EQ(basis_points(kLargest - 1, kLargest), 10000);
  EXPECT_EQ(basis_points(kLargest / 3, kLargest), 3333);
  EXPECT_EQ(basis_points(kLargest, 1), kLargest);  // saturates
}

TEST(PercentTest, TotalsReportTurnoutAndValidShares) {
  UnitTotals totals = make_totals(934'900, 931'800, 920'000, {});
  EXPECT_EQ(totals.turnout_basis_points(), 9967);
  EXPECT_EQ(totals.valid_basis_points(), 9873);  // 920,000 of 931,800 = 98.7336 %
}

// --- The same rules through the tally of a 3-level (2026) definition ---

TEST(TallyRulesTest, ThreeLevelElectionIsTalliedPerLevel) {
  ElectionDefinition definition = testing::load_or_fail(testing::sample_election_json(false));
  std::vector<StationRecord> records;
  for (const char* station : {"S1", "S2", "S3"}) {
    // NA-01 (2 seats): C1 and C2 well above half, C3 and C4 below.
    records.push_back(testing::station_record(
        station, "NA-01", 600, 590, 10,
        {{"NA-01-C1", 500}, {"NA-01-C2", 400}, {"NA-01-C3", 200}, {"NA-01-C4", 50}}));
    // PROV-01 (3 seats): only C1 above half → 1 of 3, supplementary needed.
    records.push_back(testing::station_record(station, "PROV-01", 600, 590, 0,
                                              {{"PROV-01-C1", 400}, {"PROV-01-C2", 295}}));
  }
  // COMM-01 (S1, S2): turnout exactly half → re-vote. COMM-02 (S3): C2 elected.
  records.push_back(testing::station_record("S1", "COMM-01", 500, 250, 0, {{"COMM-01-C1", 250}}));
  records.push_back(testing::station_record("S2", "COMM-01", 600, 300, 0, {{"COMM-01-C1", 300}}));
  records.push_back(testing::station_record("S3", "COMM-02", 700, 650, 50,
                                            {{"COMM-02-C1", 100}, {"COMM-02-C2", 500}}));

  auto report = tally_all(definition, records);
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  ASSERT_EQ(report->levels.size(), 3u);
  const LevelSummary& na = report->levels[0];
  EXPECT_EQ(na.level_id, "NA");
  EXPECT_EQ(na.seats_filled, 2);
  EXPECT_EQ(na.registered, 1800);
  EXPECT_EQ(na.voted, 1770);
  EXPECT_EQ(format_basis_points(na.turnout_basis_points()), "98.33");
  EXPECT_EQ(report->units[0].result.winners, (Strings{"NA-01-C1", "NA-01-C2"}));

  const LevelSummary& prov = report->levels[1];
  EXPECT_EQ(prov.seats, 3);
  EXPECT_EQ(prov.seats_filled, 1);
  EXPECT_EQ(prov.units_supplementary, 1);

  const LevelSummary& comm = report->levels[2];
  EXPECT_EQ(comm.units, 2);
  EXPECT_EQ(comm.seats, 3);
  EXPECT_EQ(comm.seats_filled, 1);
  EXPECT_EQ(comm.units_revote, 1);
  EXPECT_EQ(comm.units_supplementary, 0);
  EXPECT_EQ(comm.units_complete, 2);

  EXPECT_EQ(report->province.units, 4);
  EXPECT_EQ(report->province.seats, 8);
  EXPECT_EQ(report->province.seats_filled, 4);
  EXPECT_EQ(report->province.forms_reported, 9);
  EXPECT_EQ(report->province.forms_expected, 9);
  EXPECT_EQ(report->province.stations_complete, 3);
}

}  // namespace
}  // namespace tally::engine

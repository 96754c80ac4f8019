// The committed Thái Nguyên 2021 data set, tallied by the engine, reproduces the figures the
// province published (ELECTION_RULES.md, "Figures to reproduce").
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "form_schema_fixture.hpp"
#include "tally/dataset/generator.hpp"
#include "tally/engine/form_schema.hpp"
#include "tally/engine/tally.hpp"
#include "thai_nguyen_fixture.hpp"

namespace tally::engine {
namespace {

using testing::LoadedDataSet;

struct PublishedLevel {
  const char* level_id;
  int units;
  int seats_filled;
  int units_supplementary;
};

constexpr PublishedLevel kPublished[] = {
    {"NA", 3, 7, 0}, {"PROV", 27, 66, 0}, {"DIST", 88, 319, 0}, {"COMM", 1'358, 3'982, 11}};

// Rounded to hundreds, as the province's "about 934,900 / 931,800" are.
Count to_hundreds(Count count) { return (count + 50) / 100 * 100; }

TallyReport tally_of(const LoadedDataSet& data) {
  auto report = tally_all(data.definition, data.records);
  EXPECT_TRUE(report.ok()) << report.error().to_string();
  return report.ok() ? std::move(report).value() : TallyReport{};
}

void expect_published_figures(const LoadedDataSet& data) {
  TallyReport report = tally_of(data);
  EXPECT_EQ(data.definition.stations().size(), 1'439u);
  EXPECT_EQ(report.province.stations_complete, 1'439);
  ASSERT_EQ(report.levels.size(), std::size(kPublished));
  for (std::size_t i = 0; i < report.levels.size(); ++i) {
    const LevelSummary& level = report.levels[i];
    SCOPED_TRACE(level.level_id);
    EXPECT_EQ(level.level_id, kPublished[i].level_id);
    EXPECT_EQ(level.units, kPublished[i].units);
    EXPECT_EQ(level.units_complete, kPublished[i].units);
    EXPECT_EQ(level.seats_filled, kPublished[i].seats_filled);
    EXPECT_EQ(level.units_supplementary, kPublished[i].units_supplementary);
    EXPECT_EQ(level.units_revote, 0);
    EXPECT_EQ(level.units_tied, 0);
  }
  EXPECT_EQ(format_basis_points(report.levels[0].turnout_basis_points()), "99.68");
  EXPECT_EQ(format_basis_points(report.levels[1].turnout_basis_points()), "99.67");
  EXPECT_EQ(to_hundreds(report.levels[1].registered), 934'900);
  EXPECT_EQ(to_hundreds(report.levels[1].voted), 931'800);
}

TEST(ThaiNguyenFiguresTest, TallyOfTheGroundTruthReproducesThePublishedTable) {
  expect_published_figures(testing::committed_data_set());
}

TEST(ThaiNguyenFiguresTest, ElevenCommuneUnitsNeedASupplementaryElectionEachBelowTwoThirds) {
  const LoadedDataSet& data = testing::committed_data_set();
  TallyReport report = tally_of(data);
  int supplementary = 0;
  int short_but_enough = 0;
  for (const UnitTally& unit : report.units) {
    const ElectoralUnit* definition = data.definition.unit(unit.result.unit_id);
    ASSERT_NE(definition, nullptr);
    int seats = definition->seats;
    int filled = unit.result.seats_filled();
    if (unit.result.supplementary_needed) {
      ++supplementary;
      EXPECT_EQ(definition->level_id, "COMM") << unit.result.unit_id;
      EXPECT_LT(3 * filled, 2 * seats) << unit.result.unit_id << ": " << filled << "/" << seats;
    } else if (filled < seats) {
      ++short_but_enough;
      EXPECT_GE(3 * filled, 2 * seats) << unit.result.unit_id;
    }
  }
  EXPECT_EQ(supplementary, 11);
  // Some units fill fewer than all their seats yet two thirds or more: no supplementary.
  EXPECT_GT(short_but_enough, 0);
}

TEST(ThaiNguyenFiguresTest, EveryGroundTruthRecordPassesValidation) {
  const LoadedDataSet& data = testing::committed_data_set();
  FormSchema schema = testing::station_count_schema();
  ASSERT_EQ(schema.id, data.definition.form_schema_id());
  ASSERT_EQ(data.records.size(), 1'439u * 4);
  for (const StationRecord& record : data.records) {
    const ElectoralUnit* unit = data.definition.unit(record.form.unit_id);
    ASSERT_NE(unit, nullptr) << record.form.to_string();
    CheckFailures failures =
        validate_record(schema, record, *unit, data.definition.contest_of(record.form));
    // Not even a warning: the ground truth is clean.
    EXPECT_TRUE(failures.empty()) << record.form.to_string() << ": " << failures.front().message;
  }
}

TEST(ThaiNguyenFiguresTest, StationsHold300To4000VotersAndUnitsNestInCommunesAndDistricts) {
  const LoadedDataSet& data = testing::committed_data_set();
  // Station names end in ", <commune>, <district>".
  auto place = [](const PollingStation& station) {
    return station.name.substr(station.name.find(", ") + 2);
  };
  auto district = [&](const PollingStation& station) {
    std::string where = place(station);
    return where.substr(where.find(", ") + 2);
  };
  for (const PollingStation& station : data.definition.stations()) {
    for (const StationContest& contest : station.contests) {
      EXPECT_GE(contest.registered, 300) << station.id;
      EXPECT_LE(contest.registered, 4'000) << station.id;
    }
  }
  for (std::size_t u = 0; u < data.definition.units().size(); ++u) {
    const ElectoralUnit& unit = data.definition.units()[u];
    if (unit.level_id == "NA") continue;
    std::set<std::string> districts;
    std::set<std::string> communes;
    for (std::size_t s : data.definition.stations_of_unit(u)) {
      districts.insert(district(data.definition.stations()[s]));
      communes.insert(place(data.definition.stations()[s]));
    }
    EXPECT_EQ(districts.size(), 1u) << unit.id;
    if (unit.level_id == "COMM") {
      EXPECT_EQ(communes.size(), 1u) << unit.id;
    }
  }
}

TEST(ThaiNguyenFiguresTest, WinnersHoldClearMajoritiesAndTheOneTieGoesToTheOlder) {
  const LoadedDataSet& data = testing::committed_data_set();
  TallyReport report = tally_of(data);
  int ties = 0;
  for (const UnitTally& unit : report.units) {
    const ElectoralUnit& definition = *data.definition.unit(unit.result.unit_id);
    const UnitTotals& totals = unit.totals;
    std::set<std::string> winners(unit.result.winners.begin(), unit.result.winners.end());
    for (const Candidate& candidate : definition.candidates) {
      Count share = basis_points(totals.votes.at(candidate.id), totals.valid);
      if (winners.count(candidate.id) > 0) {
        EXPECT_GE(share, 5'300) << candidate.id;
        EXPECT_LE(share, 9'500) << candidate.id;
      } else if (2 * totals.votes.at(candidate.id) > totals.valid) {
        // Above half but not elected: only the younger side of a tie for the last seat.
        ++ties;
        const std::string& last = unit.result.winners.back();
        const Candidate& older =
            definition.candidates[data.definition.candidate(last)->candidate_index];
        EXPECT_EQ(totals.votes.at(last), totals.votes.at(candidate.id)) << definition.id;
        EXPECT_LT(older.birth_date, candidate.birth_date) << definition.id;
        // The file lists the younger first: the seat is not decided by file order.
        EXPECT_LT(candidate.id, older.id) << definition.id;
      } else {
        EXPECT_LE(share, 4'800) << candidate.id;
      }
    }
  }
  EXPECT_EQ(ties, 1);
}

TEST(ThaiNguyenFiguresTest, AnotherSeedsDataSetReproducesTheTableToo) {
  auto generated = generate_thai_nguyen_2021(1);
  ASSERT_TRUE(generated.ok()) << generated.error().to_string();
  expect_published_figures(
      testing::load_data_set(generated->definition_json, generated->records_json));
}

}  // namespace
}  // namespace tally::engine

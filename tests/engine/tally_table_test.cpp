#include "tally/engine/tally_table.hpp"

#include <gtest/gtest.h>

#include <string>

#include "election_fixture.hpp"

namespace tally::engine {
namespace {

TEST(TallyTableTest, CountsGetThousandsSeparators) {
  EXPECT_EQ(with_thousands(0), "0");
  EXPECT_EQ(with_thousands(999), "999");
  EXPECT_EQ(with_thousands(1'000), "1,000");
  EXPECT_EQ(with_thousands(934'918), "934,918");
  EXPECT_EQ(with_thousands(1'234'567), "1,234,567");
  EXPECT_EQ(with_thousands(-1'200), "-1,200");
}

TEST(TallyTableTest, OneRowPerLevelThenTheUnitsTheLawSendsBackToTheVoters) {
  ElectionDefinition definition = testing::load_or_fail(testing::sample_election_json());
  // NA-01 (2 seats): only C1 above half → a National Assembly seat short, supplementary.
  // COMM-02: 300 of 699 voted → re-vote.
  auto report = tally_all(
      definition,
      {testing::station_record("S1", "NA-01", 1'500, 1'450, 10,
                               {{"NA-01-C1", 1'000}, {"NA-01-C2", 700}, {"NA-01-C3", 100}}),
       testing::station_record("S3", "COMM-02", 699, 300, 0,
                               {{"COMM-02-C1", 200}, {"COMM-02-C2", 100}})});
  ASSERT_TRUE(report.ok()) << report.error().to_string();

  std::string table = tally_to_table(definition, *report);

  EXPECT_NE(table.find("Bầu cử mẫu (2021-05-23)\n"), std::string::npos) << table;
  EXPECT_NE(table.find("Stations reporting: 2 of 3 (complete: 0); records: 2 of 12\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("NA          1      2       1        1,500        1,450    96.67%        "
                       "1,440        10    99.31%\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("Supplementary election needed (Art. 79), seats filled / seats:\n"
                       "  NA-01      1/2  Đơn vị bầu cử NA-01\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("Re-vote needed (Art. 80), seats filled / seats:\n"
                       "  COMM-02    0/1  Đơn vị bầu cử COMM-02\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("Tie left to the election committee: none\n"), std::string::npos) << table;
}

}  // namespace
}  // namespace tally::engine

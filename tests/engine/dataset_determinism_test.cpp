#include <gtest/gtest.h>

#include "tally/dataset/generator.hpp"
#include "thai_nguyen_fixture.hpp"

namespace tally::engine {
namespace {

using testing::kThaiNguyenDefinitionPath;
using testing::kThaiNguyenRecordsPath;
using testing::source_file;

TEST(DatasetDeterminismTest, CommittedFilesAreTheDefaultSeedsOutputByteForByte) {
  auto generated = generate_thai_nguyen_2021(kDefaultDatasetSeed);
  ASSERT_TRUE(generated.ok()) << generated.error().to_string();
  // Compared as booleans: a failure must not print two megabytes.
  EXPECT_TRUE(generated->definition_json == source_file(kThaiNguyenDefinitionPath))
      << "regenerate with: build/release/tools/generate-dataset (from the repository root)";
  EXPECT_TRUE(generated->records_json == source_file(kThaiNguyenRecordsPath))
      << "regenerate with: build/release/tools/generate-dataset (from the repository root)";
}

TEST(DatasetDeterminismTest, ASeedAlwaysGivesTheSameBytesAndAnotherSeedOthers) {
  auto first = generate_thai_nguyen_2021(99);
  auto second = generate_thai_nguyen_2021(99);
  auto other = generate_thai_nguyen_2021(100);
  ASSERT_TRUE(first.ok() && second.ok() && other.ok());
  EXPECT_TRUE(first->definition_json == second->definition_json);
  EXPECT_TRUE(first->records_json == second->records_json);
  EXPECT_FALSE(first->definition_json == other->definition_json);
  EXPECT_FALSE(first->records_json == other->records_json);
}

TEST(DatasetGeneratorTest, SelfCheckCountsThePublishedUnitsSeatsAndVoters) {
  auto generated = generate_thai_nguyen_2021();
  ASSERT_TRUE(generated.ok()) << generated.error().to_string();
  EXPECT_EQ(generated->stations, 1'439u);
  ASSERT_EQ(generated->figures.size(), 4u);
  const std::vector<DatasetLevelFigures> expected = {
      {"NA", 3, 7, 7, 0, 935'658, 932'647},
      {"PROV", 27, 66, 66, 0, 934'918, 931'847},
      {"DIST", 88, 319, 319, 0, 934'918, 931'847},
      {"COMM", 1'358, 4'023, 3'982, 11, 934'918, 931'847},
  };
  EXPECT_EQ(generated->figures, expected);
}

}  // namespace
}  // namespace tally::engine

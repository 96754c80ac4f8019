// Which records a re-tally counts (counted_records.hpp): an export's accepted records only,
// each passing the checks the server's acceptance required, or a refusal; a ground truth's
// records that pass. The independent auditor's case: a flagged record with voted above
// registered was counted and the NA turnout came out as 100.21%.
#include "tally/engine/counted_records.hpp"

#include <gtest/gtest.h>

#include "form_schema_fixture.hpp"
#include "thai_nguyen_fixture.hpp"

namespace tally::engine {
namespace {

class CountedRecordsTest : public ::testing::Test {
 protected:
  // The first three ground-truth records, with voted above registered on the second.
  RecordsFile three_records(std::vector<std::string> statuses) {
    RecordsFile file;
    file.election_id = data_.definition.id();
    file.records.assign(data_.records.begin(), data_.records.begin() + 3);
    const Count registered = std::get<Count>(file.records[1].values.at(fields::kRegistered));
    file.records[1].values[fields::kVoted] = Count{registered + 5};
    file.statuses = std::move(statuses);
    return file;
  }

  const testing::LoadedDataSet& data_ = testing::committed_data_set();
  FormSchema schema_ = testing::station_count_schema();
};

TEST_F(CountedRecordsTest, AnExportCountsItsAcceptedRecordsOnly) {
  auto counted =
      records_to_count(data_.definition, schema_, three_records({"accepted", "flagged", "draft"}));
  ASSERT_TRUE(counted.ok()) << counted.error().to_string();
  ASSERT_EQ(counted->counted.size(), 1u);
  EXPECT_EQ(counted->counted.front().form, data_.records[0].form);
  ASSERT_EQ(counted->left_out.size(), 2u);
  EXPECT_EQ(counted->left_out[0], data_.records[1].form.to_string() + ": flagged");
  EXPECT_EQ(counted->left_out[1], data_.records[2].form.to_string() + ": draft");
}

TEST_F(CountedRecordsTest, AnAcceptedRecordThatFailsACheckIsRefused) {
  auto counted = records_to_count(data_.definition, schema_,
                                  three_records({"accepted", "accepted", "accepted"}));
  ASSERT_FALSE(counted.ok());
  EXPECT_EQ(counted.error().code, ErrorCode::kRecordsInvalid);
  EXPECT_NE(counted.error().message.find("records[1]"), std::string::npos);
  EXPECT_NE(counted.error().message.find("voted_le_registered"), std::string::npos)
      << counted.error().message;
}

TEST_F(CountedRecordsTest, AnAcceptedRecordWithAnotherVoterListIsRefused) {
  RecordsFile file = three_records({"accepted", "flagged", "accepted"});
  Count& registered = std::get<Count>(file.records[2].values.at(fields::kRegistered));
  registered += 1000;
  auto counted = records_to_count(data_.definition, schema_, file);
  ASSERT_FALSE(counted.ok());
  EXPECT_NE(counted.error().message.find("registered_voter_list"), std::string::npos)
      << counted.error().message;
}

TEST_F(CountedRecordsTest, AGroundTruthLeavesOutWhatTheServerWouldFlag) {
  auto counted = records_to_count(data_.definition, schema_, three_records({}));
  ASSERT_TRUE(counted.ok()) << counted.error().to_string();
  EXPECT_EQ(counted->counted.size(), 2u);
  ASSERT_EQ(counted->left_out.size(), 1u);
  EXPECT_NE(counted->left_out[0].find("voted_le_registered"), std::string::npos);
}

TEST(RecordsFileTest, StatusesAreKeptAndMustBeGivenForEveryRecordOrNone) {
  const std::string head = R"({"format":"tally-records/1","election":"e","records":[)";
  const std::string a =
      R"({"form":"S1/U1","station":"S1","unit":"U1","schema":"station-count/1","values":{})";
  const std::string b =
      R"({"form":"S2/U1","station":"S2","unit":"U1","schema":"station-count/1","values":{})";
  auto both = parse_records_file(head + a + R"(,"status":"accepted"},)" + b +
                                 R"(,"status":"flagged","reasons":[]}]})");
  ASSERT_TRUE(both.ok()) << both.error().to_string();
  EXPECT_EQ(both->statuses, (std::vector<std::string>{"accepted", "flagged"}));
  auto one = parse_records_file(head + a + R"(,"status":"accepted"},)" + b + "}]}");
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().code, ErrorCode::kRecordsInvalid);
  EXPECT_NE(one.error().message.find("records[1].status"), std::string::npos)
      << one.error().message;
  auto unknown = parse_records_file(head + a + R"(,"status":"counted"}]})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("not draft, accepted or flagged"), std::string::npos);
}

}  // namespace
}  // namespace tally::engine

#include "tally/engine/records_json.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tally::engine {
namespace {

StationRecord sample_record() {
  StationRecord record;
  record.form = FormId{"TN-0001", "NA-01"};
  record.schema_id = "station-count/1";
  record.values = {{fields::kRegistered, Count{812}},
                   {fields::kVoted, Count{810}},
                   {fields::kValid, Count{801}},
                   {fields::kInvalid, Count{9}},
                   {fields::kVotes, VoteMap{{"NA-01-C02", 500}, {"NA-01-C01", 640}}},
                   {fields::kNotes, std::string("Mưa to, mở cửa muộn 10 phút")},
                   {"extra_field", Count{-3}}};
  return record;
}

std::string document_with(const std::string& records) {
  return R"({"format": "tally-records/1", "election": "thai-nguyen-2021", "records": [)" + records +
         "]}";
}

std::string error_of(const std::string& json) {
  auto parsed = parse_records_file(json);
  EXPECT_FALSE(parsed.ok());
  return parsed.ok() ? std::string() : parsed.error().to_string();
}

TEST(RecordsJsonTest, WrittenRecordsReadBackEqual) {
  StationRecord second = sample_record();
  second.form = FormId{"TN-0002", "PROV-01"};
  second.values.erase(fields::kNotes);
  std::vector<StationRecord> records = {sample_record(), second};

  auto parsed = parse_records_file(records_to_json("thai-nguyen-2021", records));

  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->election_id, "thai-nguyen-2021");
  EXPECT_EQ(parsed->records, records);
}

TEST(RecordsJsonTest, OutputIsOneRecordPerLineInFormOrder) {
  EXPECT_EQ(records_to_json("thai-nguyen-2021", {sample_record()}),
            "{\n"
            "  \"format\": \"tally-records/1\",\n"
            "  \"election\": \"thai-nguyen-2021\",\n"
            "  \"records\": [\n"
            "    {\"form\":\"TN-0001/NA-01\",\"station\":\"TN-0001\",\"unit\":\"NA-01\","
            "\"schema\":\"station-count/1\",\"values\":{\"registered\":812,\"voted\":810,"
            "\"valid\":801,\"invalid\":9,\"votes\":{\"NA-01-C01\":640,\"NA-01-C02\":500},"
            "\"notes\":\"Mưa to, mở cửa muộn 10 phút\",\"extra_field\":-3}}\n"
            "  ]\n"
            "}\n");
}

TEST(RecordsJsonTest, AnEmptyListIsWrittenAndRead) {
  std::string json = records_to_json("e", {});
  EXPECT_EQ(json,
            "{\n  \"format\": \"tally-records/1\",\n  \"election\": \"e\",\n"
            "  \"records\": []\n}\n");
  auto parsed = parse_records_json(json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->empty());
}

TEST(RecordsJsonTest, ExportStatusAndReasonsAreAcceptedAndIgnored) {
  auto parsed = parse_records_json(document_with(
      R"({"form": "TN-0001/NA-01", "station": "TN-0001", "unit": "NA-01",
          "schema": "station-count/1", "values": {"voted": 5}, "status": "flagged",
          "reasons": ["conflict on voted"]})"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].values.at(fields::kVoted), FieldValue{Count{5}});
}

TEST(RecordsJsonTest, MalformedJsonIsReportedWithLineAndColumn) {
  auto parsed = parse_records_file("{\n  \"format\": ,\n}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kRecordsParse);
  EXPECT_EQ(parsed.error().domain(), ErrorDomain::kRecord);
  EXPECT_NE(parsed.error().message.find("line 2, column 13"), std::string::npos)
      << parsed.error().message;
}

TEST(RecordsJsonTest, AWrongVoteTypeNamesItsJsonPath) {
  std::string error = error_of(document_with(
      R"({"form": "TN-0001/NA-01", "station": "TN-0001", "unit": "NA-01",
          "schema": "station-count/1", "values": {"votes": {"NA-01-C02": 1.5}}})"));
  EXPECT_EQ(error, "E306 records file: records[0].values.votes.NA-01-C02: expected an integer");
}

TEST(RecordsJsonTest, AValueOfNoKnownShapeNamesItsJsonPath) {
  std::string error = error_of(document_with(
      R"({"form": "TN-0001/NA-01", "station": "TN-0001", "unit": "NA-01",
          "schema": "station-count/1", "values": {"voted": true}})"));
  EXPECT_NE(error.find("records[0].values.voted: expected an integer, a string or an object"),
            std::string::npos)
      << error;
}

TEST(RecordsJsonTest, AFormThatIsNotStationSlashUnitIsRefused) {
  std::string error = error_of(document_with(
      R"({"form": "TN-0001/NA-02", "station": "TN-0001", "unit": "NA-01",
          "schema": "station-count/1", "values": {}})"));
  EXPECT_NE(error.find("records[0].form: \"TN-0001/NA-02\" is not"), std::string::npos) << error;
}

TEST(RecordsJsonTest, AFormListedTwiceIsRefusedNamingBoth) {
  std::string record = R"({"form": "TN-0001/NA-01", "station": "TN-0001", "unit": "NA-01",
                           "schema": "station-count/1", "values": {}})";
  std::string error = error_of(document_with(record + "," + record));
  EXPECT_NE(error.find("records[1].form: form TN-0001/NA-01 is already in records[0]"),
            std::string::npos)
      << error;
}

TEST(RecordsJsonTest, UnknownMembersMissingMembersAndOtherFormatsAreRefused) {
  EXPECT_NE(error_of(document_with(R"({"form": "A/B", "station": "A", "unit": "B",
                                       "schema": "s/1", "values": {}, "valeus": {}})"))
                .find("records[0].valeus: unknown member"),
            std::string::npos);
  EXPECT_NE(error_of(document_with(R"({"form": "A/B", "station": "A", "unit": "B",
                                       "values": {}})"))
                .find("records[0].schema: missing"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"format": "tally-records/2", "election": "e", "records": []})")
                .find("format: \"tally-records/2\" is not \"tally-records/1\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"format": "tally-records/1", "election": "e", "records": {}})")
                .find("records: expected an array"),
            std::string::npos);
}

}  // namespace
}  // namespace tally::engine

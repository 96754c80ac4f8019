// The CSV files for spreadsheets: RFC 4180 quoting, and the tally and records CSV holding
// the same numbers and names as their JSON files (tally_json.hpp, records_json.hpp).
#include "tally/engine/csv.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "csv_table.hpp"
#include "election_fixture.hpp"
#include "tally/engine/records_csv.hpp"
#include "tally/engine/records_json.hpp"
#include "tally/engine/tally_csv.hpp"
#include "tally/engine/tally_json.hpp"

namespace tally::engine {
namespace {

namespace json = boost::json;
using testkit::read_csv;

TEST(CsvRowTest, QuotesOnlyFieldsThatNeedIt) {
  std::string csv;
  append_csv_row(csv, {"plain", "Nguyễn Văn An", "", "a,b", "say \"hi\"", "two\nlines", "cr\r"});
  EXPECT_EQ(csv, "plain,Nguyễn Văn An,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n");
  const auto table = read_csv("h1,h2,h3,h4,h5,h6,h7\r\n" + csv);
  ASSERT_EQ(table.rows.size(), 1U);
  EXPECT_EQ(table.rows[0].at("h2"), "Nguyễn Văn An");
  EXPECT_EQ(table.rows[0].at("h4"), "a,b");
  EXPECT_EQ(table.rows[0].at("h5"), "say \"hi\"");
  EXPECT_EQ(table.rows[0].at("h6"), "two\nlines");
  EXPECT_EQ(table.rows[0].at("h7"), "cr\r");
}

// The sample election with names that need quoting: a comma, quotes and a newline.
json::object election_with_awkward_names() {
  json::object document = testing::sample_election_json();
  auto& na = document.at("units").as_array().at(0).as_object();
  na["name"] = "Đơn vị số 1 (thành phố Thái Nguyên, huyện Đồng Hỷ)";
  auto& candidates = na.at("candidates").as_array();
  candidates.at(0).as_object()["name"] = "Nguyễn Văn \"Tư\" An";
  candidates.at(1).as_object()["name"] = "Trần Thị Bình,\nphường Phan Đình Phùng";
  return document;
}

struct AwkwardTally {
  ElectionDefinition definition = testing::load_or_fail(election_with_awkward_names());
  std::vector<StationRecord> records = {
      testing::station_record("S1", "NA-01", 500, 450, 10,
                              {{"NA-01-C1", 300}, {"NA-01-C2", 250}, {"NA-01-C3", 100}}),
      testing::station_record("S3", "COMM-02", 699, 300, 0,
                              {{"COMM-02-C1", 200}, {"COMM-02-C2", 100}})};
  TallyReport report;

  AwkwardTally() {
    records[0].values[fields::kNotes] = std::string("mưa to, \"gió\" lớn\nhai dòng");
    auto tallied = tally_all(definition, records);
    EXPECT_TRUE(tallied.ok()) << tallied.error().to_string();
    if (tallied.ok()) report = std::move(tallied).value();
  }
};

TEST(TallyCsvTest, HoldsTheTallyFilesNumbersOneRowPerCandidate) {
  AwkwardTally sample;
  const auto table = read_csv(tally_to_csv(sample.definition, sample.report));
  const json::value document = json::parse(tally_to_json(sample.definition, sample.report));
  std::size_t candidates = 0;
  for (const auto& unit : sample.definition.units()) candidates += unit.candidates.size();
  ASSERT_EQ(table.rows.size(), candidates);

  std::size_t row = 0;
  for (const json::value& unit : document.at("units").as_array()) {
    const auto& defined = *sample.definition.unit(unit.at("unit").as_string());
    for (const auto& candidate : defined.candidates) {
      const auto& cells = table.rows.at(row++);
      EXPECT_EQ(cells.at("unit"), unit.at("unit").as_string());
      EXPECT_EQ(cells.at("unit_name"), unit.at("name").as_string());
      EXPECT_EQ(cells.at("level"), unit.at("level").as_string());
      EXPECT_EQ(cells.at("state"), unit.at("state").as_string());
      for (const char* count : {"stations_reported", "stations_expected", "registered", "voted",
                                "valid", "invalid", "seats", "seats_filled"}) {
        EXPECT_EQ(cells.at(count), json::serialize(unit.at(count))) << count;
      }
      EXPECT_EQ(cells.at("turnout_percent"), unit.at("turnout_percent").as_string());
      EXPECT_EQ(cells.at("valid_percent"), unit.at("valid_percent").as_string());
      EXPECT_EQ(cells.at("candidate"), candidate.id);
      EXPECT_EQ(cells.at("candidate_name"), candidate.name);
      EXPECT_EQ(cells.at("votes"), json::serialize(unit.at("votes").at(candidate.id)));
      const auto& winners = unit.at("winners").as_array();
      const bool elected =
          std::find(winners.begin(), winners.end(), json::value(candidate.id)) != winners.end();
      EXPECT_EQ(cells.at("elected"), elected ? "yes" : "no") << candidate.id;
    }
  }
  // The names that need quoting come back whole.
  EXPECT_EQ(table.rows.at(0).at("unit_name"), "Đơn vị số 1 (thành phố Thái Nguyên, huyện Đồng Hỷ)");
  EXPECT_EQ(table.rows.at(0).at("candidate_name"), "Nguyễn Văn \"Tư\" An");
  EXPECT_EQ(table.rows.at(1).at("candidate_name"), "Trần Thị Bình,\nphường Phan Đình Phùng");
  EXPECT_EQ(table.rows.at(0).at("elected"), "yes");
  EXPECT_EQ(table.rows.at(0).at("votes"), "300");
}

TEST(RecordsCsvTest, HoldsEveryValueOfTheRecordsFile) {
  AwkwardTally sample;
  const auto table =
      read_csv(records_to_csv(sample.definition, sample.records, {"accepted", "flagged"}));
  const json::value document = json::parse(records_to_json("sample-2021", sample.records));
  std::size_t row = 0;
  std::size_t index = 0;
  for (const json::value& record : document.at("records").as_array()) {
    const std::string status = index++ == 0 ? "accepted" : "flagged";
    for (const auto& [field, value] : record.at("values").as_object()) {
      if (value.is_object()) {
        for (const auto& [candidate, votes] : value.as_object()) {
          const auto& cells = table.rows.at(row++);
          EXPECT_EQ(cells.at("field"), std::string(field) + "." + std::string(candidate));
          EXPECT_EQ(cells.at("value"), json::serialize(votes));
          EXPECT_FALSE(cells.at("candidate_name").empty());
        }
        continue;
      }
      const auto& cells = table.rows.at(row++);
      EXPECT_EQ(cells.at("form"), record.at("form").as_string());
      EXPECT_EQ(cells.at("station"), record.at("station").as_string());
      EXPECT_EQ(cells.at("unit"), record.at("unit").as_string());
      EXPECT_EQ(cells.at("status"), status);
      EXPECT_EQ(cells.at("field"), field);
      EXPECT_EQ(cells.at("value"),
                value.is_string() ? std::string(value.as_string()) : json::serialize(value));
    }
  }
  EXPECT_EQ(row, table.rows.size());
  const auto notes = std::find_if(table.rows.begin(), table.rows.end(),
                                  [](const auto& cells) { return cells.at("field") == "notes"; });
  ASSERT_NE(notes, table.rows.end());
  EXPECT_EQ(notes->at("value"), "mưa to, \"gió\" lớn\nhai dòng");
  EXPECT_EQ(notes->at("station_name"), "Khu vực bỏ phiếu S1");
  const auto votes = std::find_if(table.rows.begin(), table.rows.end(), [](const auto& cells) {
    return cells.at("field") == "votes.NA-01-C2";
  });
  ASSERT_NE(votes, table.rows.end());
  EXPECT_EQ(votes->at("candidate_name"), "Trần Thị Bình,\nphường Phan Đình Phùng");
  EXPECT_EQ(votes->at("value"), "250");
}

TEST(RecordsCsvTest, WithoutStatusesTheColumnIsEmpty) {
  AwkwardTally sample;
  const auto table = read_csv(records_to_csv(sample.definition, sample.records, {}));
  ASSERT_FALSE(table.rows.empty());
  for (const auto& cells : table.rows) EXPECT_EQ(cells.at("status"), "");
}

}  // namespace
}  // namespace tally::engine

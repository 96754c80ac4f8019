// The formats of tallyd's reads (docs/cli.md, "CSV"; docs/operations.md): the tally and
// the records as CSV over HTTP and from `tallyd export --csv`, with the JSON's numbers and
// the names intact; an unknown ?format= refused with a code; --json on the commands that
// print data.
#include <boost/json.hpp>
#include <fstream>

#include "csv_table.hpp"
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

class ApiFormatTest : public ServerFixture {
 protected:
  // TN-0001's NA record, with notes that need quoting, entered and submitted.
  void submit_record() {
    auto device = connected_device("TN-0001");
    auto record = test_na_record();
    record.values["notes"] = std::string(kNotes);
    auto ack = device->upload(device->entry_ops(record));
    ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  }

  tally::http::ApiResponse get(const std::string& target) {
    auto response = api_call(api(server_.operator_token()), http::verb::get, target);
    EXPECT_TRUE(response.ok()) << response.error().to_string();
    return response.ok() ? std::move(response).value() : tally::http::ApiResponse{};
  }

  static constexpr const char* kNotes = "mưa to, \"gió\" lớn\nđếm lại lúc 21:00";
};

// The NA-01 candidates' rows of a tally CSV agree with the tally JSON.
void expect_same_tally(const std::string& csv, const std::string& tally_json) {
  const auto table = read_csv(csv);
  const json::value document = json::parse(tally_json);
  const json::value* na = nullptr;
  for (const auto& unit : document.at("units").as_array()) {
    if (unit.at("unit").as_string() == "NA-01") na = &unit;
  }
  ASSERT_NE(na, nullptr);
  std::size_t rows = 0;
  for (const auto& cells : table.rows) {
    if (cells.at("unit") != "NA-01") continue;
    ++rows;
    EXPECT_EQ(cells.at("votes"), json::serialize(na->at("votes").at(cells.at("candidate"))));
    EXPECT_EQ(cells.at("voted"), json::serialize(na->at("voted")));
    EXPECT_EQ(cells.at("valid"), json::serialize(na->at("valid")));
    EXPECT_EQ(cells.at("stations_reported"), json::serialize(na->at("stations_reported")));
  }
  EXPECT_EQ(rows, na->at("votes").as_object().size());
  EXPECT_EQ(table.rows.at(0).at("candidate_name"), "Nguyễn Văn An");
  EXPECT_EQ(table.rows.at(0).at("votes"), "500");
}

// The records CSV holds the record's values, the notes whole.
void expect_records(const std::string& csv) {
  const auto table = read_csv(csv);
  std::map<std::string, std::string> values;
  for (const auto& cells : table.rows) {
    if (cells.at("form") != "TN-0001/NA-01") continue;
    EXPECT_EQ(cells.at("status"), "accepted");
    EXPECT_EQ(cells.at("station_name"), "Khu vực bỏ phiếu số 1");
    values[cells.at("field")] = cells.at("value");
  }
  EXPECT_EQ(values["voted"], "810");
  EXPECT_EQ(values["votes.NA-01-C02"], "200");
  EXPECT_EQ(values["notes"], "mưa to, \"gió\" lớn\nđếm lại lúc 21:00");
}

TEST_F(ApiFormatTest, TallyAndRecordsAnswerCsvWithTheJsonsFigures) {
  submit_record();
  const auto csv = get("/api/v1/tally?format=csv");
  EXPECT_EQ(csv.status, 200U);
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  const auto tally = get("/api/v1/tally");
  EXPECT_EQ(tally.header("Content-Type"), "application/json");
  EXPECT_EQ(get("/api/v1/tally?format=json").body, tally.body);
  expect_same_tally(csv.body, tally.body);

  const auto records = get("/api/v1/records?format=csv");
  EXPECT_EQ(records.status, 200U);
  EXPECT_EQ(records.header("Content-Type"), "text/csv; charset=utf-8");
  expect_records(records.body);
  EXPECT_EQ(get("/api/v1/records?format=json").body, get("/api/v1/records").body);
}

TEST_F(ApiFormatTest, AnUnknownFormatIsRefusedWithACode) {
  for (const char* target :
       {"/api/v1/tally?format=xml", "/api/v1/records?format=text", "/api/v1/progress?format=csv",
        "/api/v1/devices?format=csv", "/api/v1/conflicts?format=", "/api/v1/tally?format=%E9"}) {
    const auto refused = get(target);
    EXPECT_EQ(refused.status, 400U) << target;
    EXPECT_EQ(refused.header("Content-Type"), "application/json") << target;
    json::error_code error;
    const auto document = json::parse(refused.body, error);
    ASSERT_FALSE(error) << target << ": " << refused.body;
    EXPECT_EQ(document.at("error").at("code").as_int64(), 1101) << refused.body;
    EXPECT_NE(std::string(document.at("error").at("message").as_string()).find("unknown format"),
              std::string::npos)
        << refused.body;
  }
}

TEST_F(ApiFormatTest, ExportCsvWritesTallyAndRecordsBesideTheJson) {
  submit_record();
  const std::string out = server_.file("export");
  std::string summary;
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out, "--csv", "--json"},
                       &summary),
            0);
  const json::value printed = json::parse(summary);
  EXPECT_EQ(printed.at("out").as_string(), out);
  EXPECT_EQ(printed.at("forms").to_number<int>(), 1);
  const auto& files = printed.at("files").as_array();
  EXPECT_NE(std::find(files.begin(), files.end(), json::value("tally.csv")), files.end());
  expect_same_tally(read_file(out + "/tally.csv"), read_file(out + "/tally.json"));
  expect_records(read_file(out + "/records.csv"));

  std::string verdict;
  ASSERT_EQ(run_tallyd({"verify", "--export", out, "--json"}, &verdict), 0) << verdict;
  const json::value checked = json::parse(verdict);
  EXPECT_TRUE(checked.at("ok").as_bool());
  EXPECT_EQ(checked.at("forms").to_number<int>(), 1);
  EXPECT_TRUE(checked.at("definition_bound").as_bool());
}

TEST_F(ApiFormatTest, VerifyJsonNamesTheFault) {
  submit_record();
  const std::string out = server_.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out}), 0);
  std::ofstream(out + "/records.json", std::ios::trunc) << "{}";
  std::string verdict;
  EXPECT_EQ(run_tallyd({"verify", "--export", out, "--json"}, &verdict), 3);
  const json::value checked = json::parse(verdict);
  EXPECT_FALSE(checked.at("ok").as_bool());
  EXPECT_NE(std::string(checked.at("fault").as_string()).find("records.json"), std::string::npos)
      << verdict;
}

TEST_F(ApiFormatTest, CommandsThatPrintDataPrintJson) {
  submit_record();
  const auto printed = [&](const std::vector<std::string>& args) {
    std::string output;
    std::vector<std::string> full = args;
    full.insert(full.begin() + 1, {"--data", server_.data_dir()});
    EXPECT_EQ(run_tallyd(full, &output), 0) << args.front();
    json::error_code error;
    auto document = json::parse(output, error);
    EXPECT_FALSE(error) << args.front() << ": " << output;
    return document;
  };
  EXPECT_EQ(printed({"devices", "--json"}).at("devices").as_array().size(), 2U);
  EXPECT_EQ(printed({"progress", "--json"}).at("forms_accepted").as_int64(), 1);
  EXPECT_TRUE(printed({"conflicts", "--json"}).at("conflicts").as_array().empty());
  EXPECT_EQ(printed({"tally", "--json"}).at("format").as_string(), "tally-result/1");
  EXPECT_FALSE(printed({"enrol", "--station", "TN-0002", "--json"}).at("code").as_string().empty());

  std::string csv;
  ASSERT_EQ(run_tallyd({"tally", "--data", server_.data_dir(), "--csv"}, &csv), 0);
  expect_same_tally(csv, get("/api/v1/tally").body);
  std::string errors;
  EXPECT_EQ(
      run_tallyd({"tally", "--data", server_.data_dir(), "--csv", "--json"}, nullptr, &errors), 2);
  EXPECT_NE(errors.find("tallyd tally: E1101 "), std::string::npos) << errors;
}

}  // namespace
}  // namespace tally::testkit

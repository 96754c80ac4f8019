// `tallyd export` and the auditor's offline `tallyd verify`, end to end.
#include <fstream>
#include <sstream>

#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

using ExportVerifyTest = ServerFixture;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void overwrite(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

// The officer enters the test election's complete NA record of TN-0001 and submits it.
void enter_and_submit_record(TestDevice& device) {
  auto ack = device.upload(device.entry_ops(test_na_record()));
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
}

TEST_F(ExportVerifyTest, ExportOfASubmittedRecordVerifiesAndCountsItInTheTally) {
  auto device = connected_device("TN-0001");
  enter_and_submit_record(*device);
  const std::string out = server_.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out}), 0);
  const std::string tally = slurp(out + "/tally.json");
  EXPECT_NE(tally.find("tally-result/1"), std::string::npos);
  EXPECT_NE(tally.find("\"NA-01-C01\":500"), std::string::npos);
  EXPECT_NE(slurp(out + "/records.json").find("\"status\":\"accepted\""), std::string::npos);
  std::string output;
  EXPECT_EQ(run_tallyd({"verify", "--export", out}, &output), 0) << output;
}

TEST_F(ExportVerifyTest, VerifyNamesTheFirstTamperedLogEntry) {
  auto device = connected_device("TN-0001");
  enter_and_submit_record(*device);
  const std::string out = server_.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out}), 0);
  std::string log = slurp(out + "/audit.log");
  log[log.size() / 2] = static_cast<char>(log[log.size() / 2] ^ 0x01);
  overwrite(out + "/audit.log", log);
  std::string output;
  EXPECT_EQ(run_tallyd({"verify", "--export", out}, &output), 3);
  EXPECT_NE(output.find("first bad index"), std::string::npos) << output;
}

TEST_F(ExportVerifyTest, VerifyRefusesAPublishedTallyTheLogDoesNotGive) {
  auto device = connected_device("TN-0001");
  enter_and_submit_record(*device);
  const std::string out = server_.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out}), 0);
  std::string tally = slurp(out + "/tally.json");
  const auto at = tally.find("\"NA-01-C01\":500");
  ASSERT_NE(at, std::string::npos);
  tally.replace(at, 15, "\"NA-01-C01\":600");
  overwrite(out + "/tally.json", tally);
  std::string output;
  EXPECT_EQ(run_tallyd({"verify", "--export", out}, &output), 3);
  EXPECT_NE(output.find("E602"), std::string::npos) << output;
}

TEST_F(ExportVerifyTest, TallyCommandPrintsTheAcceptedRecord) {
  auto device = connected_device("TN-0001");
  enter_and_submit_record(*device);
  std::string json;
  ASSERT_EQ(run_tallyd({"tally", "--data", server_.data_dir(), "--json"}, &json), 0);
  EXPECT_NE(json.find("\"NA-01-C01\":500"), std::string::npos) << json;
  std::string table;
  ASSERT_EQ(run_tallyd({"tally", "--data", server_.data_dir()}, &table), 0);
  EXPECT_NE(table.find("NA"), std::string::npos);
}

}  // namespace
}  // namespace tally::testkit

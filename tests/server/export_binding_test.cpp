// `tallyd verify` checks every file of an export against the log (issue 14, finding 4):
// before, it passed when records.json was edited, emptied or deleted, and when two
// candidates' names were swapped in election.json.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

class ExportBindingTest : public ServerFixture {
 protected:
  // An export of the test election with TN-0001's NA record entered and submitted.
  void SetUp() override {
    ServerFixture::SetUp();
    auto device = connected_device("TN-0001");
    auto ack = device->upload(device->entry_ops(test_na_record()));
    ASSERT_TRUE(ack.ok()) << ack.error().to_string();
    ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out_}), 0);
    std::string output;
    ASSERT_EQ(run_tallyd({"verify", "--export", out_}, &output), 0) << output;
  }

  [[nodiscard]] std::string text(const std::string& name) const {
    return read_file(out_ + "/" + name);
  }
  void replace_in(const std::string& name, const std::string& from, const std::string& to) {
    std::string content = text(name);
    const auto at = content.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << name;
    content.replace(at, from.size(), to);
    std::ofstream(out_ + "/" + name, std::ios::trunc) << content;
  }
  // Runs verify; expects exit 3 and `fragment` in what it prints.
  void expect_refuted(const std::string& fragment, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"verify", "--export", out_};
    args.insert(args.end(), extra.begin(), extra.end());
    std::string output;
    EXPECT_EQ(run_tallyd(args, &output), 3) << output;
    EXPECT_NE(output.find(fragment), std::string::npos) << output;
  }

  std::string out_ = server_.file("export");
};

TEST_F(ExportBindingTest, EditedCountInRecordsIsReportedWithItsPlace) {
  replace_in("records.json", "\"valid\":801", "\"valid\":802");
  expect_refuted("records.json differs from the replayed log at records[0].values.valid");
}

TEST_F(ExportBindingTest, EditedStatusInRecordsIsReported) {
  replace_in("records.json", "\"status\":\"accepted\"", "\"status\":\"flagged\"");
  expect_refuted("records.json differs from the replayed log at records");
}

TEST_F(ExportBindingTest, EmptiedOrDeletedRecordsFileIsReported) {
  std::ofstream(out_ + "/records.json", std::ios::trunc) << "";
  expect_refuted("records.json: E506");
  std::filesystem::remove(out_ + "/records.json");
  expect_refuted("records.json");
}

TEST_F(ExportBindingTest, SwappedCandidateNamesInTheDefinitionAreReported) {
  std::string election = text("election.json");
  const std::string first = "Nguyễn Văn An";
  const std::string second = "Trần Thị Bình";
  const auto a = election.find(first);
  const auto b = election.find(second);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  election.replace(b, second.size(), first);
  election.replace(a, first.size(), second);
  std::ofstream(out_ + "/election.json", std::ios::trunc) << election;
  expect_refuted("election.json is not the definition bound to the log");
}

TEST_F(ExportBindingTest, EditedSchemaIsReported) {
  std::string schema = text("form-schema.json");
  std::ofstream(out_ + "/form-schema.json", std::ios::trunc) << schema << "\n";
  expect_refuted("form-schema.json is not the schema bound to the log");
}

TEST_F(ExportBindingTest, ForgedBindingIsRefusedAndAMissingOneNeedsTheOldExportFlag) {
  replace_in("binding.json", "\"log_index\":", "\"log_index\":1");
  expect_refuted("E601 binding.json: the server's signature does not verify");
  std::filesystem::remove(out_ + "/binding.json");
  expect_refuted("binding.json");
  std::string output;
  EXPECT_EQ(run_tallyd({"verify", "--export", out_, "--unbound-definition"}, &output), 0) << output;
  EXPECT_NE(output.find("definition NOT bound"), std::string::npos) << output;
}

}  // namespace
}  // namespace tally::testkit

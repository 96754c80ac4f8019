// GET /api/v1/audit/export against the real tallyd: after some ops an auditor downloads the
// export as a tar archive, unpacks it with tar(1) and the real `tallyd verify` passes it;
// its files are the very bytes `tallyd export` writes; a caller without a token gets 401.
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

class AuditExportTest : public ServerFixture {
 protected:
  std::string auditor_token() const {
    const std::string text = read_file(server_.file("auditor.token"));
    return text.substr(0, text.find('\n'));
  }
  std::uint64_t log_length() {
    auto response = tally::http::api_call(api(auditor_token()), http::verb::get, "/api/v1/audit");
    EXPECT_TRUE(response.ok());
    return response ? json::parse(response->body).at("log_length").to_number<std::uint64_t>() : 0;
  }
  // Unpacks `archive` into `dir` with tar(1), as an auditor would.
  static void untar(const std::string& archive, const std::string& dir) {
    std::filesystem::create_directories(dir);
    std::string errors;
    ASSERT_EQ(run_program("/usr/bin/tar", {"-xf", archive, "-C", dir}, nullptr, &errors), 0)
        << errors;
  }
};

TEST_F(AuditExportTest, TheDownloadedArchiveUnpacksAndVerifies) {
  auto officer = connected_device("TN-0001");
  ASSERT_TRUE(officer->upload(officer->entry_ops(test_na_record())).ok());
  const std::uint64_t length = log_length();
  ASSERT_GT(length, 0u);

  auto response =
      tally::http::api_call(api(auditor_token()), http::verb::get, "/api/v1/audit/export");
  ASSERT_TRUE(response.ok()) << response.error().to_string();
  ASSERT_EQ(response->status, 200u) << response->body;
  EXPECT_EQ(response->header("Content-Type"), "application/x-tar");
  EXPECT_EQ(response->header("Content-Disposition"),
            "attachment; filename=\"tally-export-" + std::to_string(length) + ".tar\"");
  const std::string archive = server_.file("tally-export.tar");
  std::ofstream(archive, std::ios::binary) << response->body;

  std::string listing;
  ASSERT_EQ(run_program("/usr/bin/tar", {"-tf", archive}, &listing), 0);
  EXPECT_EQ(listing,
            "audit.log\ndevices.json\nrecords.json\ntally.json\nelection.json\n"
            "form-schema.json\nbinding.json\nserver.pub\n");
  const std::string unpacked = server_.file("unpacked");
  untar(archive, unpacked);
  std::string output;
  std::string errors;
  EXPECT_EQ(run_tallyd({"verify", "--export", unpacked}, &output, &errors), 0) << output << errors;
  EXPECT_NE(output.find("OK"), std::string::npos) << output;
  // Format 2: every commit's signed tree head, checked against the recomputed tree.
  EXPECT_NE(output.find("signed tree heads verified against the tree recomputed from the "
                        "entries, the last of " +
                        std::to_string(length) + " entries"),
            std::string::npos)
      << output;

  // One file set: `tallyd export` of the same log writes the same bytes.
  const std::string exported = server_.file("exported");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", exported}), 0);
  for (const char* name : {"audit.log", "devices.json", "records.json", "tally.json",
                           "election.json", "form-schema.json", "binding.json", "server.pub"}) {
    EXPECT_EQ(slurp(unpacked + "/" + name), slurp(exported + "/" + name)) << name;
  }
}

TEST_F(AuditExportTest, AnEmptyLogExportsAndVerifies) {
  auto response =
      tally::http::api_call(api(server_.operator_token()), http::verb::get, "/api/v1/audit/export");
  ASSERT_TRUE(response.ok()) << response.error().to_string();
  ASSERT_EQ(response->status, 200u) << response->body;
  EXPECT_NE(response->header("Content-Disposition").find("tally-export-0.tar"), std::string::npos);
  const std::string archive = server_.file("empty.tar");
  std::ofstream(archive, std::ios::binary) << response->body;
  const std::string unpacked = server_.file("unpacked-empty");
  untar(archive, unpacked);
  std::string output;
  EXPECT_EQ(run_tallyd({"verify", "--export", unpacked}, &output), 0) << output;
}

TEST_F(AuditExportTest, APublicCallerGetsUnauthorizedWithACode) {
  auto response = tally::http::api_call(api(""), http::verb::get, "/api/v1/audit/export");
  ASSERT_TRUE(response.ok()) << response.error().to_string();
  EXPECT_EQ(response->status, 401u);
  EXPECT_EQ(json::parse(response->body).at("error").at("code").to_number<int>(), 700)
      << response->body;
}

TEST_F(AuditExportTest, AFormatIsRefused) {
  auto response = tally::http::api_call(api(auditor_token()), http::verb::get,
                                        "/api/v1/audit/export?format=json");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 400u) << response->body;
}

}  // namespace
}  // namespace tally::testkit

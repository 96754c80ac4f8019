// GET /api/v1/audit against the real tallyd: the log length, the last signed head, and
// tallyd's background check of its own log, which catches up with every commit and
// reports a tampered head signature as failed.
#include <sqlite3.h>

#include <boost/json.hpp>
#include <chrono>

#include "server_fixture.hpp"
#include "tally/engine/hex.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

class AuditStatusTest : public ServerFixture {
 protected:
  json::value audit() {
    const std::string text = read_file(server_.file("auditor.token"));
    auto response = tally::http::api_call(api(text.substr(0, text.find('\n'))), http::verb::get,
                                          "/api/v1/audit");
    EXPECT_TRUE(response.ok());
    if (!response.ok()) return nullptr;
    EXPECT_EQ(response->status, 200u) << response->body;
    return json::parse(response->body);
  }
  // Polls the audit document until the check reached `length` entries or failed; the
  // deadline only catches a hang.
  json::value audit_when_checked(std::uint64_t length) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    json::value document = audit();
    while (std::chrono::steady_clock::now() < deadline) {
      const auto& check = document.at("verification");
      if (check.at("status").as_string() == "failed" ||
          check.at("checked_length").to_number<std::uint64_t>() >= length) {
        return document;
      }
      document = audit();
    }
    ADD_FAILURE() << "the audit check never reached " << length << ": " << document;
    return document;
  }
  void enter_values() {
    auto officer = connected_device("TN-0001");
    ASSERT_TRUE(officer->upload(officer->entry_ops(test_na_record(812))).ok());
  }
};

TEST_F(AuditStatusTest, TheBackgroundCheckReachesTheLogLengthAfterCommits) {
  enter_values();
  const json::value before = audit();
  const std::uint64_t length = before.at("log_length").to_number<std::uint64_t>();
  ASSERT_GT(length, 0u) << before;
  const json::value document = audit_when_checked(length);
  const auto& head = document.at("head");
  EXPECT_EQ(head.at("index").to_number<std::uint64_t>(), length);
  EXPECT_EQ(head.at("hash").as_string().size(), 64u);
  EXPECT_EQ(head.at("signature").as_string().size(), 128u);
  EXPECT_EQ(head.at("key_id").as_string().size(), 64u);
  EXPECT_EQ(head.at("signed_at").as_string().back(), 'Z');
  const auto& check = document.at("verification");
  EXPECT_EQ(check.at("status").as_string(), "verified") << document;
  EXPECT_EQ(check.at("checked_length").to_number<std::uint64_t>(), length);
  EXPECT_TRUE(check.at("error").is_null());
  EXPECT_FALSE(check.at("checked_at").is_null());

  // More commits: the check follows incrementally.
  auto second = connected_device("TN-0001");
  ASSERT_TRUE(
      second->upload({second->set_op({"TN-0001", "PROV-01"}, "voted", engine::Count{7})}).ok());
  const std::uint64_t longer = audit().at("log_length").to_number<std::uint64_t>();
  ASSERT_GT(longer, length);
  EXPECT_EQ(audit_when_checked(longer).at("verification").at("status").as_string(), "verified");
}

TEST_F(AuditStatusTest, ATamperedHeadSignatureIsReportedAsFailed) {
  enter_values();
  ASSERT_EQ(server_.stop(), 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(server_.file("tallyd.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE signed_heads SET signature = zeroblob(64) "
                         "WHERE idx = (SELECT max(idx) FROM signed_heads)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_changes(db), 1);
  sqlite3_close(db);
  ASSERT_TRUE(server_.start());
  const json::value document =
      audit_when_checked(audit().at("log_length").to_number<std::uint64_t>() + 1);
  const auto& check = document.at("verification");
  EXPECT_EQ(check.at("status").as_string(), "failed") << document;
  EXPECT_NE(std::string(check.at("error").as_string()).find("signature"), std::string::npos)
      << document;
}

}  // namespace
}  // namespace tally::testkit

// The public transparency-log endpoints of the real tallyd (docs/protocol.md,
// "Transparency log"): no token needed; the tree head verifies with the published key;
// inclusion proofs by index and by op and consistency proofs check against it; entries by
// range carry their leaf hashes; documents of fixed sizes are cacheable for good; and every
// malformed or impossible request gets a 400 or 404 with its code, the server serving on.
#include <boost/json.hpp>

#include "server_fixture.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/transparency_log.hpp"
#include "tally/http/log_client.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

class LogEndpointsTest : public ServerFixture {
 protected:
  Result<tally::http::ApiResponse> get(const std::string& path) {
    return tally::http::api_call(api(""), http::verb::get, path);
  }
  // The ops of one whole record from a new officer, acknowledged.
  engine::AckMessage record_from_new_officer() {
    auto officer = connected_device("TN-0001");
    auto ack = officer->upload(officer->entry_ops(test_na_record()));
    EXPECT_TRUE(ack.ok()) << ack.error().to_string();
    device_ids_.push_back(officer->id());
    return ack.ok() ? *ack : engine::AckMessage{};
  }
  std::vector<std::string> device_ids_;
};

TEST_F(LogEndpointsTest, AnyoneChecksAnAckedOpAndTheLogsGrowthAgainstSignedTreeHeads) {
  const engine::AckMessage first_ack = record_from_new_officer();
  auto key = tally::http::LogClient::fetch_key(api(""));
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  tally::http::LogClient log(api(""), *key);
  auto first = log.tree_head();
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->tree_size, first_ack.log_index) << "the Ack's log index is a signed tree";

  const engine::AckMessage second_ack = record_from_new_officer();
  auto second = log.tree_head();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->tree_size, second_ack.log_index);
  EXPECT_TRUE(log.check_extends(*first, *second).ok());
  for (std::uint64_t index = 1; index <= second->tree_size; ++index) {
    auto proof = log.inclusion(index, second->tree_size);
    ASSERT_TRUE(proof.ok()) << proof.error().to_string();
    EXPECT_TRUE(engine::check_inclusion(*proof, *second).ok()) << index;
  }
  auto by_op = log.inclusion_of({device_ids_.back(), 1}, second->tree_size);
  ASSERT_TRUE(by_op.ok()) << by_op.error().to_string();
  EXPECT_EQ(by_op->log_index, first_ack.log_index + 1);
  EXPECT_TRUE(engine::check_inclusion(*by_op, *second).ok());

  // Fixed sizes never change: cacheable for good. The latest head is not.
  auto proof =
      get("/api/v1/public/log/inclusion?index=1&tree_size=" + std::to_string(first->tree_size));
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(proof->status, 200u);
  EXPECT_EQ(proof->header("Cache-Control"), "public, max-age=31536000, immutable");
  auto head = get("/api/v1/public/log/tree-head");
  EXPECT_EQ(head->header("Cache-Control"), "public, max-age=1");

  auto entries = get("/api/v1/public/log/entries?start=2&end=" + std::to_string(second->tree_size));
  ASSERT_EQ(entries->status, 200u) << entries->body;
  const json::value page = json::parse(entries->body);
  const json::array& rows = page.at("entries").as_array();
  ASSERT_EQ(rows.size(), second->tree_size - 1);
  EXPECT_EQ(rows.front().at("log_index").as_int64(), 2);
  const auto& row = rows.back().as_object();
  std::string op(row.at("op").as_string().size() / 2, '\0');
  ASSERT_TRUE(engine::from_hex(row.at("op").as_string(),
                               {reinterpret_cast<std::uint8_t*>(op.data()), op.size()})
                  .ok());
  EXPECT_EQ(row.at("leaf_hash").as_string(),
            engine::to_hex(engine::audit_leaf_hash(
                second->tree_size, row.at("receive_ms").to_number<std::uint64_t>(), op)));
}

TEST_F(LogEndpointsTest, BadRequestsAreRefusedWithTheirCodesAndTheServerServesOn) {
  record_from_new_officer();
  const std::string size = std::to_string(record_from_new_officer().log_index);
  const std::vector<std::pair<std::string, unsigned>> refused = {
      {"/api/v1/public/log/inclusion", 400},
      {"/api/v1/public/log/inclusion?index=0", 400},
      {"/api/v1/public/log/inclusion?index=abc", 400},
      {"/api/v1/public/log/inclusion?index=-1", 400},
      {"/api/v1/public/log/inclusion?index=99999999999999999999999", 400},
      {"/api/v1/public/log/inclusion?index=1&tree_size=" + size + "0", 400},
      {"/api/v1/public/log/inclusion?index=" + size + "1", 400},
      {"/api/v1/public/log/inclusion?index=1&device=x&counter=1", 400},
      {"/api/v1/public/log/inclusion?device=x", 400},
      {"/api/v1/public/log/inclusion?device=%ff%00&counter=1", 400},
      {"/api/v1/public/log/inclusion?device=nobody&counter=1", 404},
      {"/api/v1/public/log/consistency?first=2", 400},
      {"/api/v1/public/log/consistency?first=3&second=2", 400},
      {"/api/v1/public/log/consistency?first=1&second=" + size + "9", 400},
      {"/api/v1/public/log/entries?start=1", 400},
      {"/api/v1/public/log/entries?start=5&end=2", 400},
      {"/api/v1/public/log/entries?start=1&end=" + size + "9", 400},
      {"/api/v1/public/log/tree-head?format=csv", 400},
  };
  for (const auto& [path, status] : refused) {
    auto response = get(path);
    ASSERT_TRUE(response.ok()) << path;
    EXPECT_EQ(response->status, status) << path << ": " << response->body;
    const Error error = tally::http::error_of(*response);
    EXPECT_EQ(error.code, status == 404 ? ErrorCode::kNotFound : ErrorCode::kInvalidArgument)
        << path << ": " << response->body;
    EXPECT_FALSE(error.message.empty());
    json::error_code parse_error;
    json::parse(response->body, parse_error);
    EXPECT_FALSE(parse_error) << "the answer is JSON: " << path;
  }
  auto head = get("/api/v1/public/log/tree-head");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 200u);
}

}  // namespace
}  // namespace tally::testkit

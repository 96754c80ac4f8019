// The console's shared documents against the real tallyd: the overview's figures equal
// what /api/v1/progress says after a small night; the overview, the tally and the public
// documents carry a strong ETag, answer 304 to it and change it after a commit; the public
// endpoints answer without a token and carry no device id; a station record's published
// hash recomputes from its published values (docs/formats.md) and its published log index
// is the log entry of its submission.
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "server_fixture.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/record_hash.hpp"
#include "tally/engine/transparency_log.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using LiveDocumentsTest = ServerFixture;

const engine::FormId kAccepted{"TN-0001", "NA-01"};
const engine::FormId kConflicting{"TN-0002", "NA-01"};

// A GET with `headers`; fails the test if it cannot be made.
tally::http::ApiResponse get(const tally::http::ApiTarget& target, const std::string& path,
                             std::vector<std::pair<std::string, std::string>> headers = {}) {
  auto with = target;
  with.headers = std::move(headers);
  auto response = tally::http::api_call(with, http::verb::get, path);
  EXPECT_TRUE(response.ok()) << path << ": " << response.error().to_string();
  return response.ok() ? *response : tally::http::ApiResponse{};
}

// The station's values as the public document writes them, back into a record.
engine::StationRecord record_of(const engine::FormId& form, const json::object& values) {
  engine::StationRecord record;
  record.form = form;
  for (const auto& [name, value] : values) {
    if (value.is_int64()) {
      record.values[name] = engine::Count{value.get_int64()};
    } else if (value.is_string()) {
      record.values[name] = std::string(value.get_string());
    } else {
      engine::VoteMap votes;
      for (const auto& [candidate, count] : value.as_object()) {
        votes[candidate] = count.as_int64();
      }
      record.values[name] = std::move(votes);
    }
  }
  return record;
}

class SmallNight : public LiveDocumentsTest {
 protected:
  // TN-0001's NA record accepted; two devices of TN-0002 disagree on its NA "voted".
  void night() {
    officer_ = connected_device("TN-0001");
    auto entered = officer_->upload(officer_->entry_ops(test_na_record()));
    ASSERT_TRUE(entered.ok()) << entered.error().to_string();
    officer_acked_ = entered->acked_counter;
    first_ = connected_device("TN-0002");
    second_ = connected_device("TN-0002");
    ASSERT_TRUE(first_->upload({first_->set_op(kConflicting, "voted", engine::Count{700})}).ok());
    auto ack = second_->upload({second_->set_op(kConflicting, "voted", engine::Count{701})});
    ASSERT_TRUE(ack.ok()) << ack.error().to_string();
    log_length_ = ack->log_index;
  }

  std::unique_ptr<TestDevice> officer_, first_, second_;
  std::uint64_t log_length_ = 0;
  std::uint64_t officer_acked_ = 0;
};

TEST_F(SmallNight, OverviewFiguresEqualWhatProgressSays) {
  night();
  const auto target = api(server_.operator_token());
  const auto overview = json::parse(get(target, "/api/v1/overview").body).as_object();
  const auto progress = json::parse(get(target, "/api/v1/progress").body).as_object();

  EXPECT_EQ(overview.at("log_length").as_int64(), static_cast<std::int64_t>(log_length_));
  EXPECT_TRUE(overview.at("last_commit_at").is_string());
  EXPECT_GT(overview.at("ops_per_second").to_number<double>(), 0.0) << "commits just now";
  EXPECT_EQ(overview.at("devices_online").as_int64(), 3);
  EXPECT_EQ(overview.at("devices_enrolled").as_int64(), 3);
  const auto& records = overview.at("records").as_object();
  EXPECT_EQ(records.at("accepted"), progress.at("forms_accepted"));
  EXPECT_EQ(records.at("flagged"), progress.at("forms_flagged"));
  EXPECT_EQ(records.at("in_conflict"), progress.at("forms_in_conflict"));
  EXPECT_EQ(records.at("accepted").as_int64(), 1);
  EXPECT_EQ(records.at("in_conflict").as_int64(), 1);

  const auto& levels = overview.at("levels").as_array();
  ASSERT_EQ(levels.size(), progress.at("levels").as_array().size());
  for (const auto& value : levels) {
    const auto& level = value.as_object();
    std::int64_t expected = 0;
    std::int64_t reported = 0;
    for (const auto& district : level.at("districts").as_array()) {
      expected += district.at("stations_expected").as_int64();
      reported += district.at("stations_reported").as_int64();
    }
    EXPECT_EQ(level.at("stations_expected").as_int64(), expected) << level;
    EXPECT_EQ(level.at("stations_reported").as_int64(), reported) << level;
    EXPECT_EQ(expected, 2) << "both stations vote at every level: " << level;
    EXPECT_EQ(reported, level.at("level") == "NA" ? 1 : 0) << level;
  }
}

TEST_F(SmallNight, DevicesListSaysWhoIsOnlineWhenLastSeenAndOpsAcked) {
  night();
  const auto listed =
      json::parse(get(api(server_.operator_token()), "/api/v1/devices").body).as_object();
  bool found = false;
  for (const auto& value : listed.at("devices").as_array()) {
    const auto& device = value.as_object();
    if (device.at("id").as_string() != officer_->id()) continue;
    found = true;
    EXPECT_EQ(device.at("online"), true);
    EXPECT_TRUE(device.at("last_seen_at").is_string()) << device;
    EXPECT_EQ(device.at("ops_acked").as_int64(), static_cast<std::int64_t>(officer_acked_));
  }
  EXPECT_TRUE(found) << listed;
}

TEST_F(SmallNight, EverySharedDocumentAnswers304ToItsETagAndChangesItAfterACommit) {
  night();
  const auto with_token = api(server_.operator_token());
  const auto without = api("");
  const std::vector<std::pair<tally::http::ApiTarget, std::string>> documents = {
      {with_token, "/api/v1/overview"},         {with_token, "/api/v1/tally"},
      {with_token, "/api/v1/tally?format=csv"}, {without, "/api/v1/public/results"},
      {without, "/api/v1/public/stations"},     {without, "/api/v1/public/stations/TN-0001"}};
  std::vector<std::string> etags;
  for (const auto& [target, path] : documents) {
    const auto first = get(target, path);
    EXPECT_EQ(first.status, 200u) << path << ": " << first.body;
    EXPECT_EQ(first.header("Cache-Control"), "no-cache") << path;
    const std::string etag = first.header("ETag");
    ASSERT_FALSE(etag.empty()) << path;
    EXPECT_EQ(get(target, path).header("ETag"), etag) << path << ": one rendering per state";
    const auto again = get(target, path, {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304u) << path;
    EXPECT_TRUE(again.body.empty()) << path;
    etags.push_back(etag);
  }
  ASSERT_TRUE(first_->upload({first_->set_op(kConflicting, "voted", engine::Count{702})}).ok());
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const auto& [target, path] = documents[i];
    // The API's tally is exact: the next read shows the commit. The console's and the
    // public's documents are bounded (document_cache.hpp): the first read after the commit
    // may still be the last rendering (304), and the next rendering follows on its own.
    const bool exact = path.starts_with("/api/v1/tally");
    auto after = get(target, path, {{"If-None-Match", etags[i]}});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!exact && after.status == 304u && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      after = get(target, path, {{"If-None-Match", etags[i]}});
    }
    EXPECT_EQ(after.status, 200u) << path << ": the commit makes a new state";
    EXPECT_NE(after.header("ETag"), etags[i]) << path;
  }
}

TEST_F(SmallNight, SharedDocumentsAreGzippedForReadersThatAcceptIt) {
  night();
  const auto without = api("");
  const auto plain = get(without, "/api/v1/public/results");
  const auto zipped = get(without, "/api/v1/public/results", {{"Accept-Encoding", "gzip, br"}});
  ASSERT_EQ(zipped.status, 200u);
  EXPECT_EQ(zipped.header("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(plain.header("Content-Encoding"), "");
  EXPECT_NE(zipped.header("ETag"), plain.header("ETag")) << "one ETag per representation";
  EXPECT_EQ(zipped.body.substr(0, 2), "\x1f\x8b") << "a gzip member";
  const auto again = get(without, "/api/v1/public/results",
                         {{"Accept-Encoding", "gzip"}, {"If-None-Match", zipped.header("ETag")}});
  EXPECT_EQ(again.status, 304u);
}

TEST_F(SmallNight, PublicDocumentsNeedNoTokenCarryNoDeviceIdAndTheHashRecomputes) {
  night();
  const auto without = api("");
  for (const std::string path :
       {"/api/v1/public/results", "/api/v1/public/results?format=csv", "/api/v1/public/stations",
        "/api/v1/public/stations/TN-0001", "/api/v1/public/stations/TN-0002"}) {
    const auto response = get(without, path);
    EXPECT_EQ(response.status, 200u) << path << ": " << response.body;
    for (const auto* device : {officer_.get(), first_.get(), second_.get()}) {
      EXPECT_EQ(response.body.find(device->id()), std::string::npos) << path;
    }
    EXPECT_EQ(response.body.find("tallyd-console"), std::string::npos) << path;
    EXPECT_EQ(response.body.find("siblings"), std::string::npos) << path;
  }
  EXPECT_EQ(get(without, "/api/v1/public/stations/NOPE").status, 404u);

  const auto station =
      json::parse(get(without, "/api/v1/public/stations/TN-0001").body).as_object();
  const json::object* na = nullptr;
  for (const auto& level : station.at("levels").as_array()) {
    if (level.at("level") == "NA") na = &level.as_object();
  }
  ASSERT_NE(na, nullptr) << station;
  EXPECT_EQ(na->at("status"), "accepted");
  const engine::StationRecord published = record_of(kAccepted, na->at("values").as_object());
  EXPECT_EQ(na->at("hash").as_string(), engine::to_hex(engine::record_values_hash(published)));
  EXPECT_EQ(na->at("hash").as_string(),
            engine::to_hex(engine::record_values_hash(test_na_record())))
      << "the hash of what the officer entered";

  // The published log index names the officer's submission of exactly these values.
  ASSERT_TRUE(na->at("log_index").is_int64()) << *na;
  const auto proof = engine::parse_inclusion_proof_json(
      get(without,
          "/api/v1/public/log/inclusion?index=" + std::to_string(na->at("log_index").as_int64()))
          .body);
  ASSERT_TRUE(proof.ok()) << proof.error().to_string();
  const auto submission = engine::decode_op(proof->op_bytes);
  ASSERT_TRUE(submission.ok()) << submission.error().to_string();
  EXPECT_EQ(submission->kind, engine::OpKind::kSubmit);
  EXPECT_EQ(submission->form, kAccepted);
  EXPECT_EQ(engine::to_hex(submission->submission.values_hash), na->at("hash").as_string());

  const auto conflicting =
      json::parse(get(without, "/api/v1/public/stations/TN-0002").body).as_object();
  for (const auto& level : conflicting.at("levels").as_array()) {
    EXPECT_NE(level.at("status"), "accepted") << level;
    EXPECT_TRUE(level.at("values").is_null()) << "unaccepted values are not published";
    EXPECT_TRUE(level.at("log_index").is_null()) << level;
  }
}

}  // namespace
}  // namespace tally::testkit

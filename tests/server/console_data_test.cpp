// The console's data for supervisors and auditors against the real tallyd: a form's
// history from the log, the conflicts queue with versions, a station's records, and
// adjudications refused as stale when the form changed since it was seen.
#include <boost/json.hpp>
#include <thread>

#include "server_fixture.hpp"
#include "tally/engine/audit_log_file.hpp"
#include "tally/engine/hex.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

class ConsoleDataTest : public ServerFixture {
 protected:
  [[nodiscard]] std::string token(const char* file) const {
    const std::string text = read_file(server_.file(file));
    return text.substr(0, text.find('\n'));
  }
  // GET `path` with the auditor's token; the status and, for 200, the parsed body.
  json::value get(const std::string& path, unsigned expected_status = 200) {
    auto response = tally::http::api_call(api(token("auditor.token")), http::verb::get, path);
    EXPECT_TRUE(response.ok()) << path;
    if (!response.ok()) return nullptr;
    EXPECT_EQ(response->status, expected_status) << path << ": " << response->body;
    return json::parse(response->body);
  }
  // POST an adjudication with the supervisor's token: status and body.
  std::pair<unsigned, json::value> adjudicate(const std::string& body) {
    auto response = tally::http::api_call(api(token("supervisor.token")), http::verb::post,
                                          "/api/v1/adjudications", body);
    if (!response.ok()) return {0, nullptr};
    return {response->status, json::parse(response->body)};
  }
  // Two officers of TN-0001 enter different values of `field` in `form`.
  void make_conflict(const engine::FormId& form, const std::string& field) {
    auto first = connected_device(form.station_id);
    auto second = connected_device(form.station_id);
    ASSERT_TRUE(first->upload({first->set_op(form, field, engine::Count{810})}).ok());
    ASSERT_TRUE(second->upload({second->set_op(form, field, engine::Count{811})}).ok());
  }
  json::object queued(const std::string& form) {
    const json::value queue = get("/api/v1/conflicts");
    for (const auto& entry : queue.at("conflicts").as_array()) {
      if (entry.at("form").as_string() == form) return entry.as_object();
    }
    ADD_FAILURE() << form << " is not in the conflicts queue";
    return {};
  }
};

const engine::FormId kForm{"TN-0001", "NA-01"};
const std::string kEncodedForm = "TN-0001%2FNA-01";

TEST_F(ConsoleDataTest, HistoryListsEveryEntryOfTheFormInLogOrderWithTheExportsHashes) {
  make_conflict(kForm, "voted");
  // An entry of another form of the station is not in this form's history.
  auto other = connected_device("TN-0001");
  ASSERT_TRUE(
      other->upload({other->set_op({"TN-0001", "PROV-01"}, "voted", engine::Count{5})}).ok());
  const auto [status, decided] =
      adjudicate(R"({"form":"TN-0001/NA-01","field":"voted","value":810})");
  ASSERT_EQ(status, 201u) << decided;

  const json::value history = get("/api/v1/forms/" + kEncodedForm + "/history");
  EXPECT_EQ(history.at("form").as_string(), "TN-0001/NA-01");
  const auto& entries = history.at("entries").as_array();
  ASSERT_EQ(entries.size(), 3u) << history;
  const char* kinds[] = {"edit", "edit", "adjudication"};
  const std::int64_t values[] = {810, 811, 810};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i].as_object();
    EXPECT_EQ(entry.at("kind").as_string(), kinds[i]) << entry;
    EXPECT_EQ(entry.at("field").as_string(), "voted") << entry;
    EXPECT_EQ(entry.at("value").as_int64(), values[i]) << entry;
    EXPECT_TRUE(entry.at("person").is_null()) << entry;
    EXPECT_EQ(entry.at("at").as_string().size(), std::string("2026-12-04T19:16:41.123Z").size());
  }
  EXPECT_EQ(entries[0].at("station").as_string(), "TN-0001");
  EXPECT_NE(entries[0].at("device"), entries[1].at("device"));
  EXPECT_EQ(entries[2].at("device").as_string(), "tallyd-console");
  EXPECT_TRUE(entries[2].at("station").is_null());
  EXPECT_LT(entries[0].at("index").to_number<std::uint64_t>(),
            entries[1].at("index").to_number<std::uint64_t>());
  EXPECT_LT(entries[1].at("index").to_number<std::uint64_t>(),
            entries[2].at("index").to_number<std::uint64_t>());

  // The hashes are the chain's, as `tallyd export` writes them.
  const std::string out = server_.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out}), 0);
  auto log = engine::read_audit_log(read_file(out + "/audit.log"));
  ASSERT_TRUE(log.ok()) << log.error().to_string();
  for (const auto& entry : entries) {
    const auto index = entry.at("index").to_number<std::uint64_t>();
    ASSERT_LE(index, log->entries.size());
    EXPECT_EQ(entry.at("hash").as_string(), engine::to_hex(log->entries[index - 1].hash));
  }
}

TEST_F(ConsoleDataTest, UnknownFormsAndStationsAre404WithE803) {
  for (const std::string path :
       {"/api/v1/forms/TN-9999%2FNA-01/history", "/api/v1/forms/TN-0001%2FXX/history",
        "/api/v1/forms/no-slash/history", "/api/v1/stations/TN-9999"}) {
    const json::value error = get(path, 404);
    EXPECT_EQ(error.at("error").at("code").as_int64(), 803) << path;
  }
  // A known form nobody has written yet has an empty history.
  EXPECT_TRUE(get("/api/v1/forms/TN-0002%2FNA-01/history").at("entries").as_array().empty());
}

TEST_F(ConsoleDataTest, ConflictsQueueIsOldestFirstWithVersionsAndWhoEnteredEachValue) {
  make_conflict({"TN-0002", "NA-01"}, "voted");
  make_conflict(kForm, "valid");
  const json::value queue = get("/api/v1/conflicts");
  const auto& forms = queue.at("conflicts").as_array();
  ASSERT_EQ(forms.size(), 2u) << queue;
  EXPECT_EQ(forms[0].at("form").as_string(), "TN-0002/NA-01");
  EXPECT_EQ(forms[1].at("form").as_string(), "TN-0001/NA-01");
  EXPECT_LT(forms[0].at("queued_since_index").to_number<std::uint64_t>(),
            forms[1].at("queued_since_index").to_number<std::uint64_t>());
  for (const auto& form : forms) {
    EXPECT_EQ(form.at("version").as_string().size(), 64u) << form;
    const auto& siblings = form.at("fields").at(0).at("siblings").as_array();
    ASSERT_EQ(siblings.size(), 2u) << form;
    for (const auto& sibling : siblings) {
      EXPECT_EQ(sibling.at("station").as_string(),
                std::string(form.at("form").as_string()).substr(0, 7));
      EXPECT_FALSE(sibling.at("device").as_string().empty());
      EXPECT_EQ(sibling.at("at").as_string().back(), 'Z');
    }
  }
  // The version is the form's: the history and the station document show the same.
  EXPECT_EQ(get("/api/v1/forms/" + kEncodedForm + "/history").at("version"),
            forms[1].at("version"));
}

TEST_F(ConsoleDataTest, StationDocumentHasEachLevelsStatusValuesAndConflictingValues) {
  make_conflict(kForm, "voted");
  auto officer = connected_device("TN-0001");
  ASSERT_TRUE(
      officer->upload({officer->set_op({"TN-0001", "PROV-01"}, "voted", engine::Count{7})}).ok());
  const json::value station = get("/api/v1/stations/TN-0001");
  EXPECT_EQ(station.at("station").as_string(), "TN-0001");
  const auto& levels = station.at("levels").as_array();
  ASSERT_EQ(levels.size(), 3u) << station;
  EXPECT_EQ(levels[0].at("form").as_string(), "TN-0001/NA-01");
  EXPECT_EQ(levels[0].at("fields").at(0).at("path").as_string(), "voted");
  EXPECT_EQ(levels[0].at("fields").at(0).at("siblings").as_array().size(), 2u);
  EXPECT_EQ(levels[1].at("form").as_string(), "TN-0001/PROV-01");
  EXPECT_EQ(levels[1].at("status").as_string(), "draft");
  EXPECT_EQ(levels[1].at("values").at("voted").as_int64(), 7);
  EXPECT_EQ(levels[2].at("status").as_string(), "empty");
}

TEST_F(ConsoleDataTest, AnAdjudicationOnAnOldVersionIsRefusedWith709NamingTheChange) {
  make_conflict(kForm, "voted");
  const std::string seen(queued("TN-0001/NA-01").at("version").as_string());
  const auto [first, decided] =
      adjudicate(R"({"form":"TN-0001/NA-01","field":"voted","value":810,"seen":")" + seen + "\"}");
  ASSERT_EQ(first, 201u) << decided;
  const auto [second, refused] =
      adjudicate(R"({"form":"TN-0001/NA-01","field":"voted","value":811,"seen":")" + seen + "\"}");
  EXPECT_EQ(second, 409u) << refused;
  EXPECT_EQ(refused.at("error").at("code").as_int64(), 709) << refused;
  const std::string message(refused.at("error").at("message").as_string());
  EXPECT_NE(message.find("tallyd-console"), std::string::npos) << message;
  // The value stays the first supervisor's.
  const json::value history = get("/api/v1/forms/" + kEncodedForm + "/history");
  EXPECT_EQ(history.at("entries").as_array().size(), 3u) << history;
}

TEST_F(ConsoleDataTest, OfTwoRacingAdjudicationsOfOneConflictExactlyOneWins) {
  make_conflict(kForm, "voted");
  const std::string seen(queued("TN-0001/NA-01").at("version").as_string());
  unsigned statuses[2] = {0, 0};
  std::int64_t codes[2] = {0, 0};
  std::thread racers[2];
  for (int i = 0; i < 2; ++i) {
    racers[i] = std::thread([&, i] {
      const auto [status, body] =
          adjudicate(R"({"form":"TN-0001/NA-01","field":"voted","value":)" +
                     std::to_string(810 + i) + R"(,"seen":")" + seen + "\"}");
      statuses[i] = status;
      if (status == 409) codes[i] = body.at("error").at("code").as_int64();
    });
  }
  for (auto& racer : racers) racer.join();
  EXPECT_EQ((statuses[0] == 201) + (statuses[1] == 201), 1) << statuses[0] << " " << statuses[1];
  EXPECT_EQ((statuses[0] == 409) + (statuses[1] == 409), 1) << statuses[0] << " " << statuses[1];
  EXPECT_EQ(codes[0] + codes[1], 709);
  const json::value history = get("/api/v1/forms/" + kEncodedForm + "/history");
  EXPECT_EQ(history.at("entries").as_array().size(), 3u) << history;
}

}  // namespace
}  // namespace tally::testkit

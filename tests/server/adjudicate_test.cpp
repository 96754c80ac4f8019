// `tallyd conflicts` and `tallyd adjudicate` against the real tallyd: the console's op
// goes through the ingest path, reaches the station's devices, and survives verify.
#include <boost/json.hpp>

#include "server_fixture.hpp"
#include "tally/engine/form_state.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
using AdjudicateTest = ServerFixture;

const engine::FormId kForm{"TN-0001", "NA-01"};

// The officer enters `record` field by field and submits it.
void enter_and_submit(TestDevice& device, const engine::StationRecord& record) {
  auto ack = device.upload(device.entry_ops(record));
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
}

TEST_F(AdjudicateTest, AdjudicationResolvesTheConflictOnTheServerAndOnTheStationsDevices) {
  auto first = connected_device("TN-0001");
  auto second = connected_device("TN-0001");
  ASSERT_TRUE(first->upload({first->set_op(kForm, "voted", engine::Count{810})}).ok());
  ASSERT_TRUE(second->upload({second->set_op(kForm, "voted", engine::Count{811})}).ok());
  auto watcher = connected_device("TN-0001");
  ASSERT_TRUE(watcher->send(engine::DownloadRequestMessage{0}).ok());
  auto downloaded = watcher->read_until_up_to_date();
  ASSERT_TRUE(downloaded.ok()) << downloaded.error().to_string();
  std::vector<engine::LogOp> seen = std::move(downloaded).value();
  ASSERT_EQ(seen.size(), 2u);

  std::string output;
  ASSERT_EQ(server_.run("conflicts", {}, &output), 0);
  EXPECT_NE(output.find("TN-0001/NA-01"), std::string::npos) << output;
  EXPECT_NE(output.find("voted:"), std::string::npos) << output;
  EXPECT_NE(output.find("811 (by "), std::string::npos) << output;

  std::string errors;
  ASSERT_EQ(
      server_.run("adjudicate", {"--form", "TN-0001/NA-01", "--field", "voted", "--value", "810"},
                  &output, &errors),
      0)
      << errors;
  EXPECT_NE(output.find("adjudicate voted as tallyd-console:1"), std::string::npos) << output;

  auto pushed = watcher->receive_a<engine::PushedOpsMessage>();
  ASSERT_TRUE(pushed.ok()) << pushed.error().to_string();
  ASSERT_EQ(pushed->entries.size(), 1u);
  const engine::Op& decision = pushed->entries.front().op;
  EXPECT_EQ(decision.dot.device, "tallyd-console");
  EXPECT_EQ(decision.kind, engine::OpKind::kAdjudicate);
  seen.push_back(pushed->entries.front());

  // The device's replica, in any order of arrival, holds the one adjudicated value.
  engine::FormState forward(kForm);
  engine::FormState backward(kForm);
  for (const auto& entry : seen) ASSERT_TRUE(forward.apply(entry.op).ok());
  for (auto it = seen.rbegin(); it != seen.rend(); ++it) ASSERT_TRUE(backward.apply(it->op).ok());
  EXPECT_EQ(forward, backward);
  const engine::Register* voted = forward.find("voted");
  ASSERT_NE(voted, nullptr);
  ASSERT_EQ(voted->siblings.size(), 1u);
  EXPECT_EQ(voted->siblings.front().value, engine::OpValue{engine::Count{810}});

  ASSERT_EQ(server_.run("conflicts", {"--json"}, &output), 0);
  EXPECT_EQ(boost::json::parse(output).at("conflicts").as_array().size(), 0u) << output;
}

TEST_F(AdjudicateTest, AcceptedFormCountsAndTheLogVerifiesWithTheConsoleAsAuthor) {
  auto first = connected_device("TN-0001");
  auto second = connected_device("TN-0001");
  enter_and_submit(*first, test_na_record(812));
  // A second submission of other values, made without seeing the first: flagged.
  ASSERT_TRUE(second->upload({second->submit_op(kForm, test_na_record(813))}).ok());
  std::string output;
  ASSERT_EQ(server_.run("conflicts", {}, &output), 0);
  EXPECT_NE(output.find("conflicting_submissions"), std::string::npos) << output;

  std::string errors;
  ASSERT_EQ(server_.run("adjudicate", {"--form", "TN-0001/NA-01", "--accept"}, &output, &errors), 0)
      << errors;
  EXPECT_NE(output.find("the form is now accepted"), std::string::npos) << output;

  const std::string out = server_.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out}), 0);
  EXPECT_NE(read_file(out + "/tally.json").find("\"NA-01-C01\":500"), std::string::npos);
  const auto devices = boost::json::parse(read_file(out + "/devices.json"));
  bool console_listed = false;
  for (const auto& device : devices.at("devices").as_array()) {
    if (device.at("id").as_string() == "tallyd-console") {
      console_listed = device.at("role").as_string() == "operator";
    }
  }
  EXPECT_TRUE(console_listed) << read_file(out + "/devices.json");
  EXPECT_EQ(run_tallyd({"verify", "--export", out}, &output), 0) << output;
}

TEST_F(AdjudicateTest, AFormWithAFieldInConflictCannotBeAcceptedAsItStands) {
  auto first = connected_device("TN-0001");
  auto second = connected_device("TN-0001");
  enter_and_submit(*first, test_na_record(812));
  ASSERT_TRUE(second->upload({second->set_op(kForm, "valid", engine::Count{700})}).ok());
  std::string errors;
  EXPECT_EQ(server_.run("adjudicate", {"--form", "TN-0001/NA-01", "--accept"}, nullptr, &errors),
            1);
  EXPECT_NE(errors.find("conflicting_field valid"), std::string::npos) << errors;
  EXPECT_EQ(server_.run("adjudicate", {"--form", "TN-0001/NA-01"}, nullptr, &errors), 2);
}

TEST_F(AdjudicateTest, SupervisorTokenMayAdjudicateAndAuditorTokenMayNot) {
  auto first = connected_device("TN-0001");
  ASSERT_TRUE(first->upload({first->set_op(kForm, "voted", engine::Count{810})}).ok());
  const auto token = [&](const char* file) {
    const std::string text = read_file(server_.file(file));
    return text.substr(0, text.find('\n'));
  };
  const std::string body = R"({"form":"TN-0001/NA-01","field":"voted","value":809})";
  auto refused = tally::http::api_call(api(token("auditor.token")), http::verb::post,
                                       "/api/v1/adjudications", body);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 403u);
  auto done = tally::http::api_call(api(token("supervisor.token")), http::verb::post,
                                    "/api/v1/adjudications", body);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, 201u) << done->body;
  auto wrong_type = tally::http::api_call(
      api(token("supervisor.token")), http::verb::post, "/api/v1/adjudications",
      R"({"form":"TN-0001/NA-01","field":"voted","value":"many"})");
  ASSERT_TRUE(wrong_type.ok());
  EXPECT_EQ(wrong_type->status, 400u) << wrong_type->body;
}

}  // namespace
}  // namespace tally::testkit

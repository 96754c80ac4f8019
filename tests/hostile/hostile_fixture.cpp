#include "hostile_fixture.hpp"

#include <sqlite3.h>

#include <sstream>

#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"

namespace tally::testkit {

namespace {

using std::chrono::seconds;

// Reads PushedOps on `device` until one carries `dot`; false if none comes before the deadline.
bool receive_pushed(TestDevice& device, const engine::Dot& dot) {
  const auto deadline = std::chrono::steady_clock::now() + kHangDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    auto push = device.receive_a<engine::PushedOpsMessage>();
    if (!push) return false;
    for (const auto& entry : push->entries) {
      if (entry.op.dot == dot) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> HostileTest::serve_flags() const {
  // Short handshake and HTTP timeouts keep the slow cases fast; the rest stays default.
  std::vector<std::string> flags{"--handshake-timeout-seconds",
                                 std::to_string(handshake_timeout_seconds_),
                                 "--http-timeout-seconds", std::to_string(http_timeout_seconds_)};
  flags.insert(flags.end(), more_flags_.begin(), more_flags_.end());
  return flags;
}

void HostileTest::SetUp() {
  ASSERT_TRUE(server_.initialised()) << "tallyd init failed";
  ASSERT_TRUE(server_.start(tls_, serve_flags()))
      << "tallyd serve did not start; see " << server_.file("serve.log");
  good_ = enrolled_device(kGoodForm.station_id);
  listener_ = enrolled_device(kGoodForm.station_id);
  ASSERT_FALSE(HasFailure());
  // What the store holds before the attack: one op of the good station.
  ASSERT_TRUE(good_->hello().ok());
  auto ack = good_->upload({good_->set_op(kGoodForm, "registered", engine::Count{900})});
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  connect_good_devices();
  expected_log_ = op_log();
  ASSERT_EQ(expected_log_.size(), 1u);
}

void HostileTest::connect_good_devices() {
  auto welcome = good_->hello();
  ASSERT_TRUE(welcome.ok()) << welcome.error().to_string();
  auto listening = listener_->hello();
  ASSERT_TRUE(listening.ok()) << listening.error().to_string();
  ASSERT_TRUE(listener_->send(engine::DownloadRequestMessage{0}).ok());
  while (true) {
    auto page = listener_->receive_a<engine::PushedOpsMessage>();
    ASSERT_TRUE(page.ok()) << page.error().to_string();
    if (page->up_to_date) break;
  }
}

void HostileTest::restart_server(const std::function<void()>& while_stopped) {
  ASSERT_EQ(server_.stop(), 0);
  while_stopped();
  ASSERT_TRUE(server_.start(tls_, serve_flags()));
  connect_good_devices();
}

void HostileTest::TearDown() {
  if (HasFatalFailure() || !good_) return;
  expect_good_devices_sync();
  EXPECT_EQ(op_log(), expected_log_) << "the op log holds more or other ops than expected";
}

void HostileTest::expect_good_devices_sync() {
  const auto op =
      good_->set_op(kGoodForm, "notes", "still syncing " + std::to_string(++good_edits_));
  auto ack = good_->upload({op});
  ASSERT_TRUE(ack.ok()) << "the good device's upload failed: " << ack.error().to_string();
  EXPECT_EQ(ack->acked_counter, op.dot.counter);
  EXPECT_TRUE(receive_pushed(*listener_, op.dot)) << "the listener was not pushed the op";
  expected_log_.push_back(engine::encode_op(op));
}

void HostileTest::expect_also_stored(const std::vector<engine::Op>& ops) {
  for (const auto& op : ops) expected_log_.push_back(engine::encode_op(op));
}

std::vector<std::string> HostileTest::op_log() const {
  std::vector<std::string> log;
  sqlite3* db = nullptr;
  const std::string uri = "file:" + server_.file("tallyd.db") + "?mode=ro";
  if (sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) !=
      SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << uri << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return log;
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT op FROM ops ORDER BY idx", -1, &statement, nullptr) !=
      SQLITE_OK) {
    ADD_FAILURE() << "cannot read the op log: " << sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(statement) == SQLITE_ROW) {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, 0));
      log.emplace_back(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    }
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return log;
}

double HostileTest::metric(const std::string& name) const {
  auto response = tally::http::api_call(api(""), boost::beast::http::verb::get, "/metrics");
  if (!response) return 0;
  std::istringstream lines(response->body);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  }
  return 0;
}

void HostileTest::expect_refused(WsConnection& connection, ErrorCode code, unsigned close_code,
                                 engine::ErrorMessage* received) {
  while (true) {
    auto frame = connection.receive(kHangDeadline);
    ASSERT_TRUE(frame.ok()) << "no Error before the connection ended: "
                            << frame.error().to_string();
    auto message = engine::decode(*frame);
    ASSERT_TRUE(message.ok()) << message.error().to_string();
    if (auto* error = std::get_if<engine::ErrorMessage>(&*message)) {
      EXPECT_EQ(error->code, code) << error->message;
      if (received != nullptr) *received = *error;
      break;
    }
  }
  auto after = connection.receive(kHangDeadline);
  ASSERT_FALSE(after.ok()) << "the connection stayed open after the Error";
  EXPECT_EQ(after.error().code, ErrorCode::kConnectionLost);
  EXPECT_EQ(connection.close_code(), close_code);
}

void HostileTest::expect_upload_refused(TestDevice& device, std::vector<engine::Op> ops,
                                        ErrorCode code) {
  ASSERT_TRUE(device.send(engine::UploadBatchMessage{std::move(ops)}).ok());
  expect_refused(device, code);
}

void HostileTest::expect_refused(RawConnection& connection, ErrorCode code, unsigned close_code) {
  std::string last_binary;
  EXPECT_EQ(connection.read_close_code(kHangDeadline, &last_binary), close_code);
  auto message = engine::decode(last_binary);
  ASSERT_TRUE(message.ok()) << "no Error before the close";
  auto* error = std::get_if<engine::ErrorMessage>(&*message);
  ASSERT_NE(error, nullptr) << "the last message before the close is not an Error";
  EXPECT_EQ(error->code, code) << error->message;
}

RawConnection HostileTest::raw_websocket(std::string* challenge) const {
  RawConnection connection(server_.port());
  EXPECT_TRUE(connection.ok());
  EXPECT_TRUE(connection.upgrade());
  auto frame = connection.read_frame(kHangDeadline);
  EXPECT_TRUE(frame.has_value());
  if (frame && challenge != nullptr) *challenge = frame->payload;
  return connection;
}

std::unique_ptr<WsConnection> HostileTest::challenged(std::string* challenge) const {
  auto connection = connect_ws("127.0.0.1", server_.port());
  EXPECT_TRUE(connection.ok()) << connection.error().to_string();
  if (!connection) return nullptr;
  auto frame = (*connection)->receive(kHangDeadline);
  EXPECT_TRUE(frame.ok());
  if (frame && challenge != nullptr) *challenge = *frame;
  return std::move(connection).value();
}

std::string HostileTest::hello_frame(const TestDevice& device, const std::string& challenge) {
  auto decoded = engine::decode(challenge);
  if (!decoded || !std::holds_alternative<engine::ChallengeMessage>(*decoded)) return {};
  const auto& message = std::get<engine::ChallengeMessage>(*decoded);
  engine::HelloMessage hello;
  hello.device_id = device.id();
  hello.signature =
      device.key()
          .sign(engine::hello_signing_bytes(message.server_id, message.nonce, device.id()))
          .value();
  return engine::encode(hello);
}

}  // namespace tally::testkit

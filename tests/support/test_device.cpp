#include "test_device.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "tally/engine/record_hash.hpp"

namespace tally::testkit {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

Error net_error(ErrorCode code, const std::string& what, const beast::error_code& error) {
  return make_error(code, what + ": " + error.message());
}

template <class Next>
class BeastConnection final : public WsConnection {
 public:
  template <class... Args>
  explicit BeastConnection(net::io_context& io, Args&&... args)
      : io_(io), ws_(io, std::forward<Args>(args)...) {}

  websocket::stream<Next>& ws() { return ws_; }

  Status send(const std::string& frame) override {
    beast::error_code error;
    ws_.binary(true);
    ws_.write(net::buffer(frame), error);
    if (error) return net_error(ErrorCode::kConnectionLost, "write", error);
    return {};
  }

  // An asynchronous read run for at most `timeout` (Asio's blocking reads ignore
  // SO_RCVTIMEO). After a timeout the connection is cancelled and not usable any more.
  Result<std::string> receive(std::chrono::milliseconds timeout) override {
    beast::flat_buffer buffer;
    beast::error_code error;
    bool done = false;
    ws_.async_read(buffer, [&](beast::error_code read_error, std::size_t) {
      error = read_error;
      done = true;
    });
    io_.restart();
    io_.run_for(timeout);
    if (!done) {
      beast::get_lowest_layer(ws_).cancel();
      io_.restart();
      io_.run();
      return make_error(ErrorCode::kTimeout,
                        "no message within " + std::to_string(timeout.count()) + " ms");
    }
    if (error) {
      close_code_ = static_cast<unsigned>(ws_.reason().code);
      return net_error(ErrorCode::kConnectionLost, "read", error);
    }
    return beast::buffers_to_string(buffer.data());
  }

  [[nodiscard]] unsigned close_code() const override { return close_code_; }

 private:
  net::io_context& io_;
  websocket::stream<Next> ws_;
  unsigned close_code_ = 0;
};

// The io_context and TLS context outlive the connection that uses them.
struct Runtime {
  net::io_context io;
  net::ssl::context tls{net::ssl::context::tls_client};
};

template <class Connection>
class Owning final : public WsConnection {
 public:
  Owning(std::unique_ptr<Runtime> runtime, std::unique_ptr<Connection> connection)
      : runtime_(std::move(runtime)), connection_(std::move(connection)) {}
  Status send(const std::string& frame) override { return connection_->send(frame); }
  Result<std::string> receive(std::chrono::milliseconds timeout) override {
    return connection_->receive(timeout);
  }
  [[nodiscard]] unsigned close_code() const override { return connection_->close_code(); }

 private:
  std::unique_ptr<Runtime> runtime_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace

Result<std::unique_ptr<WsConnection>> connect_ws(const std::string& host, unsigned short port,
                                                 const std::string& ca_file) {
  auto runtime = std::make_unique<Runtime>();
  beast::error_code error;
  const tcp::endpoint endpoint(net::ip::make_address(host), port);
  const std::string host_header = host + ":" + std::to_string(port);
  if (ca_file.empty()) {
    auto connection = std::make_unique<BeastConnection<tcp::socket>>(runtime->io);
    auto& socket = beast::get_lowest_layer(connection->ws());
    socket.connect(endpoint, error);
    if (error) return net_error(ErrorCode::kConnectionFailed, "connect", error);
    connection->ws().handshake(host_header, "/sync", error);
    if (error) return net_error(ErrorCode::kConnectionFailed, "handshake", error);
    return std::unique_ptr<WsConnection>(std::make_unique<Owning<BeastConnection<tcp::socket>>>(
        std::move(runtime), std::move(connection)));
  }
  runtime->tls.set_verify_mode(net::ssl::verify_peer);
  runtime->tls.load_verify_file(ca_file, error);
  if (error) return net_error(ErrorCode::kTlsError, "load " + ca_file, error);
  using Tls = net::ssl::stream<tcp::socket>;
  auto connection = std::make_unique<BeastConnection<Tls>>(runtime->io, runtime->tls);
  auto& socket = beast::get_lowest_layer(connection->ws());
  socket.connect(endpoint, error);
  if (error) return net_error(ErrorCode::kConnectionFailed, "connect", error);
  connection->ws().next_layer().set_verify_callback(net::ssl::host_name_verification(host));
  connection->ws().next_layer().handshake(net::ssl::stream_base::client, error);
  if (error) return net_error(ErrorCode::kTlsError, "TLS handshake", error);
  connection->ws().handshake(host_header, "/sync", error);
  if (error) return net_error(ErrorCode::kConnectionFailed, "handshake", error);
  return std::unique_ptr<WsConnection>(
      std::make_unique<Owning<BeastConnection<Tls>>>(std::move(runtime), std::move(connection)));
}

TestDevice::TestDevice(std::string host, unsigned short port, std::string ca_file)
    : host_(std::move(host)), port_(port), ca_file_(std::move(ca_file)) {}

Result<engine::ChallengeMessage> TestDevice::open() {
  auto connection = connect_ws(host_, port_, ca_file_);
  if (!connection) return std::move(connection).error();
  connection_ = std::move(connection).value();
  return receive_a<engine::ChallengeMessage>();
}

Result<engine::EnrolledMessage> TestDevice::enrol(const std::string& code,
                                                  const std::string& label) {
  auto challenge = open();
  if (!challenge) return std::move(challenge).error();
  if (auto status = send(identity_.enrol(code, label)); !status) {
    return std::move(status).error();
  }
  auto enrolled = receive_a<engine::EnrolledMessage>();
  if (enrolled) identity_.set_id(enrolled->device_id);
  connection_.reset();
  return enrolled;
}

Result<engine::WelcomeMessage> TestDevice::hello() {
  auto challenge = open();
  if (!challenge) return std::move(challenge).error();
  if (auto status = send(identity_.hello(*challenge)); !status) return std::move(status).error();
  return receive_a<engine::WelcomeMessage>();
}

Status TestDevice::send(const engine::Message& message) {
  return send_raw(engine::encode(message));
}

Status TestDevice::send_raw(const std::string& frame) {
  if (!connection_) return make_error(ErrorCode::kConnectionLost, "closed");
  return connection_->send(frame);
}

Result<engine::Message> TestDevice::receive(std::chrono::milliseconds timeout) {
  if (!connection_) return make_error(ErrorCode::kConnectionLost, "closed");
  auto frame = connection_->receive(timeout);
  if (!frame) return std::move(frame).error();
  return engine::decode(*frame);
}

Result<engine::AckMessage> TestDevice::upload(std::vector<engine::Op> ops) {
  if (auto status = send(engine::UploadBatchMessage{std::move(ops)}); !status) {
    return std::move(status).error();
  }
  return receive_a<engine::AckMessage>();
}

engine::Op TestDevice::set_op(const engine::FormId& form, const std::string& field,
                              engine::OpValue value) {
  engine::Op op;
  op.dot = {identity_.id(), next_counter_++};
  op.hlc = {1'621'700'000'000 + op.dot.counter, 0};
  op.kind = engine::OpKind::kSet;
  op.form = form;
  op.field = field;
  op.value = std::move(value);
  return op;
}

Result<std::vector<engine::LogOp>> TestDevice::read_until_up_to_date() {
  std::vector<engine::LogOp> entries;
  while (true) {
    auto page = receive_a<engine::PushedOpsMessage>();
    if (!page) return std::move(page).error();
    entries.insert(entries.end(), page->entries.begin(), page->entries.end());
    if (page->up_to_date) return entries;
  }
}

std::vector<engine::Op> TestDevice::entry_ops(const engine::StationRecord& record) {
  std::vector<engine::Op> ops;
  for (const auto& [field, value] : record.values) {
    if (const auto* votes = std::get_if<engine::VoteMap>(&value)) {
      for (const auto& [candidate, count] : *votes) {
        ops.push_back(set_op(record.form, "votes." + candidate, count));
      }
    } else if (const auto* count = std::get_if<engine::Count>(&value)) {
      ops.push_back(set_op(record.form, field, *count));
    } else {
      ops.push_back(set_op(record.form, field, std::get<std::string>(value)));
    }
  }
  ops.push_back(submit_op(record.form, record));
  return ops;
}

engine::Op TestDevice::submit_op(const engine::FormId& form, const engine::StationRecord& values) {
  engine::Op op;
  op.dot = {identity_.id(), next_counter_++};
  op.hlc = {1'621'700'000'000 + op.dot.counter, 0};
  op.kind = engine::OpKind::kSubmit;
  op.form = form;
  op.submission.values_hash = engine::record_values_hash(values);
  identity_.sign_submission(op);
  return op;
}

engine::StationRecord test_na_record(engine::Count registered) {
  engine::StationRecord record;
  record.form = engine::FormId{"TN-0001", "NA-01"};
  record.values = {
      {"registered", engine::Count{registered}},
      {"voted", engine::Count{810}},
      {"issued", engine::Count{810}},
      {"received", engine::Count{810}},
      {"valid", engine::Count{801}},
      {"invalid", engine::Count{9}},
      {"complaints_received", engine::Count{0}},
      {"complaints_resolved", engine::Count{0}},
      {"complaints_forwarded", engine::Count{0}},
      {"votes", engine::VoteMap{{"NA-01-C01", 500}, {"NA-01-C02", 200}, {"NA-01-C03", 101}}}};
  return record;
}

}  // namespace tally::testkit

#include "test_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <future>
#include <set>
#include <thread>

#include "tally/engine/crypto_random.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/signing.hpp"
#include "test_reference.hpp"

namespace tally::client::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

struct Device {
  std::string station;
  engine::Role role = engine::Role::kOfficer;
  engine::Ed25519PublicKey key{};
  std::uint64_t acked = 0;
};

}  // namespace

struct TestServer::Impl {
  class Session;

  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  mutable std::mutex mutex;  // guards the fields below against the test thread
  std::map<std::string, std::pair<std::string, engine::Role>> codes;
  std::map<std::string, Device> devices;
  std::vector<engine::Op> log;
  std::size_t uploads = 0;
  std::size_t drop_after = 0;
  bool hold = false;
  std::set<Session*> sessions;
  int next_device = 1;

  class Session : public std::enable_shared_from_this<Session> {
   public:
    Session(Impl& server, tcp::socket socket) : server_(server), ws_(std::move(socket)) {}

    void start() {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ignored);
      ws_.binary(true);
      ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
        if (ec) return;
        self->server_.sessions.insert(self.get());
        if (!engine::random_bytes(self->nonce_).ok()) return self->close();
        self->send(engine::ChallengeMessage{"test-server", self->nonce_});
        self->read();
      });
    }

    void send(const engine::Message& message) {
      queue_.push_back(engine::encode(message));
      if (queue_.size() == 1) write();
    }

    void push(const engine::LogOp& entry) {
      if (device_.empty() || entry.op.dot.device == device_) return;
      send(engine::PushedOpsMessage{{entry}, entry.log_index, true});
    }

    void ack() {
      if (device_.empty()) return;
      send(engine::AckMessage{device_, server_.devices[device_].acked, server_.log.size(), {}});
    }

    void close() {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
    }

   private:
    void write() {
      ws_.async_write(asio::buffer(queue_.front()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        self->queue_.pop_front();
                        if (!self->queue_.empty()) self->write();
                      });
    }

    void read() {
      ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) {
          self->server_.sessions.erase(self.get());
          return;
        }
        std::string frame = beast::buffers_to_string(self->buffer_.data());
        self->buffer_.consume(self->buffer_.size());
        self->on_frame(frame);
        self->read();
      });
    }

    void fail(ErrorCode code, std::string message) {
      send(engine::ErrorMessage{code, std::move(message), false});
      server_.sessions.erase(this);
      ws_.async_close(websocket::close_code::policy_error, [self = shared_from_this()](auto) {});
    }

    void on_frame(const std::string& frame) {
      auto message = engine::decode(frame);
      if (!message.ok()) return fail(message.error().code, message.error().message);
      std::lock_guard lock(server_.mutex);
      if (auto* enrol = std::get_if<engine::EnrolMessage>(&*message)) {
        auto code = server_.codes.find(enrol->code);
        if (code == server_.codes.end()) {
          return fail(ErrorCode::kEnrolmentCodeInvalid, "unknown enrolment code");
        }
        auto [station, role] = code->second;
        server_.codes.erase(code);
        std::string id = "dev-" + std::to_string(server_.next_device++);
        server_.devices[id] = Device{station, role, enrol->device_key, 0};
        send(engine::EnrolledMessage{id, station, role});
        return;
      }
      if (auto* hello = std::get_if<engine::HelloMessage>(&*message)) {
        auto device = server_.devices.find(hello->device_id);
        if (device == server_.devices.end()) return fail(ErrorCode::kUnknownDevice, "unknown");
        if (!engine::verify(device->second.key,
                            engine::hello_signing_bytes("test-server", nonce_, hello->device_id),
                            hello->signature)) {
          return fail(ErrorCode::kBadSignature, "bad Hello signature");
        }
        device_ = hello->device_id;
        engine::WelcomeMessage welcome;
        welcome.server_id = "test-server";
        welcome.role = device->second.role;
        welcome.station_id = device->second.station;
        welcome.acked_counter = device->second.acked;
        welcome.log_index = server_.log.size();
        welcome.election_json = kDefinitionJson;
        welcome.form_schema_json = schema_json();
        send(welcome);
        return;
      }
      if (device_.empty()) return fail(ErrorCode::kNotAuthenticated, "Hello first");
      if (auto* batch = std::get_if<engine::UploadBatchMessage>(&*message)) {
        return on_batch(*batch);
      }
      if (auto* request = std::get_if<engine::DownloadRequestMessage>(&*message)) {
        engine::PushedOpsMessage pushed;
        for (std::size_t index = request->cursor; index < server_.log.size(); ++index) {
          if (server_.log[index].dot.device == device_) continue;
          pushed.entries.push_back(engine::LogOp{index + 1, server_.log[index]});
        }
        pushed.next_cursor = server_.log.size();
        pushed.up_to_date = true;
        send(pushed);
        return;
      }
      fail(ErrorCode::kUnexpectedMessage, "unexpected message");
    }

    void on_batch(const engine::UploadBatchMessage& batch) {
      auto& device = server_.devices[device_];
      ++server_.uploads;
      std::vector<engine::LogOp> added;
      for (const auto& op : batch.ops) {
        if (op.dot.device != device_) return fail(ErrorCode::kForbidden, "not your op");
        if (op.dot.counter <= device.acked) continue;  // duplicate: ack again
        if (op.dot.counter != device.acked + 1) return fail(ErrorCode::kCounterGap, "gap");
        device.acked = op.dot.counter;
        server_.log.push_back(op);
        added.push_back(engine::LogOp{server_.log.size(), op});
      }
      if (server_.drop_after != 0 && server_.uploads % server_.drop_after == 0) {
        // Stored but the connection dies before the Ack goes out.
        server_.sessions.erase(this);
        return close();
      }
      if (!server_.hold) {
        send(engine::AckMessage{device_, device.acked, server_.log.size(), {}});
      }
      for (auto* other : server_.sessions) {
        if (other == this) continue;
        for (const auto& entry : added) other->push(entry);
      }
    }

    Impl& server_;
    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::deque<std::string> queue_;
    engine::Nonce nonce_{};
    std::string device_;
  };

  void listen() {
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    port = acceptor.local_endpoint().port();
    accept();
  }

  void close_all() {
    beast::error_code ignored;
    acceptor.close(ignored);
    for (auto* session : sessions) session->close();
    sessions.clear();
  }

  // Runs `work` on the io thread and waits for it.
  template <typename Work>
  void run_on_io(Work work) {
    std::promise<void> done;
    asio::post(io, [&] {
      work();
      done.set_value();
    });
    done.get_future().wait();
  }

  std::uint16_t port = 0;

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      std::make_shared<Session>(*this, std::move(socket))->start();
      accept();
    });
  }
};

TestServer::TestServer(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->listen();
  port_ = impl_->port;
  impl_->thread = std::thread([this] {
    auto guard = asio::make_work_guard(impl_->io);
    impl_->io.run();
  });
}

TestServer::~TestServer() {
  impl_->run_on_io([this] { impl_->close_all(); });
  impl_->io.stop();
  impl_->thread.join();
}

void TestServer::release_acks() {
  hold_acks(false);
  impl_->run_on_io([this] {
    std::lock_guard lock(impl_->mutex);
    for (auto* session : impl_->sessions) session->ack();
  });
}

void TestServer::pause() {
  impl_->run_on_io([this] { impl_->close_all(); });
}

void TestServer::resume() {
  impl_->run_on_io([this] { impl_->listen(); });
}

std::string TestServer::url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/sync"; }

std::string TestServer::add_enrolment_code(const std::string& station, engine::Role role) {
  std::lock_guard lock(impl_->mutex);
  std::string code = "CODE-" + std::to_string(impl_->codes.size() + impl_->devices.size() + 1);
  impl_->codes[code] = {station, role};
  return code;
}

std::vector<engine::Op> TestServer::log() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->log;
}

std::size_t TestServer::uploads_received() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->uploads;
}

void TestServer::drop_connections_after_batches(std::size_t batches) {
  std::lock_guard lock(impl_->mutex);
  impl_->drop_after = batches;
}

void TestServer::forget_everything() {
  std::lock_guard lock(impl_->mutex);
  impl_->log.clear();
  for (auto& [id, device] : impl_->devices) device.acked = 0;
}

void TestServer::hold_acks(bool hold) {
  std::lock_guard lock(impl_->mutex);
  impl_->hold = hold;
}

}  // namespace tally::client::testing

#include "async_device.hpp"

#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <memory>
#include <utility>

#include "device_identity.hpp"

namespace tally::testkit {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

DeviceSwarm::DeviceSwarm(std::string host, unsigned short port, std::string ca_file)
    : host_(std::move(host)), port_(port) {
  set_ca_file(std::move(ca_file));
}

void DeviceSwarm::set_ca_file(std::string ca_file) {
  ca_file_ = std::move(ca_file);
  if (ca_file_.empty()) return;
  tls_context_.set_verify_mode(net::ssl::verify_peer);
  beast::error_code ignored;  // an unreadable file fails every TLS handshake, with its reason
  tls_context_.load_verify_file(ca_file_, ignored);
}

std::string DeviceSwarm::source_address(std::size_t device_number) const {
  if (source_addresses_ <= 1) return {};
  return "127.0.0." + std::to_string(1 + device_number % source_addresses_);
}

namespace {

struct SessionFree {
  void operator()(SSL_SESSION* session) const { SSL_SESSION_free(session); }
};
using SessionPtr = std::unique_ptr<SSL_SESSION, SessionFree>;

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

constexpr auto kHandshakeTimeout = std::chrono::seconds(30);

Error net_error(ErrorCode code, const std::string& what, const beast::error_code& error) {
  return make_error(code, what + ": " + error.message());
}

class SwarmDevice final : public AsyncDevice {
 public:
  explicit SwarmDevice(DeviceSwarm& swarm)
      : swarm_(swarm), source_address_(swarm.source_address(swarm.next_device_number())) {}

  void enrol(std::string code, Done done) override {
    connect([this, code = std::move(code), done = std::move(done)](const Status& status) mutable {
      if (!status) return done(status);
      exchange(identity_.enrol(std::move(code), "bench"),
               [this, done = std::move(done)](Result<engine::Message> reply) {
                 if (!reply) return done(std::move(reply).error());
                 auto* enrolled = std::get_if<engine::EnrolledMessage>(&*reply);
                 if (enrolled == nullptr) return done(unexpected(*reply, "Enrolled"));
                 identity_.set_id(enrolled->device_id);
                 disconnect();
                 done({});
               });
    });
  }

  void hello(Done done) override {
    connect([this, done = std::move(done)](const Status& status) mutable {
      if (!status) return done(status);
      exchange(identity_.hello(challenge_),
               [this, done = std::move(done)](Result<engine::Message> reply) {
                 if (!reply) return done(std::move(reply).error());
                 const auto* welcome = std::get_if<engine::WelcomeMessage>(&*reply);
                 if (welcome == nullptr) return done(unexpected(*reply, "Welcome"));
                 welcomed_counter_ = welcome->acked_counter;
                 keep_tls_session();
                 done({});
                 read_loop(generation_);
               });
    });
  }

  void upload(std::string frame, Done done) override {
    pending_ = std::move(done);
    write(std::move(frame), [this](const Status& status) {
      if (!status) complete(status);
    });
  }

  void disconnect() override {
    ++generation_;  // completions of the old connection are ignored
    pending_ = nullptr;
    beast::error_code ignored;
    if (tls_) beast::get_lowest_layer(*tls_).socket().close(ignored);
    if (plain_) beast::get_lowest_layer(*plain_).socket().close(ignored);
  }

  void release_connection() override {
    tls_.reset();
    plain_.reset();
    buffer_ = beast::flat_buffer{};
  }

  [[nodiscard]] const std::string& id() const override { return identity_.id(); }
  [[nodiscard]] const engine::Ed25519KeyPair& key() const override { return identity_.key(); }
  [[nodiscard]] const engine::AckMessage& last_ack() const override { return last_ack_; }
  [[nodiscard]] bool resumed() const override { return resumed_; }
  [[nodiscard]] std::uint64_t welcomed_counter() const override { return welcomed_counter_; }

 private:
  using Reply = std::function<void(Result<engine::Message>)>;

  template <class F>
  void with_ws(F&& f) {
    if (tls_) {
      f(*tls_);
    } else {
      f(*plain_);
    }
  }

  static Error unexpected(const engine::Message& message, const char* wanted) {
    if (const auto* error = std::get_if<engine::ErrorMessage>(&message)) {
      return make_error(error->code, "server error: " + error->message);
    }
    return make_error(ErrorCode::kUnexpectedMessage, std::string("expected ") + wanted);
  }

  // TCP connect, TLS handshake when the swarm is TLS, WebSocket handshake, Challenge.
  void connect(Done done) {
    disconnect();
    const auto generation = generation_;
    plain_.reset();
    tls_.reset();
    if (swarm_.tls()) {
      tls_ = std::make_unique<TlsWs>(swarm_.io(), swarm_.tls_context());
    } else {
      plain_ = std::make_unique<PlainWs>(swarm_.io());
    }
    const tcp::endpoint endpoint(net::ip::make_address(swarm_.host()), swarm_.port());
    if (auto bound = bind_source(); !bound) {
      return net::post(swarm_.io(), [done = std::move(done), bound] { done(bound); });
    }
    with_ws([&](auto& ws) {
      beast::get_lowest_layer(ws).expires_after(kHandshakeTimeout);
      beast::get_lowest_layer(ws).async_connect(
          endpoint, [this, generation, done = std::move(done)](beast::error_code error) mutable {
            if (generation != generation_) return;
            if (error) return done(net_error(ErrorCode::kConnectionFailed, "connect", error));
            if (!tls_) return handshake(generation, std::move(done));
            tls_->next_layer().set_verify_callback(net::ssl::host_name_verification(swarm_.host()));
            if (session_ && swarm_.resume_sessions()) {
              SSL_set_session(tls_->next_layer().native_handle(), session_.get());
            }
            tls_->next_layer().async_handshake(
                net::ssl::stream_base::client,
                [this, generation, done = std::move(done)](beast::error_code tls_error) mutable {
                  if (generation != generation_) return;
                  if (tls_error) {
                    return done(net_error(ErrorCode::kTlsError, "TLS handshake", tls_error));
                  }
                  resumed_ = SSL_session_reused(tls_->next_layer().native_handle()) == 1;
                  handshake(generation, std::move(done));
                });
          });
    });
  }

  // Opens the socket on the device's source address, if the swarm gives it one; the port
  // is chosen at connect time (IP_BIND_ADDRESS_NO_PORT), so that each source address has
  // the whole ephemeral range for the server's port.
  Status bind_source() {
    if (source_address_.empty()) return {};
    beast::error_code error;
    with_ws([&](auto& ws) {
      auto& socket = beast::get_lowest_layer(ws).socket();
      socket.open(tcp::v4(), error);
      const int on = 1;
      if (!error && ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on,
                                 sizeof on) != 0) {
        error.assign(errno, boost::system::system_category());
      }
      if (!error) socket.bind(tcp::endpoint(net::ip::make_address(source_address_), 0), error);
    });
    if (error) return net_error(ErrorCode::kConnectionFailed, "bind " + source_address_, error);
    return {};
  }

  // After the Welcome the server's session tickets have arrived (TLS 1.3 sends them after
  // the handshake): the device keeps a copy of the newest for its next connection. A copy,
  // because OpenSSL marks the connection's own session not resumable when the connection
  // ends without a TLS close_notify, as a cut connection does.
  void keep_tls_session() {
    if (!tls_) return;
    SSL_SESSION* current = SSL_get_session(tls_->next_layer().native_handle());
    if (current == nullptr || SSL_SESSION_is_resumable(current) != 1) return;
    if (SSL_SESSION* copy = SSL_SESSION_dup(current)) session_.reset(copy);
  }

  void handshake(std::uint64_t generation, Done done) {
    with_ws([&](auto& ws) {
      ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      ws.binary(true);
      ws.async_handshake(
          swarm_.host() + ":" + std::to_string(swarm_.port()), "/sync",
          [this, generation, done = std::move(done)](beast::error_code error) mutable {
            if (generation != generation_) return;
            if (error) return done(net_error(ErrorCode::kConnectionFailed, "handshake", error));
            with_ws([](auto& open) { beast::get_lowest_layer(open).expires_never(); });
            read(generation, [this, done = std::move(done)](Result<engine::Message> message) {
              if (!message) return done(std::move(message).error());
              auto* challenge = std::get_if<engine::ChallengeMessage>(&*message);
              if (challenge == nullptr) return done(unexpected(*message, "Challenge"));
              challenge_ = std::move(*challenge);
              done({});
            });
          });
    });
  }

  // Sends `message` and reads the reply.
  void exchange(const engine::Message& message, Reply reply) {
    const auto generation = generation_;
    write(engine::encode(message),
          [this, generation, reply = std::move(reply)](const Status& status) mutable {
            if (!status) return reply(status.error());
            read(generation, std::move(reply));
          });
  }

  void write(std::string frame, Done done) {
    out_ = std::move(frame);
    const auto generation = generation_;
    with_ws([&](auto& ws) {
      ws.async_write(net::buffer(out_), [this, generation, done = std::move(done)](
                                            beast::error_code error, std::size_t) {
        if (generation != generation_) return;
        if (error) return done(net_error(ErrorCode::kConnectionLost, "write", error));
        done({});
      });
    });
  }

  void read(std::uint64_t generation, Reply reply) {
    buffer_.clear();
    with_ws([&](auto& ws) {
      ws.async_read(buffer_, [this, generation, reply = std::move(reply)](beast::error_code error,
                                                                          std::size_t) {
        if (generation != generation_) return;
        if (error) return reply(net_error(ErrorCode::kConnectionLost, "read", error));
        const auto data = buffer_.cdata();
        reply(engine::decode(std::string_view(static_cast<const char*>(data.data()), data.size())));
      });
    });
  }

  // After the Welcome: reads every message; an Ack completes the pending upload.
  void read_loop(std::uint64_t generation) {
    read(generation, [this, generation](Result<engine::Message> message) {
      if (!message) return complete(std::move(message).error());
      if (auto* ack = std::get_if<engine::AckMessage>(&*message)) {
        last_ack_ = std::move(*ack);
        complete({});
      } else if (std::holds_alternative<engine::ErrorMessage>(*message)) {
        complete(unexpected(*message, "Ack"));
      }
      read_loop(generation);
    });
  }

  void complete(const Status& status) {
    if (!pending_) return;
    auto done = std::exchange(pending_, nullptr);
    done(status);
  }

  DeviceSwarm& swarm_;
  std::string source_address_;
  SessionPtr session_;
  bool resumed_ = false;
  std::uint64_t welcomed_counter_ = 0;
  DeviceIdentity identity_;
  engine::ChallengeMessage challenge_;
  engine::AckMessage last_ack_;
  std::unique_ptr<PlainWs> plain_;
  std::unique_ptr<TlsWs> tls_;
  beast::flat_buffer buffer_;
  std::string out_;
  Done pending_;
  std::uint64_t generation_ = 0;
};

}  // namespace

std::unique_ptr<AsyncDevice> make_async_device(DeviceSwarm& swarm) {
  return std::make_unique<SwarmDevice>(swarm);
}

}  // namespace tally::testkit

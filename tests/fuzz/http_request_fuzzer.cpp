// Fuzz target: tallyd's HTTP request handling (http_exchange.hpp), with no socket. The
// input is what a client sends on one connection, then closes: Beast reads requests from it
// one after the other (keep-alive) with tallyd's NetLimits, and each goes through
// handle_read() to the routing, the token check and HttpApi against a real Core (the
// tests/server mini election loaded, a SQLite store in a temporary directory, the writer
// thread running). Tokens: "fuzz-operator-token", "fuzz-auditor-token".
// The server is made afresh every kInputsPerServer inputs: what earlier inputs created
// (enrolment codes, devices) would otherwise pile up for the whole run, slowing every later
// input and filling the disk (a 10-million-input run left 35 GB in its store).
// Properties: every request read gets exactly one response (or is a WebSocket upgrade to
// /sync, which ends the input); a request Beast cannot read gets a 400 and a close; no
// /api/v1/ call but the public ones and logging in succeeds without a token, and only the
// operator's creates enrolment codes;
// a JSON response is valid JSON, and an error in JSON names its code and says why; the
// Content-Length is the body's size.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/json.hpp>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "core/core.hpp"
#include "fuzz_check.hpp"
#include "net/http_exchange.hpp"
#include "tally/files/write_file.hpp"
#include "tally/server/sqlite_store.hpp"

namespace {

using namespace tally;
namespace http = boost::beast::http;
namespace json = boost::json;

constexpr std::string_view kOperatorToken = "fuzz-operator-token";
constexpr std::string_view kAuditorToken = "fuzz-auditor-token";
constexpr std::string_view kSupervisorToken = "fuzz-supervisor-token";
// 2021-05-23 08:00 +07: a fixed clock keeps the target's runs alike.
constexpr std::uint64_t kNowMs = 1'621'731'600'000;
// Enough inputs that opening a server (a few milliseconds) costs little per input.
constexpr int kInputsPerServer = 2'000;

std::string must_read(const std::string& path) {
  auto content = tally::read_file(path);
  fuzz::require(content.ok(), "the mini election and the station-count/1 schema are readable");
  return std::move(content).value();
}

// The server the target talks to, on a store of its own that goes when the server does.
class FuzzServer {
 public:
  FuzzServer() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tally-fuzz-http-XXXXXX");
    fuzz::require(::mkdtemp(pattern.data()) != nullptr, "a temporary directory can be made");
    dir_ = pattern;
    server::SqliteStoreOptions options;
    options.path = (dir_ / "tallyd.db").string();
    options.sync = server::SyncMode::kNormal;
    auto store = server::open_sqlite_store(options);
    fuzz::require(store.ok(), "the store opens");
    store_ = std::move(store).value();
    static const std::string election =
        must_read(TALLY_SOURCE_ROOT "/tests/server/data/mini-election.json");
    static const std::string form_schema =
        must_read(TALLY_SOURCE_ROOT "/schemas/forms/station-count-1.json");
    auto reference = server::Reference::load(election, form_schema);
    fuzz::require(reference.ok(), "the mini election loads");
    engine::Ed25519Seed seed{};
    seed.fill(7);
    auto key = engine::keypair_from_seed(seed);
    fuzz::require(key.ok(), "a key pair derives from a fixed seed");
    auto core =
        server::Core::open(*store_, std::move(reference).value(), std::move(key).value(),
                           "tallyd-fuzz", server::CoreOptions{}, metrics_, [] { return kNowMs; });
    fuzz::require(core.ok(), "the core opens on an empty store");
    core_ = std::move(core).value();
    logins_.emplace(*store_, server::LoginOptions{}, [] { return kNowMs; });
    api_.emplace(*core_,
                 server::ApiTokens{engine::sha256(kOperatorToken), engine::sha256(kAuditorToken),
                                   engine::sha256(kSupervisorToken)},
                 *logins_);
  }
  FuzzServer(const FuzzServer&) = delete;
  FuzzServer& operator=(const FuzzServer&) = delete;
  ~FuzzServer() {
    api_.reset();
    logins_.reset();
    core_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  server::HttpApi& api() { return *api_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<server::Store> store_;
  server::Metrics metrics_;
  std::unique_ptr<server::Core> core_;
  std::optional<server::Logins> logins_;  // the console's sessions, for the api
  std::optional<server::HttpApi> api_;
};

// The client's bytes as a SyncReadStream: everything asked for, then end of stream.
class InputStream {
 public:
  explicit InputStream(std::string_view bytes) : rest_(bytes) {}

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::beast::error_code& error) {
    if (rest_.empty()) {
      error = boost::asio::error::eof;
      return 0;
    }
    error = {};
    const std::size_t copied =
        boost::asio::buffer_copy(buffers, boost::asio::buffer(rest_.data(), rest_.size()));
    rest_.remove_prefix(copied);
    return copied;
  }
  // The throwing overload the SyncReadStream concept asks for; http::read uses the other.
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    boost::beast::error_code error;
    const std::size_t copied = read_some(buffers, error);
    if (error) throw boost::system::system_error(error);
    return copied;
  }

 private:
  std::string_view rest_;
};

// Where handle_read's `done` leaves the response, perhaps from the writer thread.
struct ResponseSlot {
  std::mutex mutex;
  std::condition_variable ready;
  std::optional<server::HttpApi::Response> response;
  int calls = 0;

  server::HttpApi::Response wait() {
    std::unique_lock lock(mutex);
    ready.wait(lock, [&] { return response.has_value(); });
    return std::move(*response);
  }
};

bool has_token(const server::HttpApi::Request& request, std::string_view token) {
  return request[http::field::authorization] == "Bearer " + std::string(token);
}

void check_response(const server::HttpApi::Response& response) {
  fuzz::require(response.has_content_length() &&
                    response[http::field::content_length] == std::to_string(response.body().size()),
                "the Content-Length is the body's size");
  if (response[http::field::content_type] != "application/json") return;
  json::error_code error;
  const json::value body = json::parse(response.body(), error);
  fuzz::require(!error, "a JSON response is valid JSON");
  if (response.result_int() < 400) return;
  const json::value* code = body.is_object() ? body.as_object().if_contains("error") : nullptr;
  fuzz::require(code != nullptr && code->is_object() && code->as_object().contains("code") &&
                    code->as_object().at("message").is_string() &&
                    !code->as_object().at("message").as_string().empty(),
                "a JSON error names its code and says why");
}

// The properties of the response to a request that was read whole.
void check_answer(const server::HttpApi::Request& request,
                  const server::HttpApi::Response& response) {
  check_response(response);
  const std::string_view target = request.target();
  const bool success = response.result_int() < 300;
  // The public documents (results, stations, the transparency log) and logging in are for
  // anyone; every other API call needs a token.
  const bool open_to_anyone =
      target.starts_with("/api/v1/public/") || target.starts_with("/api/v1/session");
  if (target.substr(0, 8) == "/api/v1/" && success && !open_to_anyone) {
    fuzz::require(has_token(request, kOperatorToken) || has_token(request, kAuditorToken) ||
                      has_token(request, kSupervisorToken),
                  "no API call succeeds without a token");
  }
  if (response.result() == http::status::created) {
    const bool adjudication = target.starts_with("/api/v1/adjudications");
    fuzz::require(request.method() == http::verb::post &&
                      (has_token(request, kOperatorToken) ||
                       (adjudication && has_token(request, kSupervisorToken))),
                  "only the operator's POST creates; a supervisor's only an adjudication");
  }
}

// The server for this input: a fresh one after every kInputsPerServer inputs.
FuzzServer& current_server() {
  // Initialised with the first server, whose core is the first user of OpenSSL: the last
  // server is then destroyed at exit before OpenSSL's own exit handler runs (they run in the
  // reverse order of registration). The other way round, the writer thread's OpenSSL error
  // state outlives OpenSSL's clean-up and LeakSanitizer reports it at the end of a run.
  static std::unique_ptr<FuzzServer> server = std::make_unique<FuzzServer>();
  static int inputs_served = 0;
  if (inputs_served == kInputsPerServer) {
    server.reset();  // its directory goes before the next one is made
    server = std::make_unique<FuzzServer>();
    inputs_served = 0;
  }
  ++inputs_served;
  return *server;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzServer& server = current_server();
  const server::NetLimits limits;
  InputStream stream(fuzz::as_bytes(data, size));
  boost::beast::flat_buffer buffer;
  std::optional<server::HttpRequestParser> parser;
  for (;;) {
    server::arm_request_parser(parser, limits);
    boost::beast::error_code error;
    http::read(stream, buffer, *parser, error);
    auto slot = std::make_shared<ResponseSlot>();
    const server::HttpNext next = server::handle_read(error, *parser, server.api(), "127.0.0.1",
                                                      [slot](server::HttpApi::Response response) {
                                                        std::lock_guard lock(slot->mutex);
                                                        ++slot->calls;
                                                        slot->response = std::move(response);
                                                        slot->ready.notify_all();
                                                      });
    if (next == server::HttpNext::kShutdown) return 0;
    fuzz::require(next != server::HttpNext::kDrop, "a buffer's end is no transport error");
    if (next == server::HttpNext::kUpgrade) {
      fuzz::require(!error && parser->get().target() == "/sync", "only /sync upgrades");
      return 0;
    }
    if (next == server::HttpNext::kEvents) {
      fuzz::require(!error && parser->get().method() == http::verb::get,
                    "only a GET of /api/v1/events streams");
      return 0;
    }
    const server::HttpApi::Response response = slot->wait();
    if (error) {
      fuzz::require(response.result() == http::status::bad_request && !response.keep_alive(),
                    "an unreadable request gets a 400 and a close");
      check_response(response);
      return 0;
    }
    check_answer(parser->get(), response);
    {
      std::lock_guard lock(slot->mutex);
      fuzz::require(slot->calls == 1, "a request gets exactly one response");
    }
    if (!response.keep_alive()) return 0;
  }
}

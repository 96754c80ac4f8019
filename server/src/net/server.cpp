#include "net/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <iostream>
#include <thread>
#include <vector>

#include "api/http_api.hpp"
#include "base/log.hpp"
#include "net/connection_gate.hpp"
#include "net/descriptor_limit.hpp"
#include "net/listener.hpp"
#include "net/tls_certificate.hpp"
#include "tally/files/write_file.hpp"

namespace tally::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

Result<tcp::endpoint> parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  const auto bad = [&](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, "--listen " + listen + ": " + why);
  };
  if (colon == std::string::npos) return bad("expected HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code error;
  const auto address = net::ip::make_address(host, error);
  if (error) return bad("not an IP address");
  const std::string port_text = listen.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port_text) > 65535) {
    return bad("bad port");
  }
  return tcp::endpoint(address, static_cast<unsigned short>(std::stoul(port_text)));
}

std::uint64_t now_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

Result<ApiTokens> load_tokens(const DataDir& dir) {
  auto operator_token = read_token(dir.operator_token());
  if (!operator_token) return std::move(operator_token).error();
  auto auditor_token = read_token(dir.auditor_token());
  if (!auditor_token) return std::move(auditor_token).error();
  ApiTokens tokens{engine::sha256(*operator_token), engine::sha256(*auditor_token), {}};
  // Data directories made before supervisors had a token have none: no supervisor access.
  if (std::filesystem::exists(dir.supervisor_token())) {
    auto supervisor_token = read_token(dir.supervisor_token());
    if (!supervisor_token) return std::move(supervisor_token).error();
    tokens.supervisor_token = engine::sha256(*supervisor_token);
  }
  return tokens;
}

}  // namespace

Status serve(const ServeOptions& options) {
  auto endpoint = parse_listen(options.listen);
  if (!endpoint) return std::move(endpoint).error();
  if (options.plain && !endpoint->address().is_loopback()) {
    return make_error(ErrorCode::kForbidden, "--plain is only allowed on a loopback address, not " +
                                                 endpoint->address().to_string());
  }
  auto descriptors = raise_descriptor_limit();
  if (!descriptors) return std::move(descriptors).error();
  auto max_connections = fit_connection_limit(options.limits.max_connections,
                                              options.max_connections_given, *descriptors);
  if (!max_connections) return std::move(max_connections).error();
  NetLimits limits = options.limits;
  limits.max_connections = *max_connections;
  auto election = read_file(options.dir.election());
  if (!election) return std::move(election).error();
  auto schema = read_file(options.dir.schema());
  if (!schema) return std::move(schema).error();
  auto reference = Reference::load(std::move(election).value(), std::move(schema).value());
  if (!reference) return std::move(reference).error();
  auto key = load_signing_key(options.dir);
  if (!key) return std::move(key).error();
  auto tokens = load_tokens(options.dir);
  if (!tokens) return std::move(tokens).error();

  SqliteStoreOptions store_options;
  store_options.path = options.dir.database();
  store_options.sync = options.sync;
  store_options.read_connections =
      std::max(tuning::kMinReadConnections, options.threads * tuning::kReadConnectionsPerIoThread);
  auto store = open_sqlite_store(store_options);
  if (!store) return std::move(store).error();
  auto server_id = (*store)->get_setting(kServerIdSetting);
  if (!server_id) return std::move(server_id).error();
  if (!*server_id) {
    return make_error(ErrorCode::kCorruption,
                      options.dir.database() + " has no server id: run tallyd init");
  }

  Metrics metrics;
  const auto started = std::chrono::steady_clock::now();
  auto core = Core::open(**store, std::move(reference).value(), std::move(key).value(), **server_id,
                         options.core, metrics, now_ms);
  if (!core) return std::move(core).error();
  const std::chrono::duration<double> recovery = std::chrono::steady_clock::now() - started;

  net::io_context io(static_cast<int>(options.threads));
  // Caught from here on, before the port file tells the world tallyd is up: a signal sent
  // then waits for its handler below instead of taking its default action (SIGHUP's ends
  // the process).
  net::signal_set signals(io, SIGINT, SIGTERM);
  net::signal_set reload(io, SIGHUP);
  std::unique_ptr<net::ssl::context> tls;
  if (!options.plain) {
    // OpenSSL writes TLS sessions' sockets with write(2) (tls_socket.hpp), which raises
    // SIGPIPE when a peer has gone: the write's EPIPE is handled, the signal must not
    // end the process.
    std::signal(SIGPIPE, SIG_IGN);
    tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    if (auto status = load_server_tls(*tls, options.dir.tls_cert(), options.dir.tls_key());
        !status) {
      return status;
    }
  }
  Logins logins(**store, options.logins, now_ms);
  HttpApi api(**core, *tokens, logins,
              HttpApiOptions{options.dir.root, options.devices_url, !options.plain});
  const auto event_streams =
      std::make_shared<ConnectionGate>(limits.max_event_streams, limits.max_event_streams);
  SessionContext context{**core, api, limits, *event_streams};
  auto listener = std::make_shared<Listener>(io, tls.get(), context);
  if (auto status = listener->listen(*endpoint); !status) return status;
  const auto bound = listener->local_endpoint();
  const std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                   : bound.address().to_string();
  const std::string where = host + ":" + std::to_string(bound.port());
  // The port file comes last: tests and scripts wait for it.
  if (auto status = write_file_atomically(options.dir.url_file(),
                                          (options.plain ? "http://" : "https://") + where + "\n");
      !status) {
    return status;
  }
  if (auto status =
          write_file_atomically(options.dir.port_file(), std::to_string(bound.port()) + "\n");
      !status) {
    return status;
  }
  listener->run();
  log_info("serving", {{"listen", where},
                       {"tls", options.plain ? "off" : "on"},
                       {"server_id", **server_id},
                       {"descriptor_limit", std::to_string(*descriptors)},
                       {"max_connections", std::to_string(limits.max_connections)},
                       {"recovery_seconds", std::to_string(recovery.count())}});
  std::cout << "listening on " << where << std::endl;

  // SIGHUP (systemctl reload): re-read the token files, so a rotated token (tallyd token
  // rotate) is accepted and the old one refused without a restart; and reopen the log file
  // that logrotate moved. A token file that cannot be read keeps the tokens in place.
  std::function<void()> wait_for_reload = [&] {
    reload.async_wait([&](const boost::system::error_code& error, int /*signal*/) {
      if (error) return;
      reopen_log_file();
      if (auto reloaded = load_tokens(options.dir); reloaded) {
        log_info("tokens_reloaded");  // before the swap: a caller the new token lets in finds it
        api.replace_tokens(*reloaded);
      } else {
        log_error("tokens_reload_failed",
                  {{"code", code_field(reloaded.error())}, {"message", reloaded.error().message}});
      }
      wait_for_reload();
    });
  };
  wait_for_reload();

  net::steady_timer poll(io);
  std::chrono::steady_clock::time_point give_up;
  // After the signal: stop once every connection has closed, or after a few seconds.
  std::function<void()> wait_for_sessions = [&] {
    if (listener->open_connections() == 0 || std::chrono::steady_clock::now() >= give_up) {
      io.stop();
      return;
    }
    poll.expires_after(tuning::kShutdownPoll);
    poll.async_wait([&](const boost::system::error_code&) { wait_for_sessions(); });
  };
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    log_info("shutting_down", {{"signal", std::to_string(signal)}});
    reload.cancel();
    listener->stop();
    (*core)->shutdown();  // commits what is queued; its acks are posted to the sessions
    (*core)->close_all_sessions();
    give_up = std::chrono::steady_clock::now() + tuning::kShutdownGrace;
    wait_for_sessions();
  });

  std::vector<std::thread> threads;
  for (unsigned i = 1; i < options.threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
  log_info("stopped");
  return {};
}

}  // namespace tally::server

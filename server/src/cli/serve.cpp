// `tallyd init` and `tallyd serve`.
#include <iostream>

#include "api/enrol_uri.hpp"
#include "base/log.hpp"
#include "cli/commands.hpp"
#include "cli/config_file.hpp"
#include "cli/options.hpp"
#include "net/server.hpp"
#include "store/data_dir.hpp"

namespace tally::server {

namespace po = boost::program_options;

int run_init(const Args& args) {
  po::options_description options("init options");
  add_text_option(options, "data", "data directory to create", true);
  add_text_option(options, "definition", "election definition JSON", true);
  add_text_option(options, "schema", "form schema JSON", true);
  po::variables_map values;
  if (auto exit = parse_args("init",
                             "Creates a data directory: TLS certificate, Ed25519 signing key,\n"
                             "operator and auditor tokens (files 0600), the definition, the\n"
                             "schema and an empty database.",
                             options, args, values)) {
    return *exit;
  }
  const DataDir dir{text_option(values, "data")};
  if (auto status =
          init_data_dir(dir, text_option(values, "definition"), text_option(values, "schema"));
      !status) {
    return report("init", status.error(),
                  status.error().code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure);
  }
  std::cout << "initialised " << dir.root << "\n"
            << "  operator token: " << dir.operator_token() << "\n"
            << "  TLS certificate: " << dir.tls_cert() << "\n"
            << "  server public key: " << dir.signing_public_key() << "\n";
  return kExitOk;
}

int run_serve(const Args& args) {
  ServeOptions serve_options;
  std::uint64_t idle_timeout_s = 0;
  std::uint64_t handshake_timeout_s = 0;
  std::uint64_t http_timeout_s = 0;
  // Console logins (docs/security.md); the tests shorten them.
  std::uint64_t session_idle_s = serve_options.logins.idle_ms / 1000;
  std::uint64_t session_lifetime_s = serve_options.logins.lifetime_ms / 1000;
  std::uint64_t login_window_s = serve_options.logins.window_ms / 1000;
  po::options_description options("serve options");
  add_text_option(options, "config",
                  "config file: `key = value` lines, the keys these flags' long names; a flag "
                  "given here wins over the file");
  // Not required() here: it may come from the config file, read after the command line.
  add_text_option(options, "data", "data directory (tallyd init)");
  add_text_option(options, "listen",
                  "HOST:PORT to listen on; port 0 picks a free port (written to DATA/tallyd.port)",
                  false, "127.0.0.1:0");
  LogLevel log_level = LogLevel::kInfo;
  add_text_option(options, "public-url",
                  "the address devices reach tallyd at, as enrolment QR codes name it "
                  "(wss://tally.example.vn:8443); default: the address the operator's page "
                  "used");
  add_text_option(options, "log-file",
                  "append the structured log to this file instead of stderr (SIGHUP reopens it)");
  options.add_options()("log-level", po::value(&log_level)->default_value(log_level, "info"),
                        "least level logged: debug, info, warn or error")(
      "synchronous", po::value(&serve_options.sync)->default_value(SyncMode::kFull, "full"),
      "SQLite synchronous mode: full (an ack survives power loss) or normal")(
      "plain", po::bool_switch(&serve_options.plain),
      "serve ws/http without TLS (only on a loopback address)")(
      "threads", po::value(&serve_options.threads)->default_value(serve_options.threads),
      "I/O threads")(
      "max-batch-ops",
      po::value(&serve_options.core.max_batch_ops)->default_value(serve_options.core.max_batch_ops),
      "ops in one upload batch")("download-page-ops",
                                 po::value(&serve_options.core.download_page_ops)
                                     ->default_value(serve_options.core.download_page_ops),
                                 "ops in one download page")(
      "max-connections-per-device",
      po::value(&serve_options.core.max_connections_per_device)
          ->default_value(serve_options.core.max_connections_per_device),
      "concurrent sessions of one device")(
      "max-ops-per-second-per-device",
      po::value(&serve_options.core.max_ops_per_second_per_device)
          ->default_value(serve_options.core.max_ops_per_second_per_device),
      "ops one device may upload per second (0: no limit); a batch over it is refused with "
      "E1001 (transient)")(
      "rate-burst-ops",
      po::value(&serve_options.core.rate_burst_ops)
          ->default_value(serve_options.core.rate_burst_ops),
      "ops a device may upload at once above its rate (at least --max-batch-ops)")(
      "max-frame-bytes",
      po::value(&serve_options.limits.max_frame_bytes)
          ->default_value(serve_options.limits.max_frame_bytes),
      "largest WebSocket message")("max-queued-frames",
                                   po::value(&serve_options.limits.max_queued_frames)
                                       ->default_value(serve_options.limits.max_queued_frames),
                                   "frames queued for a slow reader before it is dropped")(
      "max-connections",
      po::value(&serve_options.limits.max_connections)
          ->default_value(serve_options.limits.max_connections),
      "open connections in all")(
      "max-connections-per-address",
      po::value(&serve_options.limits.max_connections_per_address)
          ->default_value(serve_options.limits.max_connections_per_address),
      "open connections from one address")(
      "max-event-streams",
      po::value(&serve_options.limits.max_event_streams)
          ->default_value(serve_options.limits.max_event_streams),
      "open console event streams (GET /api/v1/events)")(
      "max-http-body-bytes",
      po::value(&serve_options.limits.max_http_body_bytes)
          ->default_value(serve_options.limits.max_http_body_bytes),
      "largest HTTP request body")("max-http-header-bytes",
                                   po::value(&serve_options.limits.max_http_header_bytes)
                                       ->default_value(serve_options.limits.max_http_header_bytes),
                                   "largest HTTP request header")(
      "http-timeout-seconds",
      po::value(&http_timeout_s)
          ->default_value(static_cast<std::uint64_t>(serve_options.limits.http_timeout.count())),
      "time to read one HTTP request and write its response")(
      "idle-timeout-seconds",
      po::value(&idle_timeout_s)
          ->default_value(static_cast<std::uint64_t>(serve_options.limits.idle_timeout.count())),
      "close a WebSocket silent for this long (pings keep live peers open)")(
      "handshake-timeout-seconds",
      po::value(&handshake_timeout_s)
          ->default_value(
              static_cast<std::uint64_t>(serve_options.limits.handshake_timeout.count())),
      "time for the TLS and HTTP handshakes, and for Hello or Enrol after the Challenge");
  options.add_options()("session-idle-seconds",
                        po::value(&session_idle_s)->default_value(session_idle_s),
                        "end a console session after this long without a request")(
      "session-lifetime-seconds", po::value(&session_lifetime_s)->default_value(session_lifetime_s),
      "end a console session this long after its login, used or not")(
      "login-failures",
      po::value(&serve_options.logins.max_failures)
          ->default_value(serve_options.logins.max_failures),
      "failed logins per address and per name within the login window before 429")(
      "login-window-seconds", po::value(&login_window_s)->default_value(login_window_s),
      "the sliding window of --login-failures");
  po::variables_map values;
  if (auto exit = parse_args("serve",
                             "Serves devices (wss://HOST:PORT/sync) and the HTTP API on one port\n"
                             "until SIGTERM or SIGINT.",
                             options, args, values)) {
    return *exit;
  }
  if (const auto config = text_option(values, "config"); !config.empty()) {
    if (auto status = store_config_file(config, options, values); !status) {
      return report("serve", status.error(), kExitUsage);
    }
    po::notify(values);  // sets the bound variables from the file's values too
  }
  if (text_option(values, "data").empty()) {
    return report("serve",
                  make_error(ErrorCode::kInvalidArgument,
                             "--data is required (a flag, or the key data in the config file)"),
                  kExitUsage);
  }
  serve_options.dir.root = text_option(values, "data");
  serve_options.listen = text_option(values, "listen");
  if (const auto public_url = text_option(values, "public-url"); !public_url.empty()) {
    auto devices_url = devices_url_of_public_url(public_url);
    if (!devices_url) return report("serve", devices_url.error(), kExitUsage);
    serve_options.devices_url = std::move(devices_url).value();
  }
  serve_options.max_connections_given = !values["max-connections"].defaulted();
  serve_options.limits.idle_timeout = std::chrono::seconds(idle_timeout_s);
  serve_options.limits.handshake_timeout = std::chrono::seconds(handshake_timeout_s);
  serve_options.limits.http_timeout = std::chrono::seconds(http_timeout_s);
  if (serve_options.core.max_ops_per_second_per_device < 0 ||
      (serve_options.core.max_ops_per_second_per_device > 0 &&
       serve_options.core.rate_burst_ops < serve_options.core.max_batch_ops)) {
    return report("serve",
                  make_error(ErrorCode::kInvalidArgument,
                             "--max-ops-per-second-per-device must be >= 0, and --rate-burst-ops "
                             "at least --max-batch-ops (a full batch must fit)"),
                  kExitUsage);
  }
  if (session_idle_s == 0 || session_lifetime_s == 0 || login_window_s == 0 ||
      serve_options.logins.max_failures == 0) {
    return report("serve",
                  make_error(ErrorCode::kInvalidArgument,
                             "--session-idle-seconds, --session-lifetime-seconds, "
                             "--login-failures and --login-window-seconds must be at least 1"),
                  kExitUsage);
  }
  serve_options.logins.idle_ms = session_idle_s * 1000;
  serve_options.logins.lifetime_ms = session_lifetime_s * 1000;
  serve_options.logins.window_ms = login_window_s * 1000;
  if (serve_options.threads == 0) serve_options.threads = 1;
  if (auto status = configure_log(log_level, text_option(values, "log-file")); !status) {
    return report("serve", status.error());
  }
  if (auto status = serve(serve_options); !status) {
    const bool usage = status.error().code == ErrorCode::kInvalidArgument ||
                       status.error().code == ErrorCode::kForbidden;
    return report("serve", status.error(), usage ? kExitUsage : kExitFailure);
  }
  return kExitOk;
}

}  // namespace tally::server

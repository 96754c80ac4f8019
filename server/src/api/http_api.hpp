// tallyd's HTTP endpoints: health, readiness, Prometheus metrics, the JSON API for
// operators and auditors (docs/operations.md) and the console's pages (docs/console.md).
// Transport-independent: the HTTP session hands it a parsed request and writes the response
// it gets back. The routes are one table (http_routes.cpp); the handlers are here
// (http_api.cpp) and, for the console, in console_handlers.cpp.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/document_cache.hpp"
#include "api/path_pattern.hpp"
#include "api/response_format.hpp"
#include "auth/logins.hpp"
#include "base/job_queue.hpp"
#include "base/tuning.hpp"
#include "tally/engine/record.hpp"
#include "tally/engine/sha256.hpp"

namespace tally::server {

class Core;
class ElectionState;

// Who may call the API: holders of the operator token (everything), of the supervisor
// token (reads and adjudications) or of the auditor token (reads only). Only SHA-256
// digests of the tokens are kept; a data directory without a supervisor token (made
// before it existed) has no supervisor access.
struct ApiTokens {
  engine::Sha256Digest operator_token{};
  engine::Sha256Digest auditor_token{};
  std::optional<engine::Sha256Digest> supervisor_token;
};

// What HttpApi takes from tallyd serve's options besides the core and the tokens.
struct HttpApiOptions {
  std::string data_dir;  // the data directory: the audit export reads its store and files
  // The URL devices sync with (tallyd serve --public-url, made by devices_url_of_public_url),
  // named by enrolment codes' QR images; empty: the request's Host header gives it.
  std::string devices_url;
  bool tls = true;  // whether tallyd serves TLS: a Host-derived devices' URL is wss, else ws
};

class HttpApi {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  HttpApi(Core& core, ApiTokens tokens, Logins& logins, HttpApiOptions options = {});

  // Answers `request` from `client_address` (the peer's IP, for the login rate limit): 404
  // for a path no route has, 401 without a token or session where one is needed, 405
  // (with Allow) for a method the path does not take, 403 for a caller without the
  // route's right or a session's write without its CSRF token, else the route's handler.
  // `done` may run later (on another thread) for writes that wait for a commit.
  void handle(const Request& request, const std::string& client_address,
              std::function<void(Response)> done);

  // One route as the tests see the table: its method, pattern and the least role that may
  // call it ("none" for a public route, "auditor", "supervisor", "operator").
  struct RouteAccess {
    boost::beast::http::verb method;
    std::string_view pattern;
    std::string_view least_role;
  };
  static std::vector<RouteAccess> route_accesses();

  // Puts rotated tokens in place (tallyd re-reads the token files on SIGHUP): from the next
  // request on, the new tokens are accepted and the old ones refused.
  void replace_tokens(const ApiTokens& tokens);

 private:
  // Ordered: each holder may do what the ones before it may.
  enum class Access : unsigned char { kNone, kAuditor, kSupervisor, kOperator };

  // Who is calling: a token's or a session's access, and for a session the person.
  struct Caller {
    Access access = Access::kNone;
    std::optional<std::string> person;     // the account name; nullopt for a token
    std::optional<SessionInfo> session;    // set when the caller came by session cookie
    std::optional<Error> session_refused;  // a cookie that names no live session
  };

  // One request on its way to its handler.
  struct Call {
    const Request& request;
    const std::string& client_address;
    Access access;                      // the caller's (kNone on a route that needs none)
    std::optional<std::string> person;  // the logged-in person (nullopt for a token)
    PathParams params;                  // what the route's {name} segments matched
    std::function<void(Response)> done;
  };
  using Handler = void (HttpApi::*)(Call& call);

  // One entry of the route table.
  struct Route {
    boost::beast::http::verb method;
    std::string_view pattern;    // "/api/v1/devices/{device}/revoke"
    Access access;               // the least access that may call it
    std::string_view forbidden;  // the 403's message for a token with less
    Handler handler;
  };
  static std::span<const Route> routes();

  [[nodiscard]] Access access_of(const Request& request) const;
  // The caller by Bearer token, else by session cookie (session_handlers.cpp).
  [[nodiscard]] Caller caller_of(const Request& request);
  // Whether a session caller's write carries its CSRF token (GET and HEAD need none).
  [[nodiscard]] static bool csrf_passes(const Request& request, const Caller& caller);
  // The format the call asks for among `formats`, or nullopt once it was refused (400).
  static std::optional<ResponseFormat> offers(Call& call,
                                              std::initializer_list<ResponseFormat> formats);
  // Answers a JSON document of the published state (progress, conflicts, records).
  void state_json(Call& call, boost::json::value (ElectionState::*document)() const);
  // Answers a document of the published state already written in `format` (tally, CSV).
  void state_document(Call& call, ResponseFormat format,
                      std::string (ElectionState::*document)() const);

  // The console's page and its assets (console_handlers.cpp).
  void console_page(Call& call);
  void console_asset(Call& call);
  void election_definition(Call& call);
  // Console logins and accounts (session_handlers.cpp).
  void open_session(Call& call);
  void show_session(Call& call);
  void close_session(Call& call);
  void users(Call& call);
  void create_user(Call& call);
  void health(Call& call);
  void readiness(Call& call);
  void metrics(Call& call);
  void devices(Call& call);
  void progress(Call& call);
  void records(Call& call);
  void tally(Call& call);
  void create_enrolment_code(Call& call);
  void revoke_device(Call& call);
  void adjudicate(Call& call);
  // The second round (round_handlers.cpp): where it stands, and opening it.
  void rounds(Call& call);
  void open_round(Call& call);

  // --- The overview and the public documents (live_handlers.cpp), each rendered once per
  // published state and answered with a strong ETag (304 for If-None-Match).
  void overview(Call& call);
  void public_results(Call& call);
  void public_stations(Call& call);
  void public_station(Call& call);
  // A shared document's rendering in two steps: `DocumentCapture` copies what the document
  // shows out of the published state, under the state's lock, and returns the
  // `DocumentWriter` that writes the document from that copy once the lock is released.
  // The writing (a province's JSON takes milliseconds) so never holds up a commit, which
  // needs the lock exclusively.
  using DocumentWriter = std::function<std::string()>;
  using DocumentCapture = std::function<DocumentWriter(const ElectionState&)>;
  // Answers the shared document `key` of the published state, rendered by `capture` only
  // when the cache holds an older one (and, kBounded, its next rendering is due:
  // document_cache.hpp). `version_suffix` names what else than the published state the
  // document shows.
  void shared_document(Call& call, const std::string& key, const std::string& version_suffix,
                       DocumentCache::Freshness freshness, const char* content_type,
                       const DocumentCapture& capture);
  // The tally-result/1 document (or its CSV or table) in the format the call asks for:
  // exact for the API's /api/v1/tally, bounded (under its own keys) for the public page.
  void tally_document(Call& call, DocumentCache::Freshness freshness);
  DocumentCache documents_;
  // Forms for supervisors and auditors (form_handlers.cpp): the conflicts queue, a form's
  // history and a station's records.
  void conflicts(Call& call);
  void form_history(Call& call);
  void station(Call& call);
  // The log, its signed head and tallyd's check of it; the export's download, made on a
  // thread of its own, one at a time (audit_handlers.cpp).
  void audit(Call& call);
  void audit_export(Call& call);
  // The public transparency log (log_handlers.cpp): the latest signed tree head, the key
  // that signs it, inclusion and consistency proofs and entries by range.
  void log_tree_head(Call& call);
  void log_key(Call& call);
  void log_inclusion(Call& call);
  void log_consistency(Call& call);
  void log_entries(Call& call);
  // The form the route's {form} names (percent-decoded), or nullopt once answered 404.
  std::optional<engine::FormId> form_param(Call& call);

  Core& core_;
  Logins& logins_;
  const HttpApiOptions options_;
  // Declared after what their jobs use: they end first. None waits behind a running
  // export; logins wait for their password check (job_queue.hpp).
  JobQueue export_job_{0};
  JobQueue login_checks_{tuning::kMaxWaitingLogins};
  mutable std::mutex tokens_mutex_;  // handle() runs on every I/O thread
  ApiTokens tokens_;
};

}  // namespace tally::server

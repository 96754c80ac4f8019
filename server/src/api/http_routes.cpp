// The route table of tallyd's HTTP API and its dispatch: which method and path reach which
// handler, and the access each needs (docs/operations.md lists the same table).
#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "core/core.hpp"

namespace tally::server {

namespace http = boost::beast::http;

std::span<const HttpApi::Route> HttpApi::routes() {
  using enum http::verb;
  static constexpr std::string_view kEnrol = "only the operator may enrol and revoke devices";
  static constexpr std::string_view kAccounts = "only the operator may list and add accounts";
  static constexpr Route kRoutes[] = {
      {get, "/", Access::kNone, {}, &HttpApi::console_page},
      {get, "/console/{asset}", Access::kNone, {}, &HttpApi::console_asset},
      {get, "/api/v1/public/election", Access::kNone, {}, &HttpApi::election_definition},
      {get, "/healthz", Access::kNone, {}, &HttpApi::health},
      {get, "/readyz", Access::kNone, {}, &HttpApi::readiness},
      {get, "/metrics", Access::kNone, {}, &HttpApi::metrics},
      {get, "/api/v1/devices", Access::kAuditor, {}, &HttpApi::devices},
      {get, "/api/v1/progress", Access::kAuditor, {}, &HttpApi::progress},
      {get, "/api/v1/conflicts", Access::kAuditor, {}, &HttpApi::conflicts},
      {get, "/api/v1/tally", Access::kAuditor, {}, &HttpApi::tally},
      {get, "/api/v1/records", Access::kAuditor, {}, &HttpApi::records},
      {post, "/api/v1/enrolment-codes", Access::kOperator, kEnrol, &HttpApi::create_enrolment_code},
      {post, "/api/v1/devices/{device}/revoke", Access::kOperator, kEnrol, &HttpApi::revoke_device},
      {post, "/api/v1/adjudications", Access::kSupervisor,
       "only the operator or a supervisor may adjudicate", &HttpApi::adjudicate},
      {get, "/api/v1/rounds", Access::kAuditor, {}, &HttpApi::rounds},
      {post, "/api/v1/rounds", Access::kOperator, "only the operator may open the second round",
       &HttpApi::open_round},
      // The console's overview and the public pages' documents (live_handlers.cpp).
      {get, "/api/v1/overview", Access::kAuditor, {}, &HttpApi::overview},
      {get, "/api/v1/public/results", Access::kNone, {}, &HttpApi::public_results},
      {get, "/api/v1/public/stations", Access::kNone, {}, &HttpApi::public_stations},
      {get, "/api/v1/public/stations/{station}", Access::kNone, {}, &HttpApi::public_station},
      // The transparency log: signed tree heads and proofs for anyone (log_handlers.cpp).
      {get, "/api/v1/public/log/tree-head", Access::kNone, {}, &HttpApi::log_tree_head},
      {get, "/api/v1/public/log/key", Access::kNone, {}, &HttpApi::log_key},
      {get, "/api/v1/public/log/inclusion", Access::kNone, {}, &HttpApi::log_inclusion},
      {get, "/api/v1/public/log/consistency", Access::kNone, {}, &HttpApi::log_consistency},
      {get, "/api/v1/public/log/entries", Access::kNone, {}, &HttpApi::log_entries},
      // Forms, stations and the audit for the console (form_handlers.cpp, audit_handlers.cpp).
      {get, "/api/v1/forms/{form}/history", Access::kAuditor, {}, &HttpApi::form_history},
      {get, "/api/v1/stations/{station}", Access::kAuditor, {}, &HttpApi::station},
      {get, "/api/v1/audit", Access::kAuditor, {}, &HttpApi::audit},
      {get, "/api/v1/audit/export", Access::kAuditor, {}, &HttpApi::audit_export},
      // Console logins: the session routes need no access (they make or read one).
      {post, "/api/v1/session", Access::kNone, {}, &HttpApi::open_session},
      {get, "/api/v1/session", Access::kNone, {}, &HttpApi::show_session},
      {delete_, "/api/v1/session", Access::kNone, {}, &HttpApi::close_session},
      {get, "/api/v1/users", Access::kOperator, kAccounts, &HttpApi::users},
      {post, "/api/v1/users", Access::kOperator, kAccounts, &HttpApi::create_user},
  };
  return kRoutes;
}

std::vector<HttpApi::RouteAccess> HttpApi::route_accesses() {
  std::vector<RouteAccess> table;
  for (const Route& route : routes()) {
    table.push_back({route.method, route.pattern,
                     route.access == Access::kNone         ? "none"
                     : route.access == Access::kAuditor    ? "auditor"
                     : route.access == Access::kSupervisor ? "supervisor"
                                                           : "operator"});
  }
  return table;
}

void HttpApi::handle(const Request& request, const std::string& client_address,
                     std::function<void(Response)> done) {
  const std::string_view path = request.target().substr(0, request.target().find('?'));
  const Route* chosen = nullptr;
  PathParams params;
  std::string allowed;  // the methods the path takes, for a 405's Allow
  Access needed = Access::kNone;
  for (const Route& route : routes()) {
    auto matched = match_path(route.pattern, path);
    if (!matched) continue;
    if (route.method == request.method()) {
      chosen = &route;
      params = std::move(*matched);
    }
    allowed += (allowed.empty() ? "" : ", ") + std::string(http::to_string(route.method));
    if (route.access != Access::kNone) needed = Access::kAuditor;
  }
  if (allowed.empty()) {
    return done(error_response(request, http::status::not_found, ErrorCode::kNotFound,
                               "no such endpoint: " + quoted_target(path)));
  }
  // A path that needs a token says so before it says which methods it takes.
  if (chosen != nullptr) needed = chosen->access;
  const Caller caller = needed == Access::kNone ? Caller{} : caller_of(request);
  const Access access = caller.access;
  if (needed != Access::kNone && access == Access::kNone) {
    const Error refusal = caller.session_refused.value_or(
        make_error(ErrorCode::kNotAuthenticated,
                   "the API needs 'Authorization: Bearer <operator or auditor token>' or a "
                   "console session (POST /api/v1/session)"));
    core_.metrics().record_error(refusal.code);
    auto response =
        error_response(request, http::status::unauthorized, refusal.code, refusal.message);
    response.set(http::field::www_authenticate, "Bearer");
    return done(std::move(response));
  }
  if (chosen == nullptr) {
    auto response = error_response(request, http::status::method_not_allowed,
                                   ErrorCode::kInvalidArgument, "use " + allowed);
    response.set(http::field::allow, allowed);
    return done(std::move(response));
  }
  if (access < chosen->access) {
    core_.metrics().record_error(ErrorCode::kForbidden);
    return done(error_response(request, http::status::forbidden, ErrorCode::kForbidden,
                               std::string(chosen->forbidden)));
  }
  if (!csrf_passes(request, caller)) {
    core_.metrics().record_error(ErrorCode::kCsrfTokenInvalid);
    return done(error_response(request, http::status::forbidden, ErrorCode::kCsrfTokenInvalid,
                               "a console session's write needs its X-CSRF-Token header"));
  }
  Call call{request, client_address, access, caller.person, std::move(params), std::move(done)};
  (this->*chosen->handler)(call);
}

}  // namespace tally::server

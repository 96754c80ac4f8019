// The console's logins in HttpApi (http_routes.cpp): who a request's caller is (a Bearer
// token, else the session cookie), the CSRF check of a session's writes, the session
// routes (POST, GET, DELETE /api/v1/session) and the operator's account routes
// (/api/v1/users). docs/security.md, "Console logins".
#include <openssl/crypto.h>

#include <boost/json.hpp>

#include "api/http_api.hpp"
#include "api/http_response.hpp"
#include "api/session_cookie.hpp"
#include "auth/accounts.hpp"
#include "base/log.hpp"
#include "base/rfc3339.hpp"
#include "core/core.hpp"
#include "tally/engine/names.hpp"

namespace tally::server {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

json::object session_json(const SessionInfo& session) {
  return json::object{{"name", session.name},
                      {"role", engine::to_string(session.role)},
                      {"csrf_token", session.csrf_token},
                      {"expires_at", rfc3339_utc(session.expires_ms)}};
}

json::object account_json(const AccountRow& account) {
  return json::object{{"name", account.name},
                      {"role", engine::to_string(account.role)},
                      {"created_at", rfc3339_utc(account.created_ms)},
                      {"disabled", account.disabled}};
}

// The string members `names` of a JSON object body, or why not.
Result<std::vector<std::string>> string_members(const HttpRequest& request,
                                                std::initializer_list<const char*> names) {
  json::error_code parse_error;
  const json::value body = json::parse(request.body(), parse_error);
  if (parse_error || !body.is_object()) {
    return make_error(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  std::vector<std::string> values;
  for (const char* name : names) {
    const auto* value = body.get_object().if_contains(name);
    if (value == nullptr || !value->is_string()) {
      return make_error(ErrorCode::kInvalidArgument,
                        std::string("\"") + name + "\" must be a string");
    }
    values.emplace_back(value->get_string());
  }
  return values;
}

HttpResponse error_of(const HttpRequest& request, const Error& error) {
  return error_response(request, status_of(error), error.code, error.message);
}

}  // namespace

HttpApi::Caller HttpApi::caller_of(const Request& request) {
  if (!request[http::field::authorization].empty()) {
    return Caller{access_of(request), std::nullopt, std::nullopt, std::nullopt};
  }
  const auto id = cookie_value(request[http::field::cookie], kSessionCookie);
  if (!id) return Caller{};
  auto session = logins_.session(*id);
  if (!session) return Caller{Access::kNone, std::nullopt, std::nullopt, session.error()};
  const Access access = session->role == engine::Role::kOperator     ? Access::kOperator
                        : session->role == engine::Role::kSupervisor ? Access::kSupervisor
                                                                     : Access::kAuditor;
  return Caller{access, session->name, *session, std::nullopt};
}

bool HttpApi::csrf_passes(const Request& request, const Caller& caller) {
  if (!caller.session || request.method() == http::verb::get ||
      request.method() == http::verb::head) {
    return true;
  }
  const auto sent = request["X-CSRF-Token"];
  const std::string& expected = caller.session->csrf_token;
  return sent.size() == expected.size() &&
         CRYPTO_memcmp(sent.data(), expected.data(), expected.size()) == 0;
}

void HttpApi::open_session(Call& call) {
  auto members = string_members(call.request, {"name", "password"});
  if (!members) return call.done(error_of(call.request, members.error()));
  // The password check (scrypt) runs on the login queue's thread, never on an I/O thread;
  // the answer goes back through `done`, which may be called from any thread.
  Request shape;
  shape.version(call.request.version());
  shape.keep_alive(call.request.keep_alive());
  auto check = [this, shape, address = call.client_address, name = (*members)[0],
                password = (*members)[1], done = call.done]() {
    auto outcome = logins_.log_in(address, name, password);
    if (!outcome.session) {
      const Error& error = outcome.session.error();
      core_.metrics().record_error(error.code);
      log_warn("login_refused", {{"name", name},
                                 {"address", address},
                                 {"code", std::to_string(static_cast<int>(error.code))}});
      auto response = error_of(shape, error);
      if (error.code == ErrorCode::kRateLimited) {
        response.set(http::field::retry_after, std::to_string(outcome.retry_after_seconds));
      }
      return done(std::move(response));
    }
    const NewSession& session = *outcome.session;
    log_info("login", {{"name", session.info.name},
                       {"role", engine::to_string(session.info.role)},
                       {"address", address}});
    auto response = json_response(shape, http::status::ok, session_json(session.info));
    response.set(http::field::set_cookie,
                 session_set_cookie(session.id, logins_.session_lifetime_ms() / 1000));
    response.set(http::field::cache_control, "no-store");
    done(std::move(response));
  };
  if (!login_checks_.try_submit(std::move(check))) {
    core_.metrics().record_error(ErrorCode::kBusy);
    auto response = error_response(call.request, http::status::service_unavailable,
                                   ErrorCode::kBusy, "too many logins at once: try again shortly");
    response.set(http::field::retry_after, std::to_string(tuning::kLoginRetryAfterSeconds));
    call.done(std::move(response));
  }
}

void HttpApi::show_session(Call& call) {
  const Caller caller = caller_of(call.request);
  if (!caller.session) {
    const Error refusal = caller.session_refused.value_or(
        make_error(ErrorCode::kNotAuthenticated, "not logged in (POST /api/v1/session)"));
    return call.done(error_of(call.request, refusal));
  }
  auto response = json_response(call.request, http::status::ok, session_json(*caller.session));
  response.set(http::field::cache_control, "no-store");
  call.done(std::move(response));
}

void HttpApi::close_session(Call& call) {
  const Caller caller = caller_of(call.request);
  if (caller.session) {
    if (!csrf_passes(call.request, caller)) {
      return call.done(error_response(call.request, http::status::forbidden,
                                      ErrorCode::kCsrfTokenInvalid,
                                      "logging out needs the session's X-CSRF-Token header"));
    }
    logins_.log_out(*cookie_value(call.request[http::field::cookie], kSessionCookie));
    log_info("logout", {{"name", caller.session->name}});
  }
  // Logging out of a session that has already ended still clears the cookie.
  auto response = make_response(call.request, http::status::no_content, "", "text/plain");
  response.set(http::field::set_cookie, session_clear_cookie());
  call.done(std::move(response));
}

void HttpApi::users(Call& call) {
  auto accounts = logins_.accounts();
  if (!accounts) return call.done(error_of(call.request, accounts.error()));
  json::array users;
  for (const auto& account : *accounts) users.push_back(account_json(account));
  call.done(
      json_response(call.request, http::status::ok, json::object{{"users", std::move(users)}}));
}

void HttpApi::create_user(Call& call) {
  auto members = string_members(call.request, {"name", "role", "password"});
  if (!members) return call.done(error_of(call.request, members.error()));
  auto account = new_account((*members)[0], (*members)[1], (*members)[2], logins_.now_ms());
  if (!account) return call.done(error_of(call.request, account.error()));
  if (auto status = logins_.add_account(*account); !status) {
    return call.done(error_of(call.request, status.error()));
  }
  log_info("account_added", {{"name", account->name},
                             {"role", engine::to_string(account->role)},
                             {"by", call.person.value_or("operator token")}});
  call.done(json_response(call.request, http::status::created, account_json(*account)));
}

}  // namespace tally::server

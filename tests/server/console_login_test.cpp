// The console's logins with the real tallyd over TLS: accounts made with `tallyd user`,
// sessions in cookies with their attributes, the CSRF token, logout, expiry, the login
// rate limit, and every role's access on every route of the route table.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <map>

#include "api/http_api.hpp"
#include "tally/http/https_client.hpp"
#include "tallyd_process.hpp"
#include "test_device.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr const char* kPassword = "correct horse battery";

// A logged-in browser: its cookie and CSRF token.
struct Browser {
  std::string cookie;  // "tally_session=..."
  std::string csrf;
};

class ConsoleLoginTest : public ::testing::Test {
 protected:
  // Starts tallyd over TLS with `extra` flags and adds an account per role.
  void start(const std::vector<std::string>& extra = {}) {
    ASSERT_TRUE(server_.initialised());
    ASSERT_TRUE(server_.start(true, extra)) << read_file(server_.file("serve.log"));
    for (const std::string role : {"operator", "supervisor", "auditor"}) {
      std::string errors;
      ASSERT_EQ(add_user("person." + role, role, kPassword, &errors), 0) << errors;
    }
  }

  int add_user(const std::string& name, const std::string& role, const std::string& password,
               std::string* errors = nullptr) const {
    const std::string file = server_.file("password-" + name);
    std::ofstream(file) << password << "\n";
    return run_tallyd({"user", "add", name, "--role", role, "--data", server_.data_dir(),
                       "--password-file", file},
                      nullptr, errors);
  }

  [[nodiscard]] tally::http::ApiTarget target(const Browser& browser = {}) const {
    tally::http::ApiTarget api{server_.url(), "", server_.ca_file()};
    if (!browser.cookie.empty()) api.headers.emplace_back("Cookie", browser.cookie);
    if (!browser.csrf.empty()) api.headers.emplace_back("X-CSRF-Token", browser.csrf);
    return api;
  }

  tally::http::ApiResponse call(http::verb method, const std::string& path,
                                const std::string& body = {}, const Browser& browser = {}) const {
    auto response = tally::http::api_call(target(browser), method, path, body);
    EXPECT_TRUE(response.ok()) << response.error().to_string();
    return response.ok() ? *response : tally::http::ApiResponse{};
  }

  tally::http::ApiResponse log_in_response(const std::string& name,
                                           const std::string& password) const {
    return call(http::verb::post, "/api/v1/session",
                json::serialize(json::object{{"name", name}, {"password", password}}));
  }

  // Logs `name` in; empty cookie on failure (the test has failed then).
  Browser log_in(const std::string& name) const {
    const auto response = log_in_response(name, kPassword);
    EXPECT_EQ(response.status, 200u) << response.body;
    if (response.status != 200u) return {};
    const std::string set_cookie = response.header("Set-Cookie");
    return {set_cookie.substr(0, set_cookie.find(';')),
            std::string(json::parse(response.body).at("csrf_token").as_string())};
  }

  TallydProcess server_;
};

std::int64_t error_code(const tally::http::ApiResponse& response) {
  json::error_code error;
  const auto body = json::parse(response.body, error);
  if (error || !body.is_object() || !body.as_object().contains("error")) return -1;
  return body.at("error").at("code").as_int64();
}

TEST_F(ConsoleLoginTest, TallydUserAddsListsAndDisablesAccountsWithoutShowingHashes) {
  start();
  std::string output;
  std::string errors;
  ASSERT_EQ(run_tallyd({"user", "list", "--data", server_.data_dir(), "--json"}, &output), 0);
  const auto users = json::parse(output).at("users").as_array();
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].at("name"), "person.auditor");
  EXPECT_EQ(users[0].at("role"), "auditor");
  EXPECT_EQ(users[0].as_object().size(), 4u) << output;  // name, role, created_at, disabled
  EXPECT_EQ(output.find("salt"), std::string::npos);

  EXPECT_NE(add_user("person.auditor", "auditor", kPassword, &errors), 0);
  EXPECT_NE(errors.find("tallyd user add: E710"), std::string::npos) << errors;
  EXPECT_EQ(add_user("someone", "officer", kPassword, &errors), 2);
  EXPECT_NE(errors.find("E1101"), std::string::npos) << errors;
  EXPECT_EQ(add_user("Has Spaces", "auditor", kPassword, &errors), 2);
  EXPECT_EQ(add_user("short.pw", "auditor", "short", &errors), 2);

  // The running server sees an account added while it serves at the next login.
  ASSERT_EQ(add_user("nguyen.van.a", "supervisor", kPassword, &errors), 0) << errors;
  EXPECT_EQ(log_in_response("nguyen.van.a", kPassword).status, 200u);
  ASSERT_EQ(run_tallyd({"user", "disable", "nguyen.van.a", "--data", server_.data_dir()}), 0);
  const auto refused = log_in_response("nguyen.van.a", kPassword);
  EXPECT_EQ(refused.status, 401u);
  EXPECT_EQ(error_code(refused), 706);
  EXPECT_EQ(
      run_tallyd({"user", "disable", "nobody", "--data", server_.data_dir()}, nullptr, &errors), 1);
  EXPECT_NE(errors.find("E803"), std::string::npos) << errors;
}

TEST_F(ConsoleLoginTest, LoginSetsAStrictCookieAndGetShowsTheSameSession) {
  start();
  const auto response = log_in_response("person.supervisor", kPassword);
  ASSERT_EQ(response.status, 200u) << response.body;
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("name"), "person.supervisor");
  EXPECT_EQ(body.at("role"), "supervisor");
  EXPECT_EQ(body.at("csrf_token").as_string().size(), 64u);
  EXPECT_EQ(body.at("expires_at").as_string().size(), 24u) << response.body;  // RFC 3339 with ms, Z
  const std::string cookie = response.header("Set-Cookie");
  EXPECT_EQ(cookie.rfind("tally_session=", 0), 0u) << cookie;
  EXPECT_EQ(cookie.find(';'), std::string("tally_session=").size() + 64) << cookie;
  for (const char* attribute :
       {"; HttpOnly", "; Secure", "; SameSite=Strict", "; Path=/", "; Max-Age=43200"}) {
    EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute << " in " << cookie;
  }
  const Browser browser{cookie.substr(0, cookie.find(';')), ""};
  const auto shown = call(http::verb::get, "/api/v1/session", {}, browser);
  ASSERT_EQ(shown.status, 200u);
  EXPECT_EQ(json::parse(shown.body).at("csrf_token"), body.at("csrf_token"));
  const auto anonymous = call(http::verb::get, "/api/v1/session");
  EXPECT_EQ(anonymous.status, 401u);
  EXPECT_EQ(error_code(anonymous), 700);
  // A made-up cookie is a session that does not exist.
  const auto made_up = call(http::verb::get, "/api/v1/progress", {},
                            Browser{"tally_session=" + std::string(64, 'a'), ""});
  EXPECT_EQ(made_up.status, 401u);
  EXPECT_EQ(error_code(made_up), 707);
}

TEST_F(ConsoleLoginTest, UnknownNameAndWrongPasswordGetTheSameAnswer) {
  start();
  const auto unknown = log_in_response("no.such.person", kPassword);
  const auto wrong = log_in_response("person.operator", "not the password");
  EXPECT_EQ(unknown.status, 401u);
  EXPECT_EQ(wrong.status, unknown.status);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(error_code(wrong), 706);
  EXPECT_TRUE(wrong.header("Set-Cookie").empty());
  const auto malformed = call(http::verb::post, "/api/v1/session", R"({"name":"x"})");
  EXPECT_EQ(malformed.status, 400u);
  EXPECT_EQ(error_code(malformed), 1101);
}

TEST_F(ConsoleLoginTest, FailedLoginsAreLimitedThenLetInOnceTheWindowPasses) {
  // The window is long enough for three logins (one scrypt each) on a loaded machine under
  // a sanitizer, like a hang deadline; letting in afterwards waits on the window's end.
  start({"--login-failures", "3", "--login-window-seconds", "10"});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(log_in_response("person.operator", "wrong password").status, 401u);
  }
  // Past the limit even the right password is refused, for this name and this address.
  const auto limited = log_in_response("person.operator", kPassword);
  EXPECT_EQ(limited.status, 429u) << limited.body;
  EXPECT_EQ(error_code(limited), 1001);
  const std::string retry_after = limited.header("Retry-After");
  EXPECT_TRUE(retry_after.size() == 1 || retry_after == "10") << retry_after;
  EXPECT_NE(retry_after, "0");
  EXPECT_EQ(log_in_response("person.auditor", kPassword).status, 429u);
  // Refused attempts do not count, so asking again lets in once the window has passed;
  // the deadline only catches a hang.
  const auto deadline = std::chrono::steady_clock::now() + kHangDeadline;
  unsigned status = 0;
  while ((status = log_in_response("person.operator", kPassword).status) == 429u) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
  }
  EXPECT_EQ(status, 200u);
}

TEST_F(ConsoleLoginTest, ASessionsWritesNeedItsCsrfTokenAndTokensNeedNone) {
  start();
  const Browser browser = log_in("person.supervisor");
  const std::string adjudication = R"({"form":"TN-0001/NA-01","accept":true})";
  for (const std::string& csrf : {std::string{}, std::string(64, '0'), std::string("short")}) {
    const auto refused =
        call(http::verb::post, "/api/v1/adjudications", adjudication, {browser.cookie, csrf});
    EXPECT_EQ(refused.status, 403u) << csrf;
    EXPECT_EQ(error_code(refused), 708) << refused.body;
  }
  const auto with_token = call(http::verb::post, "/api/v1/adjudications", adjudication, browser);
  EXPECT_NE(with_token.status, 403u) << with_token.body;
  EXPECT_NE(with_token.status, 401u) << with_token.body;
  // A read needs no CSRF token; nor does a Bearer token's write.
  EXPECT_EQ(call(http::verb::get, "/api/v1/progress", {}, {browser.cookie, ""}).status, 200u);
  auto bearer = target();
  bearer.token = read_file(server_.file("operator.token"));
  while (!bearer.token.empty() && bearer.token.back() == '\n') bearer.token.pop_back();
  auto code = tally::http::api_call(bearer, http::verb::post, "/api/v1/enrolment-codes",
                                    R"({"role":"auditor"})");
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->status, 201u) << code->body;
  // Logging out needs it too.
  const auto logout = call(http::verb::delete_, "/api/v1/session", {}, {browser.cookie, ""});
  EXPECT_EQ(logout.status, 403u);
  EXPECT_EQ(error_code(logout), 708);
}

TEST_F(ConsoleLoginTest, LogoutEndsTheSessionAndClearsTheCookie) {
  start();
  const Browser browser = log_in("person.operator");
  const auto logout = call(http::verb::delete_, "/api/v1/session", {}, browser);
  EXPECT_EQ(logout.status, 204u);
  EXPECT_NE(logout.header("Set-Cookie").find("tally_session=; HttpOnly"), std::string::npos);
  EXPECT_NE(logout.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  const auto after = call(http::verb::get, "/api/v1/session", {}, browser);
  EXPECT_EQ(after.status, 401u);
  EXPECT_EQ(error_code(after), 707);
  const auto read = call(http::verb::get, "/api/v1/devices", {}, browser);
  EXPECT_EQ(read.status, 401u);
  EXPECT_EQ(error_code(read), 707);
}

TEST_F(ConsoleLoginTest, ASessionEndsAfterItsIdleTime) {
  start({"--session-idle-seconds", "1"});
  const Browser browser = log_in("person.auditor");
  ASSERT_EQ(call(http::verb::get, "/api/v1/session", {}, browser).status, 200u);
  // The server used the session before it answered, so once a second has passed here
  // since the answer, more than a second has passed there: the session is idle-expired.
  const auto answered = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - answered <= std::chrono::milliseconds(1100)) {
    ASSERT_EQ(call(http::verb::get, "/healthz").status, 200u);
  }
  const auto expired = call(http::verb::get, "/api/v1/session", {}, browser);
  EXPECT_EQ(expired.status, 401u);
  EXPECT_EQ(error_code(expired), 707);
}

TEST_F(ConsoleLoginTest, ASessionInUseStillEndsAtItsLifetime) {
  start({"--session-lifetime-seconds", "1"});
  const Browser browser = log_in("person.auditor");
  const auto deadline = std::chrono::steady_clock::now() + kHangDeadline;
  tally::http::ApiResponse response;
  while ((response = call(http::verb::get, "/api/v1/progress", {}, browser)).status == 200u) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
  }
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(error_code(response), 707);
}

// Every route of the table, called by each role's session (with its CSRF token) and by no
// one: a role below the route's is refused with 403 E702, no session with 401, a role at
// or above it gets past the access check (whatever the handler then says of the body).
TEST_F(ConsoleLoginTest, EveryRoleGetsExactlyTheAccessTheRouteTableGivesIt) {
  start();
  const std::vector<std::string> roles = {"auditor", "supervisor", "operator"};
  std::map<std::string, Browser> browsers;
  for (const auto& role : roles) browsers[role] = log_in("person." + role);
  const auto rank = [&](std::string_view role) {
    return static_cast<int>(std::find(roles.begin(), roles.end(), role) - roles.begin());
  };
  int checked = 0;
  for (const auto& route : tally::server::HttpApi::route_accesses()) {
    if (route.least_role == "none") continue;  // public (and perhaps a stream)
    std::string path(route.pattern);
    for (const auto& [from, to] :
         {std::pair{"{device}", "no-such-device"}, std::pair{"{form}", "TN-0001%2FNA-01"},
          std::pair{"{station}", "TN-0001"}, std::pair{"{code}", "no-such-code"}}) {
      if (const auto at = path.find(from); at != std::string::npos) {
        path.replace(at, std::string_view(from).size(), to);
      }
    }
    const std::string what = std::string(http::to_string(route.method)) + " " + path;
    const auto anonymous = call(route.method, path, "{}");
    EXPECT_EQ(anonymous.status, 401u) << what;
    for (const auto& role : roles) {
      const auto response = call(route.method, path, "{}", browsers[role]);
      if (rank(role) < rank(route.least_role)) {
        EXPECT_EQ(response.status, 403u) << what << " as " << role;
        EXPECT_EQ(error_code(response), 702) << what << " as " << role;
      } else {
        EXPECT_NE(response.status, 401u) << what << " as " << role << ": " << response.body;
        EXPECT_NE(response.status, 403u) << what << " as " << role << ": " << response.body;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 3 * 10);
}

TEST_F(ConsoleLoginTest, AnAuditorsForgedAdjudicationIsRefusedWithE702) {
  start();
  const Browser auditor = log_in("person.auditor");
  const auto refused = call(http::verb::post, "/api/v1/adjudications",
                            R"({"form":"TN-0001/NA-01","field":"voted","value":810})", auditor);
  EXPECT_EQ(refused.status, 403u);
  EXPECT_EQ(error_code(refused), 702) << refused.body;
}

TEST_F(ConsoleLoginTest, TheOperatorAddsAndListsAccountsThroughTheApi) {
  start();
  const Browser operator_browser = log_in("person.operator");
  const auto added = call(http::verb::post, "/api/v1/users",
                          R"({"name":"tran.thi.b","role":"auditor","password":"another long one"})",
                          operator_browser);
  ASSERT_EQ(added.status, 201u) << added.body;
  EXPECT_EQ(json::parse(added.body).at("role"), "auditor");
  const auto again = call(http::verb::post, "/api/v1/users",
                          R"({"name":"tran.thi.b","role":"auditor","password":"another long one"})",
                          operator_browser);
  EXPECT_EQ(again.status, 409u);
  EXPECT_EQ(error_code(again), 710);
  const auto listed = call(http::verb::get, "/api/v1/users", {}, operator_browser);
  ASSERT_EQ(listed.status, 200u);
  EXPECT_EQ(json::parse(listed.body).at("users").as_array().size(), 4u);
  EXPECT_EQ(listed.body.find("password"), std::string::npos);
  EXPECT_EQ(log_in_response("tran.thi.b", "another long one").status, 200u);
  const auto by_supervisor = call(http::verb::post, "/api/v1/users",
                                  R"({"name":"x.y","role":"operator","password":"0123456789"})",
                                  log_in("person.supervisor"));
  EXPECT_EQ(by_supervisor.status, 403u);
  EXPECT_EQ(error_code(by_supervisor), 702);
}

TEST_F(ConsoleLoginTest, APersonsDecisionIsTheirOwnOpInTheLogAndVerifyNamesThem) {
  start();
  const Browser supervisor = log_in("person.supervisor");
  const auto decided = call(http::verb::post, "/api/v1/adjudications",
                            R"({"form":"TN-0001/NA-01","field":"voted","value":810})", supervisor);
  ASSERT_EQ(decided.status, 201u) << decided.body;
  EXPECT_EQ(json::parse(decided.body).at("device"), "tallyd-console/person.supervisor");
  const auto second = call(http::verb::post, "/api/v1/adjudications",
                           R"({"form":"TN-0001/NA-01","field":"valid","value":800})", supervisor);
  ASSERT_EQ(second.status, 201u) << second.body;
  EXPECT_EQ(json::parse(second.body).at("counter"), 2);
  const Browser operator_browser = log_in("person.operator");
  ASSERT_EQ(call(http::verb::post, "/api/v1/adjudications",
                 R"({"form":"TN-0001/NA-01","field":"voted","value":809})", operator_browser)
                .status,
            201u);

  const auto history =
      call(http::verb::get, "/api/v1/forms/TN-0001%2FNA-01/history", {}, supervisor);
  ASSERT_EQ(history.status, 200u) << history.body;
  const json::value shown = json::parse(history.body);
  const auto& entries = shown.at("entries").as_array();
  ASSERT_EQ(entries.size(), 3u) << history.body;
  EXPECT_EQ(entries[0].at("person"), "person.supervisor");
  EXPECT_EQ(entries[2].at("person"), "person.operator");
  EXPECT_EQ(entries[2].at("kind"), "adjudication");

  // A person's author is tallyd's own: it cannot be revoked.
  const auto revoke =
      call(http::verb::post, "/api/v1/devices/tallyd-console%2Fperson.supervisor/revoke", {},
           operator_browser);
  EXPECT_EQ(revoke.status, 403u) << revoke.body;

  const std::string out = server_.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", server_.data_dir(), "--out", out}), 0);
  std::string output;
  ASSERT_EQ(run_tallyd({"verify", "--export", out}, &output), 0) << output;
  EXPECT_NE(output.find("Decisions at the centre: 3"), std::string::npos) << output;
  EXPECT_NE(output.find("adjudication of TN-0001/NA-01 voted = 810 by person.supervisor "
                        "(tallyd-console/person.supervisor)"),
            std::string::npos)
      << output;
  ASSERT_EQ(run_tallyd({"verify", "--export", out, "--json"}, &output), 0) << output;
  const auto decisions = json::parse(output).at("decisions").as_array();
  ASSERT_EQ(decisions.size(), 3u) << output;
  EXPECT_EQ(decisions[2].at("person"), "person.operator");
  EXPECT_EQ(decisions[2].at("value"), 809);
}

}  // namespace
}  // namespace tally::testkit

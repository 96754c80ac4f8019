// Hostile HTTP on tallyd's one port: garbage instead of a request, oversized headers and
// bodies, API calls without (or with the wrong) token, and upgrades to other paths.
#include "hostile_fixture.hpp"

namespace tally::testkit {
namespace {

using std::chrono::seconds;
namespace http = boost::beast::http;

using HttpTest = HostileTest;

// Sends `request` on a fresh raw connection; returns what the server answered before
// closing (empty if it closed without answering or kept the connection open).
std::string exchange(unsigned short port, const std::string& request, bool* closed) {
  RawConnection connection(port);
  std::string response;
  if (!connection.ok() || !connection.send(request)) return response;
  const auto deadline = std::chrono::steady_clock::now() + seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string part = connection.receive_some(seconds(1));
    if (part.empty()) break;
    response += part;
  }
  *closed = connection.wait_closed(seconds(1));
  return response;
}

TEST_F(HttpTest, BinaryGarbageBeforeTheUpgradeGetsA400AndTheClose) {
  bool closed = false;
  const std::string response =
      exchange(server_.port(), std::string("\x00\xff\x13garbage\x7f\r\n\r\n", 15), &closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 400", 0), 0u) << response;
  EXPECT_TRUE(closed);
}

TEST_F(HttpTest, HeaderOverTheLimitGetsA400AndTheClose) {
  bool closed = false;
  const std::string response = exchange(
      server_.port(),
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(16 * 1024, 'a') + "\r\n\r\n",
      &closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 400", 0), 0u) << response;
  EXPECT_TRUE(closed);
}

TEST_F(HttpTest, BodyOverTheLimitGetsA400AndTheClose) {
  bool closed = false;
  const std::string body(100 * 1024, ' ');
  const std::string response = exchange(
      server_.port(),
      "POST /api/v1/enrolment-codes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
          server_.operator_token() + "\r\nContent-Type: application/json\r\nContent-Length: " +
          std::to_string(body.size()) + "\r\n\r\n" + body,
      &closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 400", 0), 0u) << response;
  EXPECT_TRUE(closed);
}

TEST_F(HttpTest, ApiCallWithoutATokenIsUnauthorised) {
  auto response = tally::http::api_call(api(""), http::verb::post, "/api/v1/enrolment-codes",
                                        R"({"role":"supervisor"})");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 401u);
  EXPECT_NE(response->body.find("\"code\":700"), std::string::npos) << response->body;
}

TEST_F(HttpTest, ApiCallWithAWrongTokenIsUnauthorised) {
  auto response = tally::http::api_call(api("not-the-token"), http::verb::get, "/api/v1/devices");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 401u);
  EXPECT_NE(response->body.find("\"code\":700"), std::string::npos) << response->body;
}

TEST_F(HttpTest, AuditorTokenCannotMakeEnrolmentCodes) {
  const std::string token = read_file(server_.file("auditor.token"));
  auto response = tally::http::api_call(api(token.substr(0, token.find('\n'))), http::verb::post,
                                        "/api/v1/enrolment-codes", R"({"role":"supervisor"})");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 403u);
  EXPECT_NE(response->body.find("\"code\":702"), std::string::npos) << response->body;
}

// One request with `Connection: close`, so the answer ends with the connection.
std::string closing_request(const std::string& method, const std::string& path,
                            const std::string& token) {
  return method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
         (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") +
         "Content-Length: 0\r\n\r\n";
}

TEST_F(HttpTest, WrongMethodOnAKnownPathIs405AndSaysWhichItTakes) {
  bool closed = false;
  const std::string health =
      exchange(server_.port(), closing_request("POST", "/healthz", ""), &closed);
  EXPECT_EQ(health.rfind("HTTP/1.1 405", 0), 0u) << health;
  EXPECT_NE(health.find("\r\nAllow: GET\r\n"), std::string::npos) << health;
  const std::string adjudications =
      exchange(server_.port(),
               closing_request("GET", "/api/v1/adjudications", server_.operator_token()), &closed);
  EXPECT_EQ(adjudications.rfind("HTTP/1.1 405", 0), 0u) << adjudications;
  EXPECT_NE(adjudications.find("\r\nAllow: POST\r\n"), std::string::npos) << adjudications;
  EXPECT_NE(adjudications.find("\"code\":1101"), std::string::npos) << adjudications;
}

TEST_F(HttpTest, UnknownApiPathIsNotFoundWhateverTheMethod) {
  bool closed = false;
  for (const char* path : {"/api/v1/ballots", "/api/v1/devices/revoke", "/api/v1/devices/"}) {
    const std::string response =
        exchange(server_.port(), closing_request("POST", path, server_.operator_token()), &closed);
    EXPECT_EQ(response.rfind("HTTP/1.1 404", 0), 0u) << path << "\n" << response;
    EXPECT_NE(response.find("no such endpoint: "), std::string::npos) << response;
  }
}

TEST_F(HttpTest, WebSocketUpgradeToAnotherPathIsNotFound) {
  bool closed = false;
  const std::string response =
      exchange(server_.port(),
               "GET /admin HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
               &closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 404", 0), 0u) << response;
  EXPECT_TRUE(closed);
}

}  // namespace
}  // namespace tally::testkit

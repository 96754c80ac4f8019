// tallyd serve's --log-level and --log-file with the real tallyd: lines below the level are
// left out, the log goes to the file, and SIGHUP reopens the file after logrotate moved it.
#include <csignal>
#include <cstdio>
#include <fstream>

#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;

TEST(LogOptionsTest, WarnLevelToAFileKeepsOnlyWarningsAndErrors) {
  TallydProcess server;
  ASSERT_TRUE(server.initialised());
  const std::string log_file = server.file("tallyd.log");
  ASSERT_TRUE(server.start(false, {"--log-level", "warn", "--log-file", log_file}))
      << read_file(server.file("serve.log"));
  TestDevice stranger("127.0.0.1", server.port());
  EXPECT_FALSE(stranger.hello().ok());  // session_refused: a warning
  stranger.disconnect();
  EXPECT_EQ(server.stop(), 0);

  const std::string log = read_file(log_file);
  EXPECT_NE(log.find("\"event\":\"session_refused\""), std::string::npos) << log;
  EXPECT_EQ(log.find("\"level\":\"info\""), std::string::npos) << log;
  EXPECT_EQ(read_file(server.file("serve.log")).find("\"event\""), std::string::npos)
      << "the log went to stderr too";
}

TEST(LogOptionsTest, SighupReopensTheLogFileAfterItWasMoved) {
  TallydProcess server;
  ASSERT_TRUE(server.initialised());
  const std::string log_file = server.file("tallyd.log");
  ASSERT_TRUE(server.start(false, {"--log-file", log_file})) << read_file(server.file("serve.log"));
  const std::string rotated = log_file + ".1";
  ASSERT_EQ(std::rename(log_file.c_str(), rotated.c_str()), 0);  // what logrotate does
  // A rotated operator token tells when the SIGHUP was handled: the log is reopened and
  // tokens_reloaded written before the new token is let in.
  ASSERT_EQ(run_tallyd({"token", "rotate", "--data", server.data_dir(), "--role", "operator"}), 0);
  const std::string token = server.operator_token();
  ASSERT_EQ(::kill(server.pid(), SIGHUP), 0);
  const tally::http::ApiTarget target{server.url(), token, server.ca_file()};
  const auto deadline = std::chrono::steady_clock::now() + kHangDeadline;
  while (true) {
    auto response = tally::http::api_call(target, http::verb::get, "/api/v1/progress");
    ASSERT_TRUE(response.ok()) << response.error().to_string();
    if (response->status == 200u) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "SIGHUP never handled";
  }
  EXPECT_EQ(server.stop(), 0);

  const std::string before = read_file(rotated);
  const std::string after = read_file(log_file);
  EXPECT_NE(before.find("\"event\":\"serving\""), std::string::npos) << before;
  EXPECT_EQ(before.find("tokens_reloaded"), std::string::npos) << before;
  EXPECT_NE(after.find("\"event\":\"tokens_reloaded\""), std::string::npos) << after;
  EXPECT_NE(after.find("\"event\":\"stopped\""), std::string::npos) << after;
}

TEST(LogOptionsTest, AnUnknownLevelExitsTwoWithACode) {
  TallydProcess server;
  ASSERT_TRUE(server.initialised());
  std::string errors;
  EXPECT_EQ(run_tallyd({"serve", "--data", server.data_dir(), "--plain", "--log-level", "loud"},
                       nullptr, &errors),
            2);
  EXPECT_NE(errors.find("loud"), std::string::npos) << errors;
}

}  // namespace
}  // namespace tally::testkit

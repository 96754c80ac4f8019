// `tallyd token rotate` with the real tallyd: after SIGHUP the running server accepts the
// new token and refuses the old one, with no restart.
#include <sys/stat.h>

#include <csignal>

#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;

class TokenRotationTest : public ServerFixture {
 protected:
  int rotate(const std::string& role, std::string* output = nullptr,
             std::string* errors = nullptr) const {
    return run_tallyd({"token", "rotate", "--data", server_.data_dir(), "--role", role}, output,
                      errors);
  }
};

std::string token_text(const std::string& path) {
  std::string token = read_file(path);
  while (!token.empty() && token.back() == '\n') token.pop_back();
  return token;
}

TEST_F(TokenRotationTest, TheRunningServerTakesEachRotatedTokenOnSighupAndRefusesTheOld) {
  const pid_t pid = server_.pid();
  for (const std::string role : {"operator", "supervisor", "auditor"}) {
    const std::string path = server_.file(role + ".token");
    const std::string old_token = token_text(path);
    std::string output;
    ASSERT_EQ(rotate(role, &output), 0) << output;
    const std::string new_token = token_text(path);
    ASSERT_EQ(new_token.size(), 64u);
    EXPECT_NE(new_token, old_token);
    struct stat status {};
    ASSERT_EQ(::stat(path.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600u) << role;

    const auto progress = [&](const std::string& token) {
      auto response = tally::http::api_call(api(token), http::verb::get, "/api/v1/progress");
      EXPECT_TRUE(response.ok()) << response.error().to_string();
      return response.ok() ? response->status : 0u;
    };
    // Until it is told, the server still holds the old token.
    EXPECT_EQ(progress(old_token), 200u) << role;
    ASSERT_EQ(::kill(pid, SIGHUP), 0);
    // Each call is a round trip to the server; the deadline only catches a hang.
    const auto deadline = std::chrono::steady_clock::now() + kHangDeadline;
    while (progress(new_token) != 200u) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << role << " token never taken";
    }
    EXPECT_EQ(progress(old_token), 401u) << role;
  }
  EXPECT_EQ(server_.pid(), pid);
  EXPECT_TRUE(server_.running());
  EXPECT_NE(read_file(server_.file("serve.log")).find("\"event\":\"tokens_reloaded\""),
            std::string::npos);
}

TEST_F(TokenRotationTest, AnUnknownRoleOrActionExitsTwoWithACode) {
  std::string errors;
  EXPECT_EQ(rotate("officer", nullptr, &errors), 2);
  EXPECT_NE(errors.find("E1101"), std::string::npos) << errors;
  EXPECT_NE(errors.find("officer"), std::string::npos) << errors;
  EXPECT_EQ(run_tallyd({"token", "renew"}, nullptr, &errors), 2);
  EXPECT_NE(errors.find("E1101 usage: tallyd token rotate"), std::string::npos) << errors;
}

}  // namespace
}  // namespace tally::testkit

// `tallyd serve --config FILE` with the real tallyd: the file's keys set what the flags
// set, a flag wins over its key, a wrong file stops tallyd with exit 2 and an E1101 line
// naming the file and the key, the packaged config is valid, and docs/operations.md lists
// every serve option.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "tally/http/https_client.hpp"
#include "tallyd_process.hpp"
#include "test_device.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;

const engine::FormId kForm{"TN-0001", "NA-01"};
const std::string kPackagedConfig =
    std::string(TALLY_SOURCE_ROOT) + "/server/packaging/tallyd.conf";

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.initialised()); }

  // Writes `content` as the config file and returns its path.
  std::string write_config(const std::string& content) const {
    const std::string path = server_.file("tallyd.conf");
    std::ofstream(path) << content;
    return path;
  }

  // Whether a batch of three ops is refused as too large by the running server.
  bool three_op_batch_refused() {
    TestDevice device("127.0.0.1", server_.port());
    EXPECT_TRUE(device.enrol(server_.enrolment_code("TN-0001", "officer")).ok());
    EXPECT_TRUE(device.hello().ok());
    auto ack = device.upload({device.set_op(kForm, "voted", engine::Count{1}),
                              device.set_op(kForm, "voted", engine::Count{2}),
                              device.set_op(kForm, "voted", engine::Count{3})});
    return !ack.ok() && ack.error().code == ErrorCode::kBatchTooLarge;
  }

  TallydProcess server_;
};

TEST_F(ConfigFileTest, TheFilesKeysSetWhatTheFlagsSet) {
  const auto config = write_config("# a comment\nmax-batch-ops = 2\nrate-burst-ops = 4000\n");
  ASSERT_TRUE(server_.start(false, {"--config", config})) << read_file(server_.file("serve.log"));
  EXPECT_TRUE(three_op_batch_refused());
}

TEST_F(ConfigFileTest, AFlagWinsOverTheFilesKey) {
  const auto config = write_config("max-batch-ops = 2\n");
  ASSERT_TRUE(server_.start(false, {"--config", config, "--max-batch-ops", "5"}))
      << read_file(server_.file("serve.log"));
  EXPECT_FALSE(three_op_batch_refused());
}

TEST_F(ConfigFileTest, AnUnknownKeyExitsTwoNamingTheFileAndTheKey) {
  const auto config = write_config("listen = 127.0.0.1:0\nmax-batch-opz = 2\n");
  std::string errors;
  EXPECT_EQ(run_tallyd({"serve", "--config", config, "--data", server_.data_dir(), "--plain"},
                       nullptr, &errors),
            2);
  EXPECT_NE(errors.find("E1101"), std::string::npos) << errors;
  EXPECT_NE(errors.find(config), std::string::npos) << errors;
  EXPECT_NE(errors.find("max-batch-opz"), std::string::npos) << errors;
}

TEST_F(ConfigFileTest, ABadValueExitsTwoNamingTheFileAndTheKey) {
  for (const char* line : {"max-batch-ops = many\n", "synchronous = sometimes\n"}) {
    const auto config = write_config(line);
    std::string errors;
    EXPECT_EQ(run_tallyd({"serve", "--config", config, "--data", server_.data_dir(), "--plain"},
                         nullptr, &errors),
              2)
        << line;
    EXPECT_NE(errors.find("E1101"), std::string::npos) << errors;
    EXPECT_NE(errors.find(config), std::string::npos) << errors;
    const std::string key(line, std::string_view(line).find(' '));
    EXPECT_NE(errors.find(key), std::string::npos) << errors;
  }
}

TEST_F(ConfigFileTest, AMissingFileExitsTwo) {
  std::string errors;
  EXPECT_EQ(run_tallyd({"serve", "--config", server_.file("absent.conf")}, nullptr, &errors), 2);
  EXPECT_NE(errors.find("E1101"), std::string::npos) << errors;
  EXPECT_NE(errors.find("absent.conf"), std::string::npos) << errors;
}

// The packaged /etc/tallysync/tallyd.conf, with its data directory and address overridden
// by flags as a test must, starts a TLS server that answers /healthz.
TEST_F(ConfigFileTest, ThePackagedConfigServes) {
  ASSERT_TRUE(server_.start(true, {"--config", kPackagedConfig}))
      << read_file(server_.file("serve.log"));
  auto health = tally::http::api_call(tally::http::ApiTarget{server_.url(), "", server_.ca_file()},
                                      http::verb::get, "/healthz");
  ASSERT_TRUE(health.ok()) << health.error().to_string();
  EXPECT_EQ(health->status, 200u);
}

// Every option of `tallyd serve --help` is a row of docs/operations.md's key table, and a
// key of the packaged config.
TEST(ConfigFileDocs, EveryServeOptionIsDocumentedAndInThePackagedConfig) {
  std::string help;
  ASSERT_EQ(run_tallyd({"serve", "--help"}, &help), 0);
  const std::string docs = read_file(std::string(TALLY_SOURCE_ROOT) + "/docs/operations.md");
  const std::string packaged = read_file(kPackagedConfig);
  ASSERT_FALSE(docs.empty());
  const std::regex flag(R"(--([a-z][a-z-]+))");
  std::set<std::string> names;
  for (std::sregex_iterator it(help.begin(), help.end(), flag), end; it != end; ++it) {
    names.insert((*it)[1].str());
  }
  // --help and --version are every command's (docs/cli.md), not keys of serve's.
  names.erase("help");
  names.erase("version");
  EXPECT_GE(names.size(), 20u) << help;
  for (const auto& name : names) {
    EXPECT_NE(docs.find("| `" + name + "`"), std::string::npos)
        << name << " is not a row of docs/operations.md's config key table";
    if (name != "config") {
      EXPECT_TRUE(std::regex_search(packaged, std::regex("\n(# )?" + name + " =")))
          << name << " is not a key of server/packaging/tallyd.conf";
    }
  }
}

}  // namespace
}  // namespace tally::testkit

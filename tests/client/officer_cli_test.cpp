// tally-officer as an officer uses it: enrol, edit offline, show, history, status, sync;
// its exit codes and its "E<code> message" errors.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <boost/json.hpp>
#include <cstdio>

#include "tally/server/sqlite_store.hpp"
#include "tallyd_process.hpp"
#include "test_support.hpp"

namespace tally::client {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

class OfficerCliTest : public ::testing::Test {
 protected:
  CliRun officer(const std::string& arguments) {
    std::string command = std::string(TALLY_OFFICER_BINARY) + " --store " + dir_.file("cli.db") +
                          " " + arguments + " 2>&1";
    CliRun run;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    std::array<char, 4096> buffer{};
    std::size_t read = 0;
    while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
      run.output.append(buffer.data(), read);
    }
    int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
  }

  void enrol() {
    ASSERT_TRUE(server_.initialised());
    ASSERT_TRUE(server_.start());
    auto code = server_.enrolment_code("TN-0001", "officer");
    auto run = officer("enrol --server " + server_.sync_url() + " --code " + code);
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }

  // The entries of the server's log (read from its store, the server stopped).
  std::size_t stored_ops() {
    server_.stop();
    server::SqliteStoreOptions options;
    options.path = server_.file("tallyd.db");
    auto store = server::open_sqlite_store(options);
    EXPECT_TRUE(store.ok()) << store.error().to_string();
    std::size_t entries = 0;
    if (store.ok()) {
      EXPECT_TRUE((*store)->scan_log(0, [&](const server::LogRow&) { return ++entries > 0; }).ok());
    }
    return entries;
  }

  testing::TempDir dir_;
  testkit::TallydProcess server_;
};

TEST_F(OfficerCliTest, HelpListsTheCommandsAndExitCodes) {
  auto run = officer("--help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.output.find("adjudicate"), std::string::npos);
  EXPECT_NE(run.output.find("Exit codes"), std::string::npos);
}

TEST_F(OfficerCliTest, HelpCaptionIsPrintedOnce) {
  auto run = officer("--help");
  EXPECT_EQ(run.output.find("OptionsOptions"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("Options:"), std::string::npos) << run.output;
}

TEST_F(OfficerCliTest, CommandHelpPrintsThatCommandsUsage) {
  auto run = officer("history --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.output.find("usage: tally-officer --store FILE history FORM FIELD"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(run.output.find("Commands:"), std::string::npos) << run.output;
}

TEST_F(OfficerCliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(officer("frobnicate").exit_code, 2);
  EXPECT_EQ(officer("set TN-0001/NA-01 voted").exit_code, 2);
  EXPECT_EQ(officer("enrol --code X").exit_code, 2);
}

TEST_F(OfficerCliTest, EditsWorkOfflineAndSyncLater) {
  enrol();
  server_.stop();
  EXPECT_EQ(officer("set TN-0001/NA-01 voted 700").exit_code, 0);
  EXPECT_EQ(officer("set TN-0001/NA-01 notes 'mưa to' --text").exit_code, 0);
  auto show = officer("show TN-0001/NA-01 --json");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("\"voted\":700"), std::string::npos) << show.output;
  auto status = officer("status");
  EXPECT_NE(status.output.find("2 ops pending"), std::string::npos) << status.output;

  auto offline_sync = officer("sync --timeout 1");
  EXPECT_EQ(offline_sync.exit_code, 4) << offline_sync.output;  // try again later
  ASSERT_TRUE(server_.start());
  auto sync = officer("sync --timeout 60");
  EXPECT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_NE(sync.output.find("0 ops pending"), std::string::npos) << sync.output;
  EXPECT_NE(sync.output.find("acknowledged through counter 2"), std::string::npos) << sync.output;
  EXPECT_EQ(stored_ops(), 2u);
}

TEST_F(OfficerCliTest, ARefusedEditPrintsItsCodeAndExitsWithOne) {
  enrol();
  auto negative = officer("set TN-0001/NA-01 voted -- -5");
  EXPECT_EQ(negative.exit_code, 1);
  EXPECT_EQ(negative.output.rfind("tally-officer set: E303 ", 0), 0u) << negative.output;
  auto other_station = officer("set TN-0002/NA-01 voted 5");
  EXPECT_EQ(other_station.exit_code, 1);
  EXPECT_EQ(other_station.output.rfind("tally-officer set: E300 ", 0), 0u) << other_station.output;
  auto not_supervisor = officer("adjudicate TN-0001/NA-01 voted 5");
  EXPECT_EQ(not_supervisor.exit_code, 1);
  EXPECT_EQ(not_supervisor.output.rfind("tally-officer adjudicate: E702 ", 0), 0u)
      << not_supervisor.output;
}

TEST_F(OfficerCliTest, HistoryShowsEveryWriteWithItsDevice) {
  enrol();
  ASSERT_EQ(officer("set TN-0001/NA-01 valid 609").exit_code, 0);
  ASSERT_EQ(officer("set TN-0001/NA-01 valid 690").exit_code, 0);
  auto history = officer("history TN-0001/NA-01 valid");
  ASSERT_EQ(history.exit_code, 0);
  EXPECT_NE(history.output.find("set 609"), std::string::npos) << history.output;
  EXPECT_NE(history.output.find("set 690"), std::string::npos) << history.output;
  EXPECT_NE(history.output.find("(live)"), std::string::npos) << history.output;
}

TEST_F(OfficerCliTest, ListAndStatusCommandsPrintJson) {
  enrol();
  ASSERT_EQ(officer("set TN-0001/NA-01 voted 700").exit_code, 0);
  const auto parsed = [&](const std::string& arguments) {
    auto run = officer(arguments);
    EXPECT_EQ(run.exit_code, 0) << arguments << ": " << run.output;
    boost::json::error_code error;
    auto document = boost::json::parse(run.output, error);
    EXPECT_FALSE(error) << arguments << ": " << run.output;
    return document;
  };
  const auto forms = parsed("forms --json").as_array();
  EXPECT_NE(std::find(forms.begin(), forms.end(), boost::json::value("TN-0001/NA-01")),
            forms.end());
  EXPECT_EQ(parsed("status --json").at("ops_pending").to_number<int>(), 1);
  EXPECT_EQ(parsed("show TN-0001/NA-01 --json").at("values").at("voted").as_int64(), 700);
  EXPECT_TRUE(parsed("history TN-0001/NA-01 voted --json").is_array());
  EXPECT_EQ(parsed("sync --timeout 60 --json").at("ops_pending").to_number<int>(), 0);
}

TEST_F(OfficerCliTest, AnUnopenableStoreExitsWithOne) {
  std::string command =
      std::string(TALLY_OFFICER_BINARY) + " --store /proc/tally-no-such-dir/x.db status 2>&1";
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

}  // namespace
}  // namespace tally::client

// Every real tool binary keeps the one CLI convention (docs/cli.md): --help and --version
// exit 0 (the version line names the tool, the project version and the commit), a usage
// error exits 2 with "<tool> [command]: E1101 ..." on stderr, a failure exits 1 with its
// E-code line.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "csv_table.hpp"
#include "tallyd_process.hpp"
#include "temp_dir.hpp"

namespace tally::testkit {
namespace {

// One tool, and a command line of it for each outcome; "{tmp}" in an argument is a fresh
// temporary directory (so no run writes into the source tree).
struct ToolCase {
  const char* name;
  const char* binary;
  std::vector<std::string> help;         // exits 0 with "usage:" on stdout
  std::vector<std::string> usage_error;  // exits 2
  std::string usage_who;                 // the error line's "<who>: "
  std::vector<std::string> failure;      // exits 1
  std::string failure_line;              // the failure's error line starts so
};

// Names the case in test output (instead of its bytes).
void PrintTo(const ToolCase& tool, std::ostream* out) { *out << tool.name; }

class ToolConventionTest : public ::testing::TestWithParam<ToolCase> {
 protected:
  struct Run {
    int exit_code = -1;
    std::string output;
    std::string errors;
  };

  Run run(const std::vector<std::string>& args) {
    std::vector<std::string> expanded;
    for (std::string arg : args) {
      if (const auto at = arg.find("{tmp}"); at != std::string::npos) {
        arg.replace(at, 5, dir_.path().string());
      }
      expanded.push_back(arg);
    }
    Run result;
    result.exit_code = run_program(GetParam().binary, expanded, &result.output, &result.errors);
    return result;
  }

  TempDir dir_;
};

TEST_P(ToolConventionTest, VersionPrintsToolVersionAndCommit) {
  const auto version = run({"--version"});
  EXPECT_EQ(version.exit_code, 0) << version.errors;
  const std::string expected = std::string(GetParam().name) + " " + TALLY_PROJECT_VERSION + " (";
  EXPECT_EQ(version.output.rfind(expected, 0), 0U) << version.output;
  EXPECT_EQ(version.output.back(), '\n');
  EXPECT_EQ(version.output.find(')'), version.output.size() - 2) << version.output;
}

TEST_P(ToolConventionTest, HelpExitsZeroWithItsUsage) {
  const auto help = run(GetParam().help);
  EXPECT_EQ(help.exit_code, 0) << help.errors;
  EXPECT_NE(help.output.find("usage: "), std::string::npos) << help.output;
  EXPECT_TRUE(help.errors.empty()) << help.errors;
}

TEST_P(ToolConventionTest, UsageErrorExitsTwoWithAnECodeLine) {
  const auto usage = run(GetParam().usage_error);
  EXPECT_EQ(usage.exit_code, 2) << usage.errors;
  EXPECT_NE(usage.errors.find(GetParam().usage_who + ": E1101 "), std::string::npos)
      << usage.errors;
  EXPECT_TRUE(usage.output.empty()) << usage.output;
}

TEST_P(ToolConventionTest, FailureExitsOneWithAnECodeLine) {
  const auto failure = run(GetParam().failure);
  EXPECT_EQ(failure.exit_code, 1) << failure.errors;
  EXPECT_NE(failure.errors.find(GetParam().failure_line), std::string::npos) << failure.errors;
}

INSTANTIATE_TEST_SUITE_P(
    EveryTool, ToolConventionTest,
    ::testing::Values(ToolCase{"tallyd",
                               TALLYD_BINARY,
                               {"export", "--help"},
                               {"export", "--data", "{tmp}/data"},
                               "tallyd export",
                               {"export", "--data", "{tmp}/no-such-data", "--out", "{tmp}/out"},
                               "tallyd export: E803 "},
                      ToolCase{"tally-officer",
                               TALLY_OFFICER_BINARY,
                               {"status", "--help"},
                               {"--store", "{tmp}/device.db", "frobnicate"},
                               "tally-officer frobnicate",
                               {"--store", "/proc/tally-no-such-dir/device.db", "status"},
                               "tally-officer status: E800 "},
                      ToolCase{"tally-offline",
                               TALLY_OFFLINE_BINARY,
                               {"--help"},
                               {"--definition", "{tmp}/election.json"},
                               "tally-offline",
                               {"--definition", "{tmp}/none.json", "--schema", "{tmp}/none.json",
                                "--records", "{tmp}/none.json"},
                               "tally-offline: E803 "},
                      ToolCase{"tally-monitor",
                               TALLY_MONITOR_BINARY,
                               {"follow", "--help"},
                               {"follow", "--url", "http://127.0.0.1:1"},
                               "tally-monitor follow",
                               {"follow", "--state", "{tmp}", "--once"},
                               "tally-monitor follow: E805 "},
                      ToolCase{"generate-dataset",
                               GENERATE_DATASET_BINARY,
                               {"--help"},
                               {"--seed", "not-a-number"},
                               "generate-dataset",
                               {"--out-definition", "{tmp}/no-such-dir/election.json",
                                "--out-records", "{tmp}/no-such-dir/records.json"},
                               "generate-dataset: E800 "},
                      ToolCase{"tally-night",
                               TALLY_NIGHT_BINARY,
                               {"--help"},
                               {"--workers", "0"},
                               "tally-night",
                               {"--definition", "{tmp}/none.json", "--data", "{tmp}/night"},
                               "tally-night: E803 "}),
    [](const ::testing::TestParamInfo<ToolCase>& tool) {
      std::string name = tool.param.name;
      std::erase(name, '-');
      return name;
    });

// Subcommand tools: every subcommand has its own help, and `tallyd help COMMAND` is
// `tallyd COMMAND --help`.
TEST(SubcommandHelpTest, EveryTallydCommandHasItsOwnHelp) {
  for (const char* command : {"init", "serve", "enrol", "devices", "revoke", "conflicts",
                              "adjudicate", "tally", "progress", "export", "verify"}) {
    std::string help;
    EXPECT_EQ(run_tallyd({command, "--help"}, &help), 0) << command;
    EXPECT_EQ(help.rfind(std::string("usage: tallyd ") + command + " ", 0), 0U) << help;
    std::string via_help;
    EXPECT_EQ(run_tallyd({"help", command}, &via_help), 0) << command;
    EXPECT_EQ(via_help, help);
  }
}

TEST(SubcommandHelpTest, UnknownTallydCommandIsAUsageError) {
  std::string errors;
  EXPECT_EQ(run_tallyd({"no-such-command"}, nullptr, &errors), 2);
  EXPECT_NE(errors.find("tallyd: E1101 unknown command 'no-such-command'"), std::string::npos)
      << errors;
}

TEST(TryAgainTest, AnUnreachableServerExitsFour) {
  TallydProcess server;
  ASSERT_TRUE(server.initialised());
  std::string errors;
  EXPECT_EQ(run_tallyd({"progress", "--data", server.data_dir(), "--url", "http://127.0.0.1:1"},
                       nullptr, &errors),
            4);
  EXPECT_NE(errors.find("tallyd progress: E900 "), std::string::npos) << errors;
}

// tally-offline's --json and --csv print the same tally of the committed data set.
TEST(OfflineOutputTest, JsonAndCsvHoldTheSameTally) {
  const std::string root = TALLY_SOURCE_ROOT;
  const std::vector<std::string> inputs = {
      "--definition", root + "/schemas/elections/thai-nguyen-2021.json",
      "--schema",     root + "/schemas/forms/station-count-1.json",
      "--records",    root + "/schemas/elections/thai-nguyen-2021.records.json"};
  const auto printed = [&](const char* flag) {
    std::vector<std::string> args = inputs;
    args.emplace_back(flag);
    std::string output;
    std::string errors;
    EXPECT_EQ(run_program(TALLY_OFFLINE_BINARY, args, &output, &errors), 0) << errors;
    return output;
  };
  const auto document = boost::json::parse(printed("--json"));
  const auto table = read_csv(printed("--csv"));
  std::map<std::string, const std::map<std::string, std::string>*> by_candidate;
  for (const auto& cells : table.rows) by_candidate[cells.at("candidate")] = &cells;
  std::size_t candidates = 0;
  for (const auto& unit : document.at("units").as_array()) {
    for (const auto& [candidate, votes] : unit.at("votes").as_object()) {
      ++candidates;
      const auto found = by_candidate.find(std::string(candidate));
      ASSERT_NE(found, by_candidate.end()) << candidate;
      const auto& cells = *found->second;
      EXPECT_EQ(cells.at("unit"), unit.at("unit").as_string());
      EXPECT_EQ(cells.at("votes"), boost::json::serialize(votes));
      EXPECT_EQ(cells.at("registered"), boost::json::serialize(unit.at("registered")));
    }
  }
  EXPECT_EQ(candidates, table.rows.size());
  std::string errors;
  std::vector<std::string> both = inputs;
  both.insert(both.end(), {"--json", "--csv"});
  EXPECT_EQ(run_program(TALLY_OFFLINE_BINARY, both, nullptr, &errors), 2);
  EXPECT_NE(errors.find("tally-offline: E1101 "), std::string::npos) << errors;
}

}  // namespace
}  // namespace tally::testkit

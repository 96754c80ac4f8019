// The shared parts of the CLI convention (tally/cli/...): the exit code of an error, the
// version line, and one command's parse with --help, --version and a usage error.
#include <gtest/gtest.h>

#include "tally/cli/command_line.hpp"
#include "tally/cli/exit_codes.hpp"
#include "tally/cli/report.hpp"

namespace tally::cli {
namespace {

namespace po = boost::program_options;

TEST(ExitCodeTest, TransientErrorsMayBeTriedAgainOthersFail) {
  EXPECT_EQ(exit_code_for(make_error(ErrorCode::kConnectionFailed, "refused", true)),
            kExitTryAgain);
  EXPECT_EQ(exit_code_for(make_error(ErrorCode::kBusy, "locked", true)), kExitTryAgain);
  EXPECT_EQ(exit_code_for(make_error(ErrorCode::kForbidden, "token refused")), kExitFailure);
  EXPECT_EQ(exit_code_for(make_error(ErrorCode::kNotFound, "no file")), kExitFailure);
}

TEST(VersionLineTest, NamesToolVersionAndCommit) {
  const std::string line = version_line("tally-offline");
  EXPECT_EQ(line.rfind(std::string("tally-offline ") + TALLY_PROJECT_VERSION + " (", 0), 0U)
      << line;
  EXPECT_EQ(line.back(), ')');
}

TEST(CommandUsageTest, WhoIsTheToolAndItsCommand) {
  EXPECT_EQ((CommandUsage{"tallyd", "export", "", ""}.who()), "tallyd export");
  EXPECT_EQ((CommandUsage{"tally-offline", "", "", ""}.who()), "tally-offline");
}

class ParseTest : public ::testing::Test {
 protected:
  std::optional<int> parse(const std::vector<std::string>& args) {
    po::options_description options;
    options.add_options()("count", po::value<int>()->required(), "a count");
    po::positional_options_description operand;
    operand.add("count", 1);
    return parse_command_line({"tool", "cmd", "COUNT", "Counts."}, options, args, values_, operand);
  }
  po::variables_map values_;
};

TEST_F(ParseTest, GoesOnWithTheValues) {
  EXPECT_EQ(parse({"7"}), std::nullopt);
  EXPECT_EQ(values_["count"].as<int>(), 7);
}

TEST_F(ParseTest, HelpAndVersionStopWithZero) {
  EXPECT_EQ(parse({"--help"}), kExitOk);
  po::variables_map fresh;
  values_.swap(fresh);
  EXPECT_EQ(parse({"--version"}), kExitOk);
}

TEST_F(ParseTest, ABadOrMissingArgumentIsAUsageError) {
  EXPECT_EQ(parse({}), kExitUsage);
  po::variables_map fresh;
  values_.swap(fresh);
  EXPECT_EQ(parse({"seven"}), kExitUsage);
  values_.swap(fresh);
  EXPECT_EQ(parse({"--no-such-option"}), kExitUsage);
}

}  // namespace
}  // namespace tally::cli

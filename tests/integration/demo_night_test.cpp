// The product's main job as a test: the full default night (the Thái Nguyên 2021 data set,
// 1,439 stations) run by tally-night with its defaults, checked from the outside.
#include <gtest/gtest.h>

#include "night_checks.hpp"

namespace tally::integration {
namespace {

TEST(DemoNightTest, DefaultThaiNguyenNightMatchesTheGroundTruthAndVerifies) {
  NightRun run({});
  EXPECT_EQ(run.exit_code(), 0) << run.output();
  EXPECT_NE(run.output().find(": MATCH"), std::string::npos) << run.output();
  EXPECT_NE(run.output().find("COMM-1332"), std::string::npos) << run.output();
  // The default goes on into the supplementary elections of the 11 commune units.
  EXPECT_NE(run.output().find("Second round: 11 units,"), std::string::npos) << run.output();
  EXPECT_NE(run.output().find("Seats filled after both rounds:"), std::string::npos)
      << run.output();
  EXPECT_EQ(check_records_match_truth(run), "");
  EXPECT_EQ(check_log_has_each_op_once(run), "");
  EXPECT_EQ(check_tallyd_verify(run), "");
  EXPECT_EQ(check_offline_retally_equals_export(run), "");
  // Under the sanitizer presets: no process of the night reported anything.
  EXPECT_EQ(check_no_sanitizer_report(run), "");
}

}  // namespace
}  // namespace tally::integration

// A reduced election night, end to end: 300 stations, 30% double entries (half of them
// misreading a count), offline stretches and late bursts, three worker processes killed
// with SIGKILL mid-entry and restarted, supervisors adjudicating the conflicts, about 4% of
// the stations never reporting. One test, so that ctest runs the night once.
#include <gtest/gtest.h>

#include "night_checks.hpp"

namespace tally::integration {
namespace {

TEST(ReducedNightTest, TallyEqualsGroundTruthEachAckedOpIsLoggedOnceAndTheAuditVerifies) {
  NightRun run({"--stations", "300", "--seed", "7", "--workers", "3", "--kills", "3",
                "--night-seconds", "20", "--double-entry-percent", "30", "--missing-percent", "4",
                "--timeout", "400", "--keep"});
  // --keep leaves tallyd running with the console's login printed: it logs in, then stops it.
  EXPECT_EQ(check_console_login_and_stop_kept_tallyd(run), "");
  ASSERT_EQ(run.exit_code(), 0) << run.output();
  EXPECT_NE(run.output().find(": MATCH"), std::string::npos) << run.output();
  EXPECT_NE(run.output().find("VERIFIED"), std::string::npos) << run.output();
  // Stations that never report are shown as missing, and the MATCH is against a ground
  // truth that lacks them.
  EXPECT_GT(run.figure("Stations missing (no record reported):"), 0) << run.output();

  // The server's records are the paper records, and tally as the engine does offline.
  EXPECT_EQ(check_records_match_truth(run), "");
  // Every acked op is in the log exactly once (from the log alone, and against each
  // device's last acknowledged counter as tally-night checked it).
  EXPECT_EQ(check_log_has_each_op_once(run), "");
  EXPECT_NE(run.output().find("each exactly once"), std::string::npos) << run.output();
  // The auditor's verifier, in its own process, accepts the export.
  EXPECT_EQ(check_tallyd_verify(run), "");
  // An auditor's re-tally of the export with tally-offline is the published tally.
  EXPECT_EQ(check_offline_retally_equals_export(run), "");
  // Under the sanitizer presets: no process of the night reported anything.
  EXPECT_EQ(check_no_sanitizer_report(run), "");

  // The night had what it is meant to have.
  EXPECT_GT(run.figure("conflicts raised"), 0) << run.output();
  EXPECT_GT(run.figure("resolved"), 0) << run.output();
  EXPECT_LE(run.figure("resolved"), run.figure("conflicts raised")) << run.output();
  EXPECT_GT(run.figure("reconnects"), 0) << run.output();
  EXPECT_EQ(run.figure("client kills"), 3) << run.output();
  EXPECT_EQ(run.figure("SIGKILLs of worker processes,"), 3) << run.output();
}

}  // namespace
}  // namespace tally::integration

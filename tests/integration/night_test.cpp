// A reduced election night, end to end: 300 stations, 30% double entries (half of them
// misreading a count), offline stretches and late bursts, three worker processes killed
// with SIGKILL mid-entry and restarted, supervisors adjudicating the conflicts.
#include <gtest/gtest.h>

#include "night_checks.hpp"

namespace tally::integration {
namespace {

class ReducedNightTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = new NightRun({"--stations", "300", "--seed", "7", "--workers", "3", "--kills", "3",
                         "--night-seconds", "20", "--double-entry-percent", "30",
                         "--timeout", "400"});
  }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  static NightRun* run_;
};

NightRun* ReducedNightTest::run_ = nullptr;

TEST_F(ReducedNightTest, EndsWithAMatchingTallyAndAVerifiedAudit) {
  EXPECT_EQ(run_->exit_code(), 0) << run_->output();
  EXPECT_NE(run_->output().find(": MATCH"), std::string::npos) << run_->output();
  EXPECT_NE(run_->output().find("VERIFIED"), std::string::npos) << run_->output();
}

TEST_F(ReducedNightTest, ServerRecordsEqualTheGroundTruthAndTallyTheSame) {
  EXPECT_EQ(check_records_match_truth(*run_), "");
}

TEST_F(ReducedNightTest, EveryAckedOpIsInTheLogExactlyOnce) {
  EXPECT_EQ(check_log_has_each_op_once(*run_), "");
  EXPECT_NE(run_->output().find("each exactly once"), std::string::npos) << run_->output();
}

TEST_F(ReducedNightTest, AuditExportVerifiesInASeparateProcess) {
  EXPECT_EQ(check_tallyd_verify(*run_), "");
}

TEST_F(ReducedNightTest, NightHadConflictsAdjudicationsReconnectsAndSurvivedKills) {
  EXPECT_GT(run_->figure("conflicts raised"), 0) << run_->output();
  EXPECT_GT(run_->figure("resolved"), 0) << run_->output();
  EXPECT_LE(run_->figure("resolved"), run_->figure("conflicts raised")) << run_->output();
  EXPECT_GT(run_->figure("reconnects"), 0) << run_->output();
  EXPECT_EQ(run_->figure("client kills"), 3) << run_->output();
  EXPECT_EQ(run_->figure("SIGKILLs of worker processes,"), 3) << run_->output();
}

}  // namespace
}  // namespace tally::integration

// Lifecycle of a form: draft, accepted, flagged with reasons (form_status.hpp).
#include "tally/engine/form_status.hpp"

#include <gtest/gtest.h>

#include "merge_test_ops.hpp"
#include "tally/engine/record_hash.hpp"

namespace tally::engine {
namespace {

using testing::adjudicate_op;
using testing::dots;
using testing::kTestForm;
using testing::set_op;
using testing::submit_op;
using testing::withdraw_op;

class FormStatusTest : public ::testing::Test {
 protected:
  void apply(const Op& op) {
    auto result = state_.apply(op);
    ASSERT_TRUE(result.ok()) << result.error().to_string();
  }
  // The hash of the values as they are now: what an officer would sign.
  [[nodiscard]] Sha256Digest current_hash() const { return record_values_hash(state_.record()); }
  [[nodiscard]] FormStatus status(const CheckFailures& failures = {}) const {
    return form_status(state_, failures);
  }
  // dev-a enters valid and invalid.
  void enter_counts() {
    apply(set_op({"dev-a", 1}, "valid", Count{801}));
    apply(set_op({"dev-a", 2}, "invalid", Count{9}, dots({{"dev-a", 1}})));
  }

  FormState state_{kTestForm};
};

TEST_F(FormStatusTest, UnsubmittedFormIsADraft) {
  enter_counts();
  EXPECT_EQ(status(), FormStatus{});
  EXPECT_EQ(to_string(status().stage), "draft");
}

TEST_F(FormStatusTest, SubmissionOfTheCurrentValuesIsAccepted) {
  enter_counts();
  apply(submit_op({"dev-a", 3}, current_hash(), state_.version_vector()));
  EXPECT_EQ(status(), (FormStatus{FormStage::kAccepted, {}}));
}

TEST_F(FormStatusTest, WarningsDoNotStopAcceptance) {
  enter_counts();
  apply(submit_op({"dev-a", 3}, current_hash(), state_.version_vector()));
  CheckFailures failures{{"received_equals_voted", Severity::kWarning, "received 810 ≠ voted 812"}};
  EXPECT_EQ(status(failures).stage, FormStage::kAccepted);
}

TEST_F(FormStatusTest, FailedCheckFlagsTheSubmittedForm) {
  enter_counts();
  apply(submit_op({"dev-a", 3}, current_hash(), state_.version_vector()));
  CheckFailures failures{{"valid_plus_invalid", Severity::kError, "801 + 9 ≠ 812"}};
  EXPECT_EQ(status(failures),
            (FormStatus{FormStage::kFlagged, {{FlagKind::kFailedCheck, "valid_plus_invalid"}}}));
}

TEST_F(FormStatusTest, StaleSubmissionIsFlaggedWhenValuesChangeAfterwards) {
  enter_counts();
  apply(submit_op({"dev-a", 3}, current_hash(), state_.version_vector()));
  apply(set_op({"dev-b", 1}, "voted", Count{812}, state_.version_vector()));
  EXPECT_EQ(status(), (FormStatus{FormStage::kFlagged,
                                  {{FlagKind::kValuesChangedSinceSubmission, {}}}}));
  // Resubmitting the new values (covering the old submission) accepts the form again.
  apply(submit_op({"dev-b", 2}, current_hash(), state_.version_vector()));
  EXPECT_EQ(status().stage, FormStage::kAccepted);
}

TEST_F(FormStatusTest, WithdrawnSubmissionIsADraftAgain) {
  enter_counts();
  apply(submit_op({"dev-a", 3}, current_hash(), state_.version_vector()));
  apply(withdraw_op({"dev-a", 4}, state_.version_vector()));
  EXPECT_EQ(status().stage, FormStage::kDraft);
}

TEST_F(FormStatusTest, WithdrawConcurrentWithSubmitIsConflictingSubmissions) {
  enter_counts();
  const VersionVector seen = state_.version_vector();
  apply(submit_op({"dev-a", 3}, current_hash(), seen));
  apply(withdraw_op({"dev-b", 1}, seen));
  EXPECT_EQ(status(), (FormStatus{FormStage::kFlagged,
                                  {{FlagKind::kConflictingSubmissions, {}}}}));
}

TEST_F(FormStatusTest, TwoDevicesSubmittingTheSameValuesAreAccepted) {
  enter_counts();
  const VersionVector seen = state_.version_vector();
  apply(submit_op({"dev-a", 3}, current_hash(), seen));
  apply(submit_op({"dev-b", 1}, current_hash(), seen));
  EXPECT_EQ(status().stage, FormStage::kAccepted);
}

TEST_F(FormStatusTest, ConflictingFieldFlagsAndSupervisorAcceptsAfterAdjudication) {
  enter_counts();
  const VersionVector seen = state_.version_vector();
  apply(set_op({"dev-b", 1}, "voted", Count{812}, seen));
  apply(set_op({"dev-c", 1}, "voted", Count{821}, seen));
  apply(submit_op({"dev-b", 2}, record_values_hash(state_.record()), state_.version_vector()));
  EXPECT_EQ(status(), (FormStatus{FormStage::kFlagged,
                                  {{FlagKind::kConflictingField, "voted"}}}));

  // The supervisor resolves the field, then submits: that submission covers dev-b's.
  apply(adjudicate_op({"sup-1", 1}, "voted", Count{812}, dots({{"dev-b", 1}, {"dev-c", 1}})));
  EXPECT_EQ(status().stage, FormStage::kFlagged);  // dev-b's submission predates the value
  apply(submit_op({"sup-1", 2}, current_hash(), state_.version_vector()));
  EXPECT_EQ(status(), (FormStatus{FormStage::kAccepted, {}}));
}

TEST_F(FormStatusTest, EveryReasonIsListed) {
  enter_counts();
  const VersionVector seen = state_.version_vector();
  apply(submit_op({"dev-a", 3}, current_hash(), seen));
  apply(submit_op({"dev-b", 1}, sha256("other values"), seen));
  apply(set_op({"dev-c", 1}, "voted", Count{1}, seen));
  apply(set_op({"dev-d", 1}, "voted", Count{2}, seen));
  CheckFailures failures{{"voted_le_registered", Severity::kError, "x"}};
  EXPECT_EQ(status(failures),
            (FormStatus{FormStage::kFlagged,
                        {{FlagKind::kConflictingSubmissions, {}},
                         {FlagKind::kConflictingField, "voted"},
                         {FlagKind::kFailedCheck, "voted_le_registered"}}}));
  EXPECT_EQ(to_string(FlagKind::kConflictingSubmissions), "conflicting_submissions");
}

}  // namespace
}  // namespace tally::engine

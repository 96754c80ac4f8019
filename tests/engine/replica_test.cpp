// Replica (many forms) and form history.
#include "tally/engine/replica.hpp"

#include <gtest/gtest.h>

#include "merge_test_ops.hpp"
#include "tally/engine/form_history.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/hlc.hpp"
#include "tally/engine/record_hash.hpp"

namespace tally::engine {
namespace {

using testing::adjudicate_op;
using testing::count_of;
using testing::dots;
using testing::kTestForm;
using testing::set_op;
using testing::submit_op;

constexpr std::uint64_t kNoon = 1'621'771'200'000;
constexpr std::uint64_t kHourMs = 3'600'000;

TEST(ReplicaTest, RoutesOpsToTheirFormsAndReportsWhatChanged) {
  Replica replica;
  Op a = set_op({"dev-a", 1}, "valid", Count{801});
  Op other = set_op({"dev-x", 1}, "valid", Count{500});
  other.form = FormId{"TN-0002", "NA-01"};
  EXPECT_EQ(replica.apply(a)->outcome, ApplyOutcome::kApplied);
  EXPECT_EQ(replica.apply(other)->outcome, ApplyOutcome::kApplied);
  EXPECT_EQ(replica.apply(a)->outcome, ApplyOutcome::kDuplicate);
  EXPECT_EQ(replica.size(), 2u);
  EXPECT_EQ(count_of(replica.state(kTestForm)->record(), "valid"), 801);
  EXPECT_EQ(count_of(replica.state(other.form)->record(), "valid"), 500);
  EXPECT_EQ(replica.state(FormId{"TN-0003", "NA-01"}), nullptr);

  // An op covered by an earlier context is kept out of the values and changes nothing.
  Op covering = set_op({"dev-b", 1}, "valid", Count{802}, dots({{"dev-c", 1}}));
  Op late = set_op({"dev-c", 1}, "valid", Count{1});
  auto first = replica.apply(covering);
  EXPECT_TRUE(first->changed());
  auto second = replica.apply(late);
  EXPECT_EQ(second->outcome, ApplyOutcome::kCovered);
  EXPECT_FALSE(second->changed());
}

TEST(ReplicaTest, VersionVectorSpansFormsAndStaysAPrefix) {
  Replica replica;
  Op first = set_op({"dev-a", 1}, "valid", Count{801});
  Op second = set_op({"dev-a", 2}, "valid", Count{500});
  second.form = FormId{"TN-0001", "PROV-01"};
  Op third = set_op({"dev-a", 3}, "invalid", Count{9}, dots({{"dev-a", 1}}));
  for (const Op& op : {first, second, third}) ASSERT_TRUE(replica.apply(op).ok());
  EXPECT_EQ(replica.version_vector().contiguous("dev-a"), 3u);
  EXPECT_TRUE(replica.version_vector().devices().at("dev-a").exceptions.empty());
  // The form's own vector has a gap where dev-a edited the other form.
  EXPECT_EQ(replica.state(kTestForm)->version_vector().contiguous("dev-a"), 1u);
  EXPECT_TRUE(replica.state(kTestForm)->version_vector().contains({"dev-a", 3}));
}

TEST(ReplicaTest, MalformedOpCreatesNoForm) {
  Replica replica;
  auto result = replica.apply(set_op({"dev-a", 1}, "", Count{1}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnknownField);
  EXPECT_EQ(replica.size(), 0u);
  EXPECT_TRUE(replica.version_vector().empty());
}

TEST(FormHistoryTest, EntriesAreOrderedByHlcAndShowWhatTheyCovered) {
  FormHistory history;
  const Op a = set_op({"dev-a", 1}, "valid", Count{810}, {}, Hlc{kNoon, 0});
  // dev-b's clock runs 3 hours behind: its entry sorts first even though it came later.
  const Op b = set_op({"dev-b", 1}, "valid", Count{801}, {}, Hlc{kNoon - 3 * kHourMs, 0});
  Op adjudication =
      adjudicate_op({"sup-1", 1}, "valid", Count{801}, dots({{"dev-a", 1}, {"dev-b", 1}}));
  adjudication.hlc = Hlc{kNoon + 60'000, 0};
  // Recorded as the server's log gives them: op and receive time.
  history.record(a, hlc_skew_ms(a.hlc, kNoon + 1000));
  history.record(adjudication, hlc_skew_ms(adjudication.hlc, kNoon + 61'000));
  history.record(b, hlc_skew_ms(b.hlc, kNoon + 2000));
  history.record(set_op({"dev-a", 2}, "invalid", Count{9}), 0);

  const FieldHistory valid = history.field("valid");
  ASSERT_EQ(valid.size(), 3u);
  EXPECT_EQ(valid[0].dot, (Dot{"dev-b", 1}));
  EXPECT_EQ(valid[0].skew_ms, -static_cast<std::int64_t>(3 * kHourMs + 2000));
  EXPECT_EQ(valid[1].dot, (Dot{"dev-a", 1}));
  EXPECT_EQ(valid[1].skew_ms, -1000);
  EXPECT_TRUE(valid[1].covered.empty());
  EXPECT_EQ(valid[2].kind, OpKind::kAdjudicate);
  // The adjudication covered dev-b's entry even though that entry was recorded later.
  EXPECT_EQ(valid[2].covered, (std::vector<Dot>{{"dev-a", 1}, {"dev-b", 1}}));
  EXPECT_EQ(history.entries().size(), 4u);
  EXPECT_EQ(history.size(), 4u);
}

TEST(FormHistoryTest, SubmissionsAreRecordedOnTheSubmissionPath) {
  FormHistory history;
  FormState state(kTestForm);
  ASSERT_TRUE(state.apply(set_op({"dev-a", 1}, "valid", Count{801})).ok());
  const Sha256Digest hash = record_values_hash(state.record());
  history.record(submit_op({"dev-a", 2}, hash, dots({{"dev-a", 1}})), 0);
  const FieldHistory submissions = history.field(kSubmissionPath);
  ASSERT_EQ(submissions.size(), 1u);
  EXPECT_EQ(submissions[0].value, OpValue{to_hex(hash)});
  EXPECT_EQ(submissions[0].kind, OpKind::kSubmit);
}

}  // namespace
}  // namespace tally::engine

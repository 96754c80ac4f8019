// Replica (many forms) and form history.
#include "tally/engine/replica.hpp"

#include <gtest/gtest.h>

#include "merge_test_ops.hpp"
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
  EXPECT_EQ(replica.apply(a, kNoon)->outcome, ApplyOutcome::kApplied);
  EXPECT_EQ(replica.apply(other, kNoon)->outcome, ApplyOutcome::kApplied);
  EXPECT_EQ(replica.apply(a, kNoon)->outcome, ApplyOutcome::kDuplicate);
  EXPECT_EQ(replica.size(), 2u);
  EXPECT_EQ(count_of(replica.state(kTestForm)->record(), "valid"), 801);
  EXPECT_EQ(count_of(replica.state(other.form)->record(), "valid"), 500);
  EXPECT_EQ(replica.state(FormId{"TN-0003", "NA-01"}), nullptr);

  // An op covered by an earlier context is recorded but changes nothing.
  Op covering = set_op({"dev-b", 1}, "valid", Count{802}, dots({{"dev-c", 1}}));
  Op late = set_op({"dev-c", 1}, "valid", Count{1});
  auto first = replica.apply(covering, kNoon);
  EXPECT_TRUE(first->changed());
  auto second = replica.apply(late, kNoon);
  EXPECT_EQ(second->outcome, ApplyOutcome::kCovered);
  EXPECT_FALSE(second->changed());
  EXPECT_EQ(replica.history(kTestForm)->size(), 3u);
}

TEST(ReplicaTest, MalformedOpCreatesNoForm) {
  Replica replica;
  auto result = replica.apply(set_op({"dev-a", 1}, "", Count{1}), kNoon);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnknownField);
  EXPECT_EQ(replica.size(), 0u);
}

TEST(FormHistoryTest, EntriesAreOrderedByHlcAndShowWhatTheyCovered) {
  Replica replica;
  const Op a = set_op({"dev-a", 1}, "valid", Count{810}, {}, Hlc{kNoon, 0});
  // dev-b's clock runs 3 hours behind: its entry sorts first even though it came later.
  const Op b = set_op({"dev-b", 1}, "valid", Count{801}, {}, Hlc{kNoon - 3 * kHourMs, 0});
  const Op adjudication =
      adjudicate_op({"sup-1", 1}, "valid", Count{801}, dots({{"dev-a", 1}, {"dev-b", 1}}));
  Op adjudication_stamped = adjudication;
  adjudication_stamped.hlc = Hlc{kNoon + 60'000, 0};
  ASSERT_TRUE(replica.apply(a, kNoon + 1000).ok());
  ASSERT_TRUE(replica.apply(b, kNoon + 2000).ok());
  ASSERT_TRUE(replica.apply(adjudication_stamped, kNoon + 61'000).ok());
  ASSERT_TRUE(replica.apply(set_op({"dev-a", 2}, "invalid", Count{9}), kNoon).ok());

  const FieldHistory history = replica.history(kTestForm)->field("valid");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].dot, (Dot{"dev-b", 1}));
  EXPECT_EQ(history[0].skew_ms, -static_cast<std::int64_t>(3 * kHourMs + 2000));
  EXPECT_EQ(history[1].dot, (Dot{"dev-a", 1}));
  EXPECT_EQ(history[1].skew_ms, -1000);
  EXPECT_TRUE(history[1].covered.empty());
  EXPECT_EQ(history[2].kind, OpKind::kAdjudicate);
  EXPECT_EQ(history[2].covered, (std::vector<Dot>{{"dev-a", 1}, {"dev-b", 1}}));
  EXPECT_EQ(replica.history(kTestForm)->entries().size(), 4u);
}

TEST(FormHistoryTest, SubmissionsAreRecordedOnTheSubmissionPath) {
  Replica replica;
  ASSERT_TRUE(replica.apply(set_op({"dev-a", 1}, "valid", Count{801}), kNoon).ok());
  const Sha256Digest hash = record_values_hash(replica.state(kTestForm)->record());
  ASSERT_TRUE(replica.apply(submit_op({"dev-a", 2}, hash, dots({{"dev-a", 1}})), kNoon).ok());
  const FieldHistory history = replica.history(kTestForm)->field(kSubmissionPath);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].value, OpValue{to_hex(hash)});
  EXPECT_EQ(history[0].kind, OpKind::kSubmit);
}

}  // namespace
}  // namespace tally::engine

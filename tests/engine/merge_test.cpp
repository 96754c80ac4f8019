// Focused tests of the multi-value register merge (form_state.hpp).
#include <gtest/gtest.h>

#include "merge_test_ops.hpp"
#include "tally/engine/form_state.hpp"

namespace tally::engine {
namespace {

using testing::adjudicate_op;
using testing::count_of;
using testing::dots;
using testing::kTestForm;
using testing::set_op;

// Applies every op in order and fails the test on a refused op.
FormState apply_all(std::initializer_list<Op> ops) {
  FormState state(kTestForm);
  for (const Op& op : ops) {
    auto result = state.apply(op);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().to_string());
  }
  return state;
}

std::vector<Dot> sibling_dots(const FormState& state, std::string_view path) {
  std::vector<Dot> out;
  if (const Register* reg = state.find(path)) {
    for (const Sibling& sibling : reg->siblings) out.push_back(sibling.dot);
  }
  return out;
}

TEST(MergeTest, ConcurrentEditsOfOneFieldAreBothKept) {
  const Op a = set_op({"dev-a", 1}, "valid", Count{801});
  const Op b = set_op({"dev-b", 1}, "valid", Count{810});
  FormState state = apply_all({a, b});
  const auto conflicts = state.conflicts();
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].path, "valid");
  ASSERT_EQ(conflicts[0].siblings.size(), 2u);
  EXPECT_EQ(conflicts[0].siblings[0].value, OpValue{Count{801}});
  EXPECT_EQ(conflicts[0].siblings[1].value, OpValue{Count{810}});
  EXPECT_EQ(state.record().count("valid"), nullptr);
}

TEST(MergeTest, AnEditWhoseContextCoversTheOldValueReplacesIt) {
  const Op a = set_op({"dev-a", 1}, "valid", Count{801});
  const Op b = set_op({"dev-a", 2}, "valid", Count{802}, dots({{"dev-a", 1}}));
  FormState state = apply_all({a, b});
  EXPECT_TRUE(state.conflicts().empty());
  EXPECT_EQ(count_of(state.record(), "valid"), 802);
}

TEST(MergeTest, LateOpCoveredByContextNeverComesBack) {
  const Op a = set_op({"dev-a", 1}, "valid", Count{801});
  const Op b = set_op({"dev-b", 1}, "valid", Count{802}, dots({{"dev-a", 1}}));
  FormState state(kTestForm);
  ASSERT_EQ(state.apply(b)->outcome, ApplyOutcome::kApplied);
  ASSERT_EQ(state.apply(a)->outcome, ApplyOutcome::kCovered);
  EXPECT_EQ(sibling_dots(state, "valid"), (std::vector<Dot>{{"dev-b", 1}}));
  EXPECT_EQ(encode_form_state(state), encode_form_state(apply_all({a, b})));
}

TEST(MergeTest, ContextOnlyKillsSiblingsOfTheSameField) {
  const Op a = set_op({"dev-a", 1}, "valid", Count{801});
  // dev-b saw a, but edits another field: a stays the value of "valid".
  const Op b = set_op({"dev-b", 1}, "invalid", Count{9}, dots({{"dev-a", 1}}));
  for (const FormState& state : {apply_all({a, b}), apply_all({b, a})}) {
    EXPECT_EQ(sibling_dots(state, "valid"), (std::vector<Dot>{{"dev-a", 1}}));
    EXPECT_EQ(count_of(state.record(), "valid"), 801);
    EXPECT_EQ(count_of(state.record(), "invalid"), 9);
  }
}

TEST(MergeTest, EqualValuesCollapse) {
  const Op a = set_op({"dev-a", 1}, "valid", Count{801});
  const Op b = set_op({"dev-b", 1}, "valid", Count{801});
  FormState state = apply_all({a, b});
  EXPECT_TRUE(state.conflicts().empty());
  EXPECT_EQ(count_of(state.record(), "valid"), 801);
  // Both dots are kept, so that a later edit that saw only one of them leaves the other.
  EXPECT_EQ(sibling_dots(state, "valid"), (std::vector<Dot>{{"dev-a", 1}, {"dev-b", 1}}));
  ASSERT_TRUE(state.apply(set_op({"dev-a", 2}, "valid", Count{805}, dots({{"dev-a", 1}}))).ok());
  EXPECT_EQ(state.conflicts().size(), 1u);
}

TEST(MergeTest, AdjudicationResolves) {
  const Op a = set_op({"dev-a", 1}, "valid", Count{801});
  const Op b = set_op({"dev-b", 1}, "valid", Count{810});
  const Op adjudication =
      adjudicate_op({"supervisor-1", 1}, "valid", Count{801}, dots({{"dev-a", 1}, {"dev-b", 1}}));
  FormState in_order = apply_all({a, b, adjudication});
  FormState adjudication_first = apply_all({adjudication, b, a});
  for (const FormState* state : {&in_order, &adjudication_first}) {
    EXPECT_TRUE(state->conflicts().empty());
    EXPECT_EQ(sibling_dots(*state, "valid"), (std::vector<Dot>{{"supervisor-1", 1}}));
    EXPECT_EQ(count_of(state->record(), "valid"), 801);
  }
  EXPECT_EQ(encode_form_state(in_order), encode_form_state(adjudication_first));
}

TEST(MergeTest, ApplyingTwiceIsADuplicateAndChangesNothing) {
  const Op a = set_op({"dev-a", 1}, "valid", Count{801});
  FormState state = apply_all({a});
  const std::string before = encode_form_state(state);
  auto again = state.apply(a);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, ApplyOutcome::kDuplicate);
  EXPECT_FALSE(again->changed());
  EXPECT_EQ(encode_form_state(state), before);
}

TEST(MergeTest, ClearingAFieldRemovesItFromTheRecord) {
  const Op a = set_op({"dev-a", 1}, "notes", std::string("mất điện 20 phút"));
  const Op clear = set_op({"dev-a", 2}, "notes", Cleared{}, dots({{"dev-a", 1}}));
  FormState state = apply_all({a, clear});
  EXPECT_TRUE(state.conflicts().empty());
  EXPECT_EQ(state.record().values.count("notes"), 0u);
}

TEST(MergeTest, ClearConcurrentWithAValueIsAConflict) {
  const Op a = set_op({"dev-a", 1}, "valid", Count{801});
  const Op clear = set_op({"dev-b", 1}, "valid", Cleared{});
  FormState state = apply_all({a, clear});
  EXPECT_EQ(state.conflicts().size(), 1u);
  EXPECT_EQ(state.record().values.count("valid"), 0u);
}

TEST(MergeTest, VoteEntriesAssembleIntoTheVotesMap) {
  FormState state = apply_all({set_op({"dev-a", 1}, "votes.NA-01-C01", Count{640}),
                               set_op({"dev-b", 1}, "votes.NA-01-C02", Count{120}),
                               set_op({"dev-a", 2}, "valid", Count{801}),
                               set_op({"dev-c", 1}, "votes.NA-01-C03", Count{5}),
                               set_op({"dev-d", 1}, "votes.NA-01-C03", Count{6})});
  const StationRecord record = state.record();
  const VoteMap* votes = record.votes("votes");
  ASSERT_NE(votes, nullptr);
  // The conflicting candidate is absent; the two others are there.
  EXPECT_EQ(*votes, (VoteMap{{"NA-01-C01", 640}, {"NA-01-C02", 120}}));
  EXPECT_EQ(count_of(record, "valid"), 801);
}

TEST(MergeTest, VersionVectorHoldsEveryAppliedDot) {
  FormState state = apply_all({set_op({"dev-a", 1}, "valid", Count{1}),
                               set_op({"dev-a", 2}, "invalid", Count{2}),
                               set_op({"dev-b", 3}, "voted", Count{3})});
  EXPECT_EQ(state.version_vector().contiguous("dev-a"), 2u);
  EXPECT_TRUE(state.version_vector().contains({"dev-b", 3}));
  EXPECT_FALSE(state.version_vector().contains({"dev-b", 1}));
}

TEST(MergeTest, MalformedOpsAreRefusedWithoutChange) {
  FormState state(kTestForm);
  Op own_dot = set_op({"dev-a", 1}, "valid", Count{1}, dots({{"dev-a", 1}}));
  Op reserved = set_op({"dev-a", 1}, "$submission", std::string("forged"));
  Op text_vote = set_op({"dev-a", 1}, "votes.C1", std::string("many"));
  Op zero = set_op({"dev-a", 0}, "valid", Count{1});
  Op other_form = set_op({"dev-a", 1}, "valid", Count{1});
  other_form.form = FormId{"TN-0002", "NA-01"};
  EXPECT_EQ(state.apply(own_dot).error().code, ErrorCode::kBadContext);
  EXPECT_EQ(state.apply(reserved).error().code, ErrorCode::kUnknownField);
  EXPECT_EQ(state.apply(text_vote).error().code, ErrorCode::kWrongValueType);
  EXPECT_EQ(state.apply(zero).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(state.apply(other_form).error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(state.apply(reserved).error().message.find("$submission"), std::string::npos);
  EXPECT_TRUE(state.version_vector().empty());
  EXPECT_TRUE(state.registers().empty());
}

TEST(MergeTest, StateEncodingIsIndependentOfDeliveryOrder) {
  const Op a = set_op({"dev-a", 1}, "valid", Count{801}, {}, Hlc{100, 0});
  const Op b = set_op({"dev-b", 1}, "valid", Count{810}, {}, Hlc{90, 0});
  const Op c = set_op({"dev-a", 2}, "notes", std::string("ok"), dots({{"dev-a", 1}}), Hlc{101, 0});
  const std::string expected = encode_form_state(apply_all({a, b, c}));
  EXPECT_EQ(encode_form_state(apply_all({c, b, a})), expected);
  EXPECT_EQ(encode_form_state(apply_all({b, c, a, b})), expected);
  EXPECT_NE(encode_form_state(apply_all({a, b})), expected);
}

}  // namespace
}  // namespace tally::engine

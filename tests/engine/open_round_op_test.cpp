// The open-round op (op.hpp, kOpenRound): its encoding, its shape, its signed bytes and how
// a replica takes it (it names no form: only its dot is recorded).
#include <gtest/gtest.h>

#include "tally/engine/op_codec.hpp"
#include "tally/engine/replica.hpp"
#include "tally/engine/signing.hpp"
#include "wire_samples.hpp"

namespace tally::engine {
namespace {

Op open_round_op(bool forced = false) {
  Op op;
  op.dot = Dot{"tallyd-console/linh", 3};
  op.hlc = Hlc{1'622'000'000'000, 1};
  op.kind = OpKind::kOpenRound;
  op.value = Count{kSecondRound};
  if (forced) op.field = std::string(kForcedOpening);
  op.submission.values_hash.fill(0x5a);
  op.submission.signature.fill(0x6b);
  op.context.add(Dot{"tallyd-console/linh", 2});
  return op;
}

TEST(OpenRoundOpTest, RoundTripsAndRefusesEveryTruncation) {
  for (const Op& op : {open_round_op(), open_round_op(/*forced=*/true)}) {
    const std::string bytes = encode_op(op);
    auto decoded = decode_op(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
    EXPECT_EQ(*decoded, op);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
      EXPECT_FALSE(decode_op(bytes.substr(0, cut)).ok());
  }
}

TEST(OpenRoundOpTest, ItsShapeNamesNoFormAndOpensRoundTwo) {
  EXPECT_TRUE(check_op_shape(open_round_op()).ok());
  EXPECT_TRUE(check_op_shape(open_round_op(true)).ok());
  Op on_a_form = open_round_op();
  on_a_form.form = FormId{"TN-0001", "NA-01"};
  EXPECT_FALSE(check_op_shape(on_a_form).ok());
  Op third = open_round_op();
  third.value = Count{3};
  EXPECT_FALSE(check_op_shape(third).ok());
  Op odd_field = open_round_op();
  odd_field.field = "please";
  EXPECT_FALSE(check_op_shape(odd_field).ok());
}

TEST(OpenRoundOpTest, ItsSignedBytesCoverTheForcedFlagAndTheDefinition) {
  const std::string plain = round_opening_signing_bytes(open_round_op());
  EXPECT_EQ(plain.rfind("tally-round-v1", 0), 0u);
  EXPECT_NE(plain, round_opening_signing_bytes(open_round_op(true)));
  Op other = open_round_op();
  other.submission.values_hash.fill(0x5b);
  EXPECT_NE(plain, round_opening_signing_bytes(other));
}

TEST(OpenRoundOpTest, AReplicaRecordsItsDotAndMakesNoForm) {
  Replica replica;
  auto applied = replica.apply(open_round_op());
  ASSERT_TRUE(applied.ok()) << applied.error().to_string();
  EXPECT_EQ(replica.size(), 0u);
  EXPECT_TRUE(replica.version_vector().contains(Dot{"tallyd-console/linh", 3}));
  auto again = replica.apply(open_round_op());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, ApplyOutcome::kDuplicate);
  Op odd = open_round_op();
  odd.dot.counter = 4;
  odd.form = FormId{"TN-0001", "NA-01"};
  EXPECT_FALSE(replica.apply(odd).ok());
  EXPECT_EQ(replica.size(), 0u);
}

}  // namespace
}  // namespace tally::engine

// Uploads over a real socket: acks, duplicates, gaps, equivocation, scope and schema.
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

using UploadTest = ServerFixture;

const engine::FormId kForm{"TN-0001", "NA-01"};

TEST_F(UploadTest, BatchIsAckedWithItsCounterLogIndexAndHead) {
  auto device = connected_device("TN-0001");
  auto ack = device->upload({device->set_op(kForm, "registered", engine::Count{812}),
                             device->set_op(kForm, "voted", engine::Count{810})});
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  EXPECT_EQ(ack->device, device->id());
  EXPECT_EQ(ack->acked_counter, 2u);
  EXPECT_GE(ack->log_index, 2u);
  EXPECT_NE(ack->audit_head, engine::Sha256Digest{});
}

TEST_F(UploadTest, DuplicateOpsAreAckedAgainAndStoredOnce) {
  auto device = connected_device("TN-0001");
  const auto op = device->set_op(kForm, "voted", engine::Count{810});
  auto first = device->upload({op});
  ASSERT_TRUE(first.ok());
  auto again = device->upload({op});
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(again->acked_counter, 1u);
  EXPECT_EQ(again->log_index, first->log_index);
}

TEST_F(UploadTest, CounterGapIsRefused) {
  auto device = connected_device("TN-0001");
  device->set_next_counter(3);
  auto ack = device->upload({device->set_op(kForm, "voted", engine::Count{810})});
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.error().code, ErrorCode::kCounterGap);
}

TEST_F(UploadTest, SameDotWithOtherContentIsRefusedAsEquivocation) {
  auto device = connected_device("TN-0001");
  ASSERT_TRUE(device->upload({device->set_op(kForm, "voted", engine::Count{810})}).ok());
  device->set_next_counter(1);
  auto ack = device->upload({device->set_op(kForm, "voted", engine::Count{811})});
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.error().code, ErrorCode::kEquivocation);
}

TEST_F(UploadTest, OfficerMayNotWriteAnotherStationsForm) {
  auto device = connected_device("TN-0001");
  auto ack = device->upload({device->set_op({"TN-0002", "NA-01"}, "voted", engine::Count{5})});
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.error().code, ErrorCode::kForbidden);
}

TEST_F(UploadTest, OfficerMayNotAdjudicate) {
  auto device = connected_device("TN-0001");
  auto op = device->set_op(kForm, "voted", engine::Count{5});
  op.kind = engine::OpKind::kAdjudicate;
  auto ack = device->upload({op});
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.error().code, ErrorCode::kForbidden);
}

TEST_F(UploadTest, AuditorMayNotWrite) {
  auto device = connected_device("", "auditor");
  auto ack = device->upload({device->set_op(kForm, "voted", engine::Count{5})});
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.error().code, ErrorCode::kForbidden);
}

TEST_F(UploadTest, FormOutsideTheDefinitionIsRefused) {
  auto device = connected_device("TN-0001");
  auto ack = device->upload({device->set_op({"TN-0001", "NA-99"}, "voted", engine::Count{5})});
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.error().code, ErrorCode::kUnknownForm);
}

TEST_F(UploadTest, UnknownFieldWrongTypeAndNegativeCountAreRefused) {
  struct Case {
    std::string field;
    engine::OpValue value;
    ErrorCode expected;
  };
  const std::vector<Case> cases = {
      {"turnout", engine::Count{5}, ErrorCode::kUnknownField},
      {"voted", std::string("many"), ErrorCode::kWrongValueType},
      {"voted", engine::Count{-1}, ErrorCode::kNegativeCount},
      {"votes.NA-01-C99", engine::Count{5}, ErrorCode::kUnknownField},
  };
  for (const auto& test : cases) {
    auto device = connected_device("TN-0001");
    auto ack = device->upload({device->set_op(kForm, test.field, test.value)});
    ASSERT_FALSE(ack.ok()) << test.field;
    EXPECT_EQ(ack.error().code, test.expected) << test.field;
  }
}

TEST_F(UploadTest, RefusedBatchStoresNoneOfItsOps) {
  auto device = connected_device("TN-0001");
  auto ack = device->upload({device->set_op(kForm, "voted", engine::Count{810}),
                             device->set_op(kForm, "voted", engine::Count{-3})});
  ASSERT_FALSE(ack.ok());
  auto again = device->hello();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->acked_counter, 0u);
}

TEST_F(UploadTest, SignedSubmissionGetsAReceiptSignedByTheServer) {
  auto device = connected_device("TN-0001");
  engine::StationRecord record;
  record.form = kForm;
  record.values["voted"] = engine::Count{810};
  ASSERT_TRUE(device->upload({device->set_op(kForm, "voted", engine::Count{810})}).ok());
  ASSERT_TRUE(device->send(engine::UploadBatchMessage{{device->submit_op(kForm, record)}}).ok());
  auto receipt = device->receive_a<engine::SubmissionReceiptMessage>();
  ASSERT_TRUE(receipt.ok()) << receipt.error().to_string();
  EXPECT_EQ(receipt->form, kForm);
  EXPECT_EQ(receipt->dot.counter, 2u);
  EXPECT_NE(receipt->signature, engine::Ed25519Signature{});
}

TEST_F(UploadTest, SubmissionWithABadSignatureIsRefused) {
  auto device = connected_device("TN-0001");
  engine::StationRecord record;
  record.form = kForm;
  auto op = device->submit_op(kForm, record);
  op.submission.signature[0] ^= 1;
  auto ack = device->upload({op});
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.error().code, ErrorCode::kBadSignature);
}

TEST_F(UploadTest, BatchOverTheLimitIsRefused) {
  auto device = connected_device("TN-0001");
  std::vector<engine::Op> ops;
  for (int i = 0; i < 1001; ++i) ops.push_back(device->set_op(kForm, "voted", engine::Count{i}));
  auto ack = device->upload(std::move(ops));
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.error().code, ErrorCode::kBatchTooLarge);
}

}  // namespace
}  // namespace tally::testkit

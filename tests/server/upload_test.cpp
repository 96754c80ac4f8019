// Uploads over a real socket: acks, duplicates and submission receipts. Refused uploads
// (gaps, equivocation, scope, schema, limits) are hostile cases (tests/hostile/).
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

}  // namespace
}  // namespace tally::testkit

// Hostile uploads from an authenticated device: ops outside its scope or role, values
// the schema refuses, counter gaps, equivocation, oversized batches, forged signatures,
// and a download cursor from the future. A refused batch stores none of its ops.
#include <sstream>

#include "hostile_fixture.hpp"

namespace tally::testkit {
namespace {

using OpsTest = HostileTest;

TEST_F(OpsTest, OpsForAnotherStationAreForbidden) {
  auto attacker = connected_device(kAttackForm.station_id);
  expect_upload_refused(*attacker, {attacker->set_op(kGoodForm, "voted", engine::Count{1})},
                        ErrorCode::kForbidden);
}

TEST_F(OpsTest, OpsCarryingAnotherDevicesDotAreForbidden) {
  auto attacker = connected_device(kAttackForm.station_id);
  auto op = attacker->set_op(kAttackForm, "voted", engine::Count{5});
  op.dot.device = "dev-0000000000000001";
  expect_upload_refused(*attacker, {op}, ErrorCode::kForbidden);
}

TEST_F(OpsTest, FormOutsideTheDefinitionIsUnknown) {
  auto attacker = connected_device(kAttackForm.station_id);
  expect_upload_refused(*attacker,
                        {attacker->set_op({"TN-0001", "NA-99"}, "voted", engine::Count{5})},
                        ErrorCode::kUnknownForm);
}

TEST_F(OpsTest, FieldOutsideTheSchemaIsUnknown) {
  auto attacker = connected_device(kAttackForm.station_id);
  expect_upload_refused(*attacker, {attacker->set_op(kAttackForm, "turnout", engine::Count{5})},
                        ErrorCode::kUnknownField);
}

TEST_F(OpsTest, VotesForACandidateOfAnotherUnitAreAnUnknownField) {
  auto attacker = connected_device(kAttackForm.station_id);
  expect_upload_refused(*attacker,
                        {attacker->set_op(kAttackForm, "votes.PROV-01-C01", engine::Count{5})},
                        ErrorCode::kUnknownField);
}

TEST_F(OpsTest, TextForACountIsTheWrongType) {
  auto attacker = connected_device(kAttackForm.station_id);
  expect_upload_refused(*attacker, {attacker->set_op(kAttackForm, "voted", std::string("many"))},
                        ErrorCode::kWrongValueType);
}

TEST_F(OpsTest, NegativeCountRefusesTheWholeBatch) {
  auto attacker = connected_device(kAttackForm.station_id);
  const auto valid = attacker->set_op(kAttackForm, "voted", engine::Count{810});
  const auto negative = attacker->set_op(kAttackForm, "valid", engine::Count{-3});
  expect_upload_refused(*attacker, (std::vector<engine::Op>{valid, negative}),
                        ErrorCode::kNegativeCount);
}

TEST_F(OpsTest, CountAboveTheFieldsMaximumIsTooLarge) {
  auto attacker = connected_device(kAttackForm.station_id);
  expect_upload_refused(
      *attacker, {attacker->set_op(kAttackForm, "voted", engine::Count{1'000'000'000'000'000})},
      ErrorCode::kValueTooLarge);
}

TEST_F(OpsTest, CounterGapIsRefused) {
  auto attacker = connected_device(kAttackForm.station_id);
  attacker->set_next_counter(3);
  expect_upload_refused(*attacker, {attacker->set_op(kAttackForm, "voted", engine::Count{810})},
                        ErrorCode::kCounterGap);
}

TEST_F(OpsTest, SameDotWithOtherContentIsRefusedAndLoggedAsEquivocation) {
  auto attacker = connected_device(kAttackForm.station_id);
  const auto first = attacker->set_op(kAttackForm, "voted", engine::Count{810});
  ASSERT_TRUE(attacker->upload({first}).ok());
  expect_also_stored({first});
  attacker->set_next_counter(1);
  expect_upload_refused(*attacker, {attacker->set_op(kAttackForm, "voted", engine::Count{811})},
                        ErrorCode::kEquivocation);
  // One structured log line (docs/operations.md) names the device and the counter.
  const std::string log = server_log();
  std::istringstream lines(log);
  bool logged = false;
  for (std::string line; std::getline(lines, line);) {
    logged = logged || (line.find("\"event\":\"equivocation\"") != std::string::npos &&
                        line.find("\"device\":\"" + attacker->id() + "\"") != std::string::npos &&
                        line.find("\"counter\":1") != std::string::npos);
  }
  EXPECT_TRUE(logged) << log;
}

TEST_F(OpsTest, AdjudicationForgedByAnOfficerIsForbidden) {
  auto attacker = connected_device(kAttackForm.station_id);
  auto op = attacker->set_op(kAttackForm, "voted", engine::Count{5});
  op.kind = engine::OpKind::kAdjudicate;
  expect_upload_refused(*attacker, {op}, ErrorCode::kForbidden);
}

TEST_F(OpsTest, AuditorMayNotWrite) {
  auto auditor = connected_device("", "auditor");
  expect_upload_refused(*auditor, {auditor->set_op(kAttackForm, "voted", engine::Count{5})},
                        ErrorCode::kForbidden);
}

TEST_F(OpsTest, SupervisorMayNotSetCountsOnlyAdjudicate) {
  auto supervisor = connected_device("", "supervisor");
  expect_upload_refused(*supervisor, {supervisor->set_op(kAttackForm, "voted", engine::Count{5})},
                        ErrorCode::kForbidden);
}

TEST_F(OpsTest, SubmissionWithABadSignatureIsRefused) {
  auto attacker = connected_device(kAttackForm.station_id);
  engine::StationRecord record;
  record.form = kAttackForm;
  auto op = attacker->submit_op(kAttackForm, record);
  op.submission.signature[0] ^= 1;
  expect_upload_refused(*attacker, {op}, ErrorCode::kBadSignature);
}

TEST_F(OpsTest, DownloadCursorFromTheFutureIsRefused) {
  auto attacker = connected_device(kAttackForm.station_id);
  ASSERT_TRUE(attacker->send(engine::DownloadRequestMessage{1'000'000}).ok());
  expect_refused(*attacker, ErrorCode::kCursorFromFuture);
}

class BatchLimitTest : public HostileTest {
 protected:
  BatchLimitTest() { more_flags_ = {"--max-batch-ops", "50", "--rate-burst-ops", "100"}; }
};

TEST_F(BatchLimitTest, BatchOverTheLimitIsRefused) {
  auto attacker = connected_device(kAttackForm.station_id);
  std::vector<engine::Op> ops;
  for (int i = 0; i < 51; ++i) {
    ops.push_back(attacker->set_op(kAttackForm, "voted", engine::Count{i}));
  }
  expect_upload_refused(*attacker, ops, ErrorCode::kBatchTooLarge);
}

}  // namespace
}  // namespace tally::testkit

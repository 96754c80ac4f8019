// Downloads by cursor and live pushes between devices, over real sockets.
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

using DownloadTest = ServerFixture;

const engine::FormId kForm{"TN-0001", "NA-01"};

// Reads PushedOps until one is up to date; returns every entry read.
std::vector<engine::LogOp> read_until_up_to_date(TestDevice& device) {
  auto entries = device.read_until_up_to_date();
  EXPECT_TRUE(entries.ok()) << (entries ? "" : entries.error().to_string());
  return entries ? std::move(entries).value() : std::vector<engine::LogOp>{};
}

TEST_F(DownloadTest, DeviceDownloadsTheOpsOfItsStationOnly) {
  auto writer = connected_device("TN-0001");
  auto other = connected_device("TN-0002");
  ASSERT_TRUE(writer->upload({writer->set_op(kForm, "voted", engine::Count{810})}).ok());
  ASSERT_TRUE(
      other->upload({other->set_op({"TN-0002", "NA-01"}, "voted", engine::Count{600})}).ok());

  auto reader = connected_device("TN-0001");
  ASSERT_TRUE(reader->send(engine::DownloadRequestMessage{0}).ok());
  const auto entries = read_until_up_to_date(*reader);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].op.dot.device, writer->id());
  EXPECT_EQ(entries[0].op.form, kForm);
}

TEST_F(DownloadTest, SupervisorDownloadsEveryStation) {
  auto first = connected_device("TN-0001");
  auto second = connected_device("TN-0002");
  ASSERT_TRUE(first->upload({first->set_op(kForm, "voted", engine::Count{810})}).ok());
  ASSERT_TRUE(
      second->upload({second->set_op({"TN-0002", "NA-01"}, "voted", engine::Count{600})}).ok());
  auto supervisor = connected_device("", "supervisor");
  ASSERT_TRUE(supervisor->send(engine::DownloadRequestMessage{0}).ok());
  EXPECT_EQ(read_until_up_to_date(*supervisor).size(), 2u);
}

TEST_F(DownloadTest, NewOpsArePushedLiveToAnotherDeviceOfTheStation) {
  auto listener = connected_device("TN-0001");
  ASSERT_TRUE(listener->send(engine::DownloadRequestMessage{0}).ok());
  read_until_up_to_date(*listener);

  auto writer = connected_device("TN-0001");
  ASSERT_TRUE(writer->upload({writer->set_op(kForm, "valid", engine::Count{801})}).ok());
  auto push = listener->receive_a<engine::PushedOpsMessage>();
  ASSERT_TRUE(push.ok()) << push.error().to_string();
  ASSERT_EQ(push->entries.size(), 1u);
  EXPECT_EQ(push->entries[0].op.dot.device, writer->id());
  EXPECT_TRUE(push->up_to_date);
}

TEST_F(DownloadTest, PushesSkipOtherStations) {
  auto listener = connected_device("TN-0002");
  ASSERT_TRUE(listener->send(engine::DownloadRequestMessage{0}).ok());
  read_until_up_to_date(*listener);
  auto writer = connected_device("TN-0001");
  ASSERT_TRUE(writer->upload({writer->set_op(kForm, "valid", engine::Count{801})}).ok());
  auto push = listener->receive_a<engine::PushedOpsMessage>(std::chrono::milliseconds(500));
  ASSERT_FALSE(push.ok());
  EXPECT_EQ(push.error().code, ErrorCode::kTimeout);
}

TEST_F(DownloadTest, LongLogIsDownloadedInPages) {
  auto writer = connected_device("TN-0001");
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<engine::Op> ops;
    for (int i = 0; i < 400; ++i) {
      ops.push_back(writer->set_op(kForm, "notes", std::string("edit ") + std::to_string(i)));
    }
    ASSERT_TRUE(writer->upload(std::move(ops)).ok());
  }
  auto reader = connected_device("TN-0001");
  ASSERT_TRUE(reader->send(engine::DownloadRequestMessage{0}).ok());
  const auto entries = read_until_up_to_date(*reader);
  ASSERT_EQ(entries.size(), 1200u);
  for (std::size_t i = 1; i < entries.size(); ++i) {
    EXPECT_LT(entries[i - 1].log_index, entries[i].log_index);
  }
}

TEST_F(DownloadTest, HeadRequestGetsTheSignedHeadOfTheLastCommit) {
  auto device = connected_device("TN-0001");
  auto ack = device->upload({device->set_op(kForm, "voted", engine::Count{810})});
  ASSERT_TRUE(ack.ok());
  ASSERT_TRUE(device->send(engine::HeadRequestMessage{}).ok());
  auto head = device->receive_a<engine::SignedHeadMessage>();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->head.log_index, ack->log_index);
  EXPECT_EQ(head->head.head, ack->audit_head);
}

}  // namespace
}  // namespace tally::testkit

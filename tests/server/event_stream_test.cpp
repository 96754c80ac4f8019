// The console's Server-Sent Events stream, GET /api/v1/events, against the real tallyd: a
// device's commit reaches every open stream as an event whose id is the log length; a page
// that reconnects gets the current state at once; the cap on open streams answers 503 with
// E1002; a shutdown closes the open streams and still finishes promptly.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "base/tuning.hpp"
#include "event_stream_reader.hpp"
#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

using EventStreamTest = ServerFixture;

const engine::FormId kForm{"TN-0001", "NA-01"};

// Reads the header and the first event of `stream`; the event's log length.
std::uint64_t opening_log_length(EventStreamReader& stream) {
  const std::string header = stream.read_header();
  EXPECT_NE(header.find("200 OK"), std::string::npos) << header;
  EXPECT_NE(header.find("Content-Type: text/event-stream"), std::string::npos) << header;
  EXPECT_NE(header.find("Cache-Control: no-store"), std::string::npos) << header;
  const auto event = stream.next_event();
  EXPECT_TRUE(event.has_value()) << "no opening event";
  if (!event) return 0;
  EXPECT_EQ(event->name, "commit");
  return std::stoull(event->id);
}

// The next commit event of `stream`, keep-alive comments skipped.
std::optional<EventStreamReader::Event> next_commit(EventStreamReader& stream) {
  for (;;) {
    auto event = stream.next_event();
    if (!event || event->name == "commit") return event;
  }
}

TEST_F(EventStreamTest, DeviceCommitReachesEveryOpenStreamWithTheLogLengthAsId) {
  EventStreamReader first(server_.port());
  EventStreamReader second(server_.port());
  EXPECT_EQ(opening_log_length(first), 0u) << "a new server's log is empty";
  EXPECT_EQ(opening_log_length(second), 0u);

  auto device = connected_device("TN-0001");
  auto ack = device->upload({device->set_op(kForm, "voted", engine::Count{120}),
                             device->set_op(kForm, "voted", engine::Count{121})});
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  ASSERT_EQ(ack->log_index, 2u);

  for (EventStreamReader* stream : {&first, &second}) {
    const auto event = next_commit(*stream);
    ASSERT_TRUE(event.has_value()) << "the commit never reached the stream";
    EXPECT_EQ(event->id, "2") << "one event for the commit group, id = log length";
    const auto data = boost::json::parse(event->data).as_object();
    EXPECT_EQ(data.at("log_length").as_int64(), 2);
    const std::string at(data.at("committed_at").as_string());
    ASSERT_EQ(at.size(), 24u) << at;  // 2026-05-24T19:03:07.250Z
    EXPECT_EQ(at[10], 'T') << at;
    EXPECT_EQ(at.back(), 'Z') << at;
  }
}

TEST_F(EventStreamTest, ReconnectWithLastEventIdGetsTheCurrentStateAtOnce) {
  auto device = connected_device("TN-0001");
  auto ack = device->upload({device->set_op(kForm, "voted", engine::Count{120})});
  ASSERT_TRUE(ack.ok()) << ack.error().to_string();
  {
    // A page that lost its stream before this commit reconnects as EventSource does.
    EventStreamReader reconnected(server_.port(), "0");
    EXPECT_EQ(opening_log_length(reconnected), ack->log_index);
  }
  EventStreamReader fresh(server_.port());
  EXPECT_EQ(opening_log_length(fresh), ack->log_index);
}

class EventStreamCapTest : public ServerFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.initialised());
    ASSERT_TRUE(server_.start(false, {"--max-event-streams", "2"}))
        << "see " << server_.file("serve.log");
  }
};

TEST_F(EventStreamCapTest, StreamsOverTheCapAreRefusedWith503AndE1002) {
  EventStreamReader first(server_.port());
  EventStreamReader second(server_.port());
  EXPECT_EQ(opening_log_length(first), 0u);
  EXPECT_EQ(opening_log_length(second), 0u);
  EventStreamReader refused(server_.port());
  const std::string header = refused.read_header();
  EXPECT_NE(header.find("503"), std::string::npos) << header;
  EXPECT_NE(header.find("Retry-After"), std::string::npos) << header;
  EXPECT_TRUE(refused.wait_for_close()) << "the refused connection is closed";

  // The streams inside the cap are unaffected: they still hear of commits.
  auto device = connected_device("TN-0001");
  ASSERT_TRUE(device->upload({device->set_op(kForm, "voted", engine::Count{7})}).ok());
  const auto event = next_commit(first);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->id, "1");
}

TEST_F(EventStreamTest, ShutdownClosesOpenStreamsAndFinishesWithinTheGrace) {
  std::vector<std::unique_ptr<EventStreamReader>> streams;
  for (int i = 0; i < 5; ++i) {
    streams.push_back(std::make_unique<EventStreamReader>(server_.port()));
    EXPECT_EQ(opening_log_length(*streams.back()), 0u);
  }
  const auto asked = std::chrono::steady_clock::now();
  EXPECT_EQ(server_.stop(), 0) << "tallyd's exit status after SIGTERM";
  const auto took = std::chrono::steady_clock::now() - asked;
  // Streams left open would hold the shutdown for the whole grace before it gives up.
  EXPECT_LT(took, server::tuning::kShutdownGrace) << "the open streams held the shutdown";
  for (auto& stream : streams) EXPECT_TRUE(stream->wait_for_close());
  const std::string log = read_file(server_.file("serve.log"));
  EXPECT_NE(log.find("\"event\":\"stopped\""), std::string::npos) << log;
}

}  // namespace
}  // namespace tally::testkit

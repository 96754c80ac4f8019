// One device's conversation with tallyd over a WebSocket: the protocol state machine of
// docs/protocol.md (Challenge → Hello/Enrol → uploads, downloads, live pushes, heads).
//
// Transport-independent: the WebSocket session (websocket_session.hpp) derives from it
// and supplies send/close/post; every member runs on that session's strand.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/session_events.hpp"
#include "tally/engine/messages.hpp"
#include "tally/server/store.hpp"

namespace tally::server {

class Core;

class SyncSession : public SessionEvents, public std::enable_shared_from_this<SyncSession> {
 public:
  explicit SyncSession(Core& core);
  SyncSession(const SyncSession&) = delete;
  SyncSession& operator=(const SyncSession&) = delete;
  virtual ~SyncSession();

  // Queues `frame` for writing. Fails (false) when the write queue is full: the session
  // is then being closed as a slow consumer.
  virtual bool send_frame(std::string frame) = 0;
  // Closes after the queued frames are written; `code` is logged and sent as the close reason.
  virtual void close_session(ErrorCode code, std::string reason) = 0;
  // Runs `task` on this session's strand.
  virtual void post_task(std::function<void()> task) = 0;
  // Frames queued and not yet written.
  [[nodiscard]] virtual std::size_t queued_frames() const = 0;
  // The peer's address, for logs.
  [[nodiscard]] virtual std::string peer() const = 0;

  // Called by the transport once the WebSocket handshake is done.
  void on_open();
  // Called by the transport for every binary message received.
  void on_frame(std::string_view frame);
  // Called by the transport after each frame was written (the queue may have room).
  void on_frame_written();
  // Called by the transport when the connection ends, whatever the reason.
  void on_closed();
  // Called by the transport when the peer did not complete Hello or Enrol in time.
  void on_hello_timeout();
  // Called by the transport when the peer sent a frame over the limit (the WebSocket
  // layer closes such a connection with close code 1009 itself).
  void report_oversized_frame(std::size_t limit);
  // SessionEvents, called by the core: each posts its work to this session's strand.
  void committed(std::shared_ptr<const CommittedGroup> group) override;
  void device_revoked(const std::string& device_id) override;
  void shutting_down() override;
  void reference_changed(std::shared_ptr<const std::set<std::string>> stations) override;

  // The authenticated device, if any.
  [[nodiscard]] const std::optional<DeviceRow>& device() const { return device_; }

 protected:
  // Sends an Error message, then closes.
  void fail(const Error& error);
  // The transport reports its outbound queue growing (+) or shrinking (-) by `bytes`.
  void outbound_queued(std::int64_t bytes);

 private:
  enum class Phase : std::uint8_t { kChallenged, kEnrolling, kReady, kClosed };

  void handle(engine::HelloMessage&& hello);
  void handle(engine::EnrolMessage&& enrol);
  void handle(engine::UploadBatchMessage&& batch);
  // Runs the answer (Ack or Error) of upload `number` once every earlier upload of this
  // session is answered: a batch refused at once (say, while tallyd stops) never
  // overtakes the ack of an earlier batch still being committed.
  void answer_in_order(std::uint64_t number, std::function<void()> answer);
  void handle(const engine::DownloadRequestMessage& request);
  void handle_head_request();
  void send(const engine::Message& message);
  void send_download_page();
  // On the strand: pushes a committed group to a live device.
  void on_committed(const std::shared_ptr<const CommittedGroup>& group);
  // On the strand: a session of `device_id` gets an Error (kDeviceRevoked) and is closed.
  void on_revoked(const std::string& device_id);
  [[nodiscard]] LogScope scope() const;

  Core& core_;
  Phase phase_ = Phase::kChallenged;
  engine::Nonce nonce_{};
  std::optional<DeviceRow> device_;
  std::string claimed_device_;          // the device id a Hello named, for logs before it is proven
  bool download_active_ = false;        // paging through the log after a DownloadRequest
  bool live_ = false;                   // caught up: new commits are pushed as they happen
  std::uint64_t cursor_ = 0;            // highest log index sent (or skipped as out of scope)
  std::uint64_t uploads_taken_ = 0;     // upload batches handed to the core
  std::uint64_t uploads_answered_ = 0;  // upload batches answered, in order
  // Replies waiting their turn; run only from answer_in_order, on this session, so they
  // hold it by raw pointer.
  std::map<std::uint64_t, std::function<void()>> answers_;
};

}  // namespace tally::server

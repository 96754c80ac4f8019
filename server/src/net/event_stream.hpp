// A console page's Server-Sent Events stream, GET /api/v1/events (docs/operations.md,
// "Live updates"). It takes the connection from the HTTP session once the request is read,
// writes the response header and the current commit, then an event after each commit it
// hears of and a ": keep-alive" comment when it wrote nothing for a while. Events are
// coalesced, not queued: while one is being written, later commits leave only the latest
// to write after it, so a slow page costs one pending event and a page that does not read
// at all is dropped after a write timeout (E1003). The core tells it of commits and of the
// shutdown through SessionEvents, holding it by weak pointer as it holds the sync sessions.
// Stream is beast::tcp_stream (plain) or TlsSocket (TLS).
#pragma once

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <string>

#include "core/core.hpp"
#include "net/tls_socket.hpp"

namespace tally::server {

// The text of one commit event: "event: commit", its id (the log length) and its data,
// {"log_length":N,"committed_at":"RFC 3339"}, then the blank line that ends it.
std::string commit_event_text(const CommitMark& mark);

template <class Stream>
class EventStream final : public SessionEvents,
                          public std::enable_shared_from_this<EventStream<Stream>> {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  // `connection_slot` is the connection's place in the listener's gate, `stream_slot` its
  // place among the open event streams; both are given back when the stream ends.
  EventStream(Stream&& stream, Core& core, std::shared_ptr<void> connection_slot,
              std::shared_ptr<void> stream_slot);

  // Answers `request` (already read, GET /api/v1/events) and starts streaming.
  void run(const Request& request);

  void committed(std::shared_ptr<const CommittedGroup> group) override;
  void device_revoked(const std::string& /*device_id*/) override {}
  // The public event stream serves no definition: nothing to renew.
  void reference_changed(std::shared_ptr<const std::set<std::string>> /*stations*/) override {}
  void shutting_down() override;

 private:
  void on_header(boost::beast::error_code error, std::size_t bytes);
  void announce(CommitMark mark);
  void do_write();
  void on_write(boost::beast::error_code error, std::size_t bytes);
  void do_read();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void arm_keep_alive();
  void on_keep_alive(boost::beast::error_code error);
  void finish();

  Stream stream_;
  boost::asio::any_io_executor executor_;  // the connection's strand, for the core's threads
  Core& core_;
  std::shared_ptr<void> connection_slot_;
  std::shared_ptr<void> stream_slot_;
  boost::asio::steady_timer keep_alive_;
  boost::beast::http::response<boost::beast::http::empty_body> header_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::empty_body>>
      serializer_;
  std::array<char, 512> discarded_{};       // what the page sends after its request: dropped
  std::string writing_;                     // the bytes of the write in flight
  CommitMark latest_;                       // the latest commit heard of
  std::optional<std::uint64_t> announced_;  // the log length of the last event written
  bool header_written_ = false;
  bool write_in_flight_ = false;
  bool keep_alive_due_ = false;
  bool finished_ = false;
};

}  // namespace tally::server

// A page's side of tallyd's Server-Sent Events stream (GET /api/v1/events) for tests: a
// plain TCP connection to 127.0.0.1 that sends the request and reads the response header
// and then one event at a time. Every read has a deadline that only catches hangs.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace tally::testkit {

class EventStreamReader {
 public:
  // One event (or comment) of the stream, its lines as sent.
  struct Event {
    std::string name;  // "event:"; empty for a comment
    std::string id;    // "id:"
    std::string data;  // "data:"
    std::string comment;
  };

  // Connects to `port` and sends the request, with Last-Event-ID if `last_event_id` is set.
  EventStreamReader(unsigned short port, std::optional<std::string> last_event_id = {});
  ~EventStreamReader();
  EventStreamReader(const EventStreamReader&) = delete;
  EventStreamReader& operator=(const EventStreamReader&) = delete;

  // The status line and header fields (up to the blank line); empty if none came.
  std::string read_header();
  // The next event, or nullopt if the connection ended (or the deadline passed).
  std::optional<Event> next_event();
  // True once the server has closed the connection (EOF), false at the deadline.
  bool wait_for_close();

 private:
  // Reads more bytes into buffer_; false at EOF, an error or the deadline.
  bool fill();

  int socket_ = -1;
  std::string buffer_;
};

}  // namespace tally::testkit

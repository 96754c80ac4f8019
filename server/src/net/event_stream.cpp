#include "net/event_stream.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include "base/rfc3339.hpp"
#include "base/tuning.hpp"

namespace tally::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;

std::string commit_event_text(const CommitMark& mark) {
  const json::object data{{"log_length", mark.log_length},
                          {"committed_at", rfc3339_utc(mark.committed_ms)}};
  return "event: commit\nid: " + std::to_string(mark.log_length) +
         "\ndata: " + json::serialize(data) + "\n\n";
}

template <class Stream>
EventStream<Stream>::EventStream(Stream&& stream, Core& core, std::shared_ptr<void> connection_slot,
                                 std::shared_ptr<void> stream_slot)
    : stream_(std::move(stream)),
      executor_(stream_.get_executor()),
      core_(core),
      connection_slot_(std::move(connection_slot)),
      stream_slot_(std::move(stream_slot)),
      keep_alive_(executor_) {}

template <class Stream>
void EventStream<Stream>::run(const Request& request) {
  // Subscribed before the current state is read: a commit in between is heard of twice
  // at worst, and announce() skips what was already written.
  core_.attach(this->shared_from_this());
  core_.subscribe(this->shared_from_this());
  latest_ = core_.last_commit();

  header_ = http::response<http::empty_body>{http::status::ok, request.version()};
  header_.set(http::field::server, "tallyd");
  header_.set(http::field::content_type, "text/event-stream");
  header_.set(http::field::cache_control, "no-store");
  header_.set("X-Content-Type-Options", "nosniff");
  // The body is the stream itself: it ends when the connection closes.
  header_.keep_alive(false);
  serializer_.emplace(header_);
  beast::get_lowest_layer(stream_).expires_after(tuning::kEventWriteTimeout);
  http::async_write_header(
      stream_, *serializer_,
      beast::bind_front_handler(&EventStream::on_header, this->shared_from_this()));
  do_read();
}

template <class Stream>
void EventStream<Stream>::on_header(beast::error_code error, std::size_t) {
  if (error) return finish();
  header_written_ = true;
  do_write();  // the current state, so that a page that reconnects catches up
}

template <class Stream>
void EventStream<Stream>::committed(std::shared_ptr<const CommittedGroup> group) {
  boost::asio::post(executor_, [self = this->shared_from_this(),
                                mark = CommitMark{group->last_index, group->committed_ms}] {
    self->announce(mark);
  });
}

template <class Stream>
void EventStream<Stream>::shutting_down() {
  boost::asio::post(executor_, [self = this->shared_from_this()] { self->finish(); });
}

template <class Stream>
void EventStream<Stream>::announce(CommitMark mark) {
  if (mark.log_length <= latest_.log_length) return;  // heard of already
  latest_ = mark;
  do_write();
}

template <class Stream>
void EventStream<Stream>::do_write() {
  if (finished_ || !header_written_ || write_in_flight_) return;
  if (!announced_ || latest_.log_length > *announced_) {
    writing_ = commit_event_text(latest_);
    announced_ = latest_.log_length;
  } else if (keep_alive_due_) {
    writing_ = ": keep-alive\n\n";
  } else {
    return;
  }
  keep_alive_due_ = false;
  write_in_flight_ = true;
  beast::get_lowest_layer(stream_).expires_after(tuning::kEventWriteTimeout);
  boost::asio::async_write(
      stream_, boost::asio::buffer(writing_),
      beast::bind_front_handler(&EventStream::on_write, this->shared_from_this()));
}

template <class Stream>
void EventStream<Stream>::on_write(beast::error_code error, std::size_t) {
  write_in_flight_ = false;
  if (error) {
    if (error == beast::error::timeout) {
      core_.metrics().record_error(ErrorCode::kSlowConsumer);
      core_.metrics().slow_consumer_dropped();
    }
    return finish();
  }
  beast::get_lowest_layer(stream_).expires_never();
  arm_keep_alive();
  do_write();
}

template <class Stream>
void EventStream<Stream>::do_read() {
  stream_.async_read_some(
      boost::asio::buffer(discarded_),
      beast::bind_front_handler(&EventStream::on_read, this->shared_from_this()));
}

template <class Stream>
void EventStream<Stream>::on_read(beast::error_code error, std::size_t) {
  if (error) return finish();  // the page closed (or the stream was closed here)
  do_read();
}

template <class Stream>
void EventStream<Stream>::arm_keep_alive() {
  keep_alive_.expires_after(tuning::kEventKeepAlive);  // cancels the wait before
  keep_alive_.async_wait(
      beast::bind_front_handler(&EventStream::on_keep_alive, this->shared_from_this()));
}

template <class Stream>
void EventStream<Stream>::on_keep_alive(beast::error_code error) {
  if (error) return;  // re-armed after a write, or finished
  keep_alive_due_ = true;
  do_write();
}

template <class Stream>
void EventStream<Stream>::finish() {
  if (finished_) return;
  finished_ = true;
  core_.detach(this);
  keep_alive_.cancel();
  // The pending read and write end with operation_aborted; the last handler to return
  // destroys the stream and gives both slots back.
  beast::get_lowest_layer(stream_).close();
}

template class EventStream<beast::tcp_stream>;
template class EventStream<TlsSocket>;

}  // namespace tally::server

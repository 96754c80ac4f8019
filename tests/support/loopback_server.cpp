#include "loopback_server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "base/metrics.hpp"
#include "core/core.hpp"
#include "sync/sync_session.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/server/sqlite_store.hpp"
#include "tallyd_process.hpp"
#include "temp_dir.hpp"

namespace tally::testkit {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

template <typename T>
bool frame_is(std::string_view frame) {
  auto message = engine::decode(frame);
  return message.ok() && std::holds_alternative<T>(message.value());
}

std::uint64_t unix_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

// Copies a SQLite database with its write-ahead log, if it has one.
void copy_database(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::remove(to + suffix);
    if (fs::exists(from + suffix)) fs::copy_file(from + suffix, to + suffix);
  }
}

}  // namespace

class LoopbackSession;

// One connection: the client's end (its handlers, run through its post) and the server's
// (a LoopbackSession on the server's io thread). Guarded by the server's mutex.
struct Link {
  client::TransportHandlers handlers;
  std::function<void(std::function<void()>)> client_post;
  std::shared_ptr<LoopbackSession> session;
  bool open = false;
  bool client_closed = false;  // on_closed delivered: frames queued behind it are dropped
};

struct LoopbackServer::Impl : std::enable_shared_from_this<LoopbackServer::Impl> {
  TempDir dir;
  server::Metrics metrics;
  std::unique_ptr<server::Store> store;
  std::unique_ptr<server::Core> core;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{asio::make_work_guard(io)};
  std::thread thread;

  mutable std::mutex mutex;
  std::condition_variable sessions_ended;
  std::size_t live_sessions = 0;  // opened and not yet past on_closed
  std::set<std::shared_ptr<Link>> links;
  std::deque<std::pair<std::shared_ptr<Link>, std::string>> held_acks;
  bool paused = false;
  bool holding = false;
  std::size_t drop_every = 0;
  std::size_t uploads = 0;

  [[nodiscard]] std::string store_path() const { return dir.file("tallyd.db"); }
  void open_core();
  // Cuts every link, waits until each session heard it, and stops the core.
  void close_core();
  // Stops the core, runs `while_stopped` on the store's files, starts the core again.
  void restart(const std::function<void()>& while_stopped);
  void connect(const std::shared_ptr<Link>& link);
  void from_client(const std::shared_ptr<Link>& link, std::string frame);
  void to_client(const std::shared_ptr<Link>& link, std::string frame);
  // Ends the link once (under `mutex`): the session hears on_closed, the client `error`.
  void cut_locked(const std::shared_ptr<Link>& link, Error error);
  void cut_all_locked(const std::string& why) {
    auto open_links = links;
    for (const auto& link : open_links) {
      cut_locked(link, make_error(ErrorCode::kConnectionLost, "loopback: " + why, true));
    }
  }
  void cut(const std::shared_ptr<Link>& link, Error error) {
    std::lock_guard lock(mutex);
    cut_locked(link, std::move(error));
  }
};

// The server's end of a link: tallyd's SyncSession, its frames carried by the link.
class LoopbackSession final : public server::SyncSession {
 public:
  LoopbackSession(LoopbackServer::Impl& server, std::weak_ptr<Link> link)
      : SyncSession(*server.core),
        server_(server),
        link_(std::move(link)),
        strand_(asio::make_strand(server.io)) {}

  bool send_frame(std::string frame) override {
    if (auto link = link_.lock()) server_.to_client(link, std::move(frame));
    return true;
  }
  void close_session(ErrorCode, std::string reason) override {
    if (auto link = link_.lock()) {
      server_.cut(link, make_error(ErrorCode::kConnectionLost,
                                   "the server closed the connection: " + reason, true));
    }
  }
  void post_task(std::function<void()> task) override { asio::post(strand_, std::move(task)); }
  [[nodiscard]] std::size_t queued_frames() const override { return 0; }
  [[nodiscard]] std::string peer() const override { return "loopback"; }

 private:
  LoopbackServer::Impl& server_;
  std::weak_ptr<Link> link_;
  asio::strand<asio::io_context::executor_type> strand_;
};

namespace {

// The client's end of a link.
class LoopbackConnection final : public client::Transport {
 public:
  LoopbackConnection(std::weak_ptr<LoopbackServer::Impl> server,
                     std::function<void(std::function<void()>)> post)
      : server_(std::move(server)), link_(std::make_shared<Link>()) {
    link_->client_post = std::move(post);
  }
  ~LoopbackConnection() override { close(); }

  void start(client::TransportHandlers handlers) override {
    link_->handlers = std::move(handlers);
    if (auto server = server_.lock()) return server->connect(link_);
    link_->client_post([link = link_] {
      link->handlers.on_closed(
          make_error(ErrorCode::kConnectionFailed, "the loopback server is gone", true));
    });
  }
  void send(std::string frame) override {
    if (auto server = server_.lock()) server->from_client(link_, std::move(frame));
  }
  void close() override {
    if (auto server = server_.lock()) {
      server->cut(link_,
                  make_error(ErrorCode::kConnectionLost, "connection closed by the client", true));
    }
  }

 private:
  std::weak_ptr<LoopbackServer::Impl> server_;
  std::shared_ptr<Link> link_;
};

}  // namespace

void LoopbackServer::Impl::open_core() {
  server::SqliteStoreOptions options;
  options.path = store_path();
  auto opened = server::open_sqlite_store(options);
  if (!opened.ok()) throw std::runtime_error(opened.error().to_string());
  store = std::move(opened).value();
  auto reference =
      server::Reference::load(read_file(test_election_path()), read_file(test_schema_path()));
  if (!reference.ok()) throw std::runtime_error(reference.error().to_string());
  engine::Ed25519Seed seed{};
  seed.fill(7);
  auto key = engine::keypair_from_seed(seed);
  if (!key.ok()) throw std::runtime_error(key.error().to_string());
  auto started = server::Core::open(*store, std::move(reference).value(), std::move(key).value(),
                                    "tallyd-loopback", server::CoreOptions{}, metrics, unix_ms);
  if (!started.ok()) throw std::runtime_error(started.error().to_string());
  core = std::move(started).value();
}

void LoopbackServer::Impl::close_core() {
  std::unique_lock lock(mutex);
  const bool was_paused = paused;
  paused = true;
  cut_all_locked("the server stopped");
  sessions_ended.wait(lock, [&] { return live_sessions == 0; });
  paused = was_paused;
  lock.unlock();
  core->shutdown();
  core.reset();
  store.reset();
}

void LoopbackServer::Impl::restart(const std::function<void()>& while_stopped) {
  close_core();
  while_stopped();
  open_core();
}

void LoopbackServer::Impl::connect(const std::shared_ptr<Link>& link) {
  std::lock_guard lock(mutex);
  if (paused || !core) {
    link->client_post([link] {
      link->handlers.on_closed(
          make_error(ErrorCode::kConnectionFailed, "the loopback server is paused", true));
    });
    return;
  }
  link->open = true;
  ++live_sessions;
  link->session = std::make_shared<LoopbackSession>(*this, link);
  links.insert(link);
  link->client_post([link] {
    if (!link->client_closed) link->handlers.on_open();
  });
  link->session->post_task([session = link->session] { session->on_open(); });
}

void LoopbackServer::Impl::from_client(const std::shared_ptr<Link>& link, std::string frame) {
  std::lock_guard lock(mutex);
  if (!link->open) return;
  const bool upload = frame_is<engine::UploadBatchMessage>(frame);
  link->session->post_task(
      [session = link->session, frame = std::move(frame)] { session->on_frame(frame); });
  if (!upload) return;
  ++uploads;
  if (drop_every != 0 && uploads % drop_every == 0) {
    // The batch reaches the core, then the connection dies before its Ack.
    cut_locked(link, make_error(ErrorCode::kConnectionLost, "loopback: connection cut", true));
  }
}

void LoopbackServer::Impl::to_client(const std::shared_ptr<Link>& link, std::string frame) {
  std::lock_guard lock(mutex);
  if (!link->open) return;
  if (holding && frame_is<engine::AckMessage>(frame)) {
    held_acks.emplace_back(link, std::move(frame));
    return;
  }
  link->client_post([link, frame = std::move(frame)]() mutable {
    if (!link->client_closed) link->handlers.on_frame(std::move(frame));
  });
}

void LoopbackServer::Impl::cut_locked(const std::shared_ptr<Link>& link, Error error) {
  if (!link->open) return;
  link->open = false;
  links.erase(link);
  link->session->post_task([this, session = link->session] {
    session->on_closed();
    std::lock_guard lock(mutex);
    --live_sessions;
    sessions_ended.notify_all();
  });
  link->client_post([link, error = std::move(error)]() mutable {
    if (link->client_closed) return;
    link->client_closed = true;
    link->handlers.on_closed(std::move(error));
  });
}

LoopbackServer::LoopbackServer() : impl_(std::make_shared<Impl>()) {
  impl_->open_core();
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

LoopbackServer::~LoopbackServer() {
  impl_->close_core();
  impl_->work.reset();
  impl_->thread.join();
}

client::TransportFactory LoopbackServer::transport() {
  return [weak = std::weak_ptr<Impl>(impl_)](
             const client::TransportTarget& target) -> Result<std::shared_ptr<client::Transport>> {
    return std::shared_ptr<client::Transport>(
        std::make_shared<LoopbackConnection>(weak, target.post));
  };
}

std::string LoopbackServer::add_enrolment_code(const std::string& station, engine::Role role) {
  std::promise<Result<std::string>> made;
  impl_->core->create_enrolment_code(station, role, 0,
                                     [&](Result<std::string> code) { made.set_value(code); });
  auto code = made.get_future().get();
  if (!code.ok()) throw std::runtime_error(code.error().to_string());
  return std::move(code).value();
}

std::vector<engine::Op> LoopbackServer::log() const {
  std::vector<engine::Op> ops;
  std::uint64_t cursor = 0;
  for (;;) {
    auto page = impl_->core->download(server::LogScope{}, cursor);
    if (!page.ok()) throw std::runtime_error(page.error().to_string());
    for (auto& entry : page->entries) ops.push_back(std::move(entry.op));
    if (page->up_to_date || page->next_cursor == cursor) return ops;
    cursor = page->next_cursor;
  }
}

std::size_t LoopbackServer::uploads_received() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->uploads;
}

void LoopbackServer::drop_connections_after_batches(std::size_t batches) {
  std::lock_guard lock(impl_->mutex);
  impl_->drop_every = batches;
}

void LoopbackServer::hold_acks(bool hold) {
  std::lock_guard lock(impl_->mutex);
  impl_->holding = hold;
}

void LoopbackServer::release_acks() {
  std::deque<std::pair<std::shared_ptr<Link>, std::string>> held;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->holding = false;
    held.swap(impl_->held_acks);
  }
  for (auto& [link, frame] : held) impl_->to_client(link, std::move(frame));
}

void LoopbackServer::pause() {
  std::lock_guard lock(impl_->mutex);
  impl_->paused = true;
  impl_->cut_all_locked("the server paused");
}

void LoopbackServer::resume() {
  std::lock_guard lock(impl_->mutex);
  impl_->paused = false;
}

void LoopbackServer::backup(const std::string& name) {
  impl_->restart([&] { copy_database(impl_->store_path(), impl_->dir.file(name)); });
}

void LoopbackServer::restore(const std::string& name) {
  impl_->restart([&] { copy_database(impl_->dir.file(name), impl_->store_path()); });
}

}  // namespace tally::testkit

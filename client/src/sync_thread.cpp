#include "sync_thread.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <random>
#include <thread>

#include "backoff.hpp"
#include "sync_session.hpp"
#include "tally/client/tuning.hpp"
#include "tls_resumption.hpp"

namespace tally::client {

namespace asio = boost::asio;

// Everything one run of the thread owns. Members are touched only on the io thread,
// except through post().
class SyncThread::Runner {
 public:
  Runner(SyncThread& owner, std::string server_url, std::string ca_pem)
      : owner_(owner),
        server_url_(std::move(server_url)),
        ca_pem_(std::move(ca_pem)),
        work_(asio::make_work_guard(io_)),
        retry_timer_(io_),
        random_(std::random_device{}()) {
    asio::post(io_, [this] { connect(); });
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Runner() {
    asio::post(io_, [this] {
      stopping_ = true;
      retry_timer_.cancel();
      if (session_) session_->close();
      work_.reset();
    });
    thread_.join();
  }

  void sync_now() {
    asio::post(io_, [this] {
      if (session_) {
        session_->pump();
      } else if (!stopping_) {
        retry_timer_.cancel();
        attempt_ = 0;
        connect();
      }
      report();
    });
  }

  void notify_local_op() {
    asio::post(io_, [this] {
      if (session_) session_->pump();
      report();
    });
  }

 private:
  void connect() {
    if (stopping_ || session_) return;
    phase_ = SyncPhase::kConnecting;
    report();
    SyncSession::Events events;
    events.on_ready = [this] {
      attempt_ = 0;
      phase_ = SyncPhase::kSyncing;
      report();
    };
    events.on_progress = [this] { report(); };
    events.on_closed = [this](Error error) { on_session_closed(std::move(error)); };
    session_ = std::make_shared<SyncSession>(io_, owner_.replica_, owner_.options_,
                                             SyncSession::Mode::kSync, std::move(events));
    session_->start(server_url_, ca_pem_, owner_.tls_);
  }

  void on_session_closed(Error error) {
    session_.reset();
    phase_ = SyncPhase::kOffline;
    if (!stopping_) last_error_ = std::move(error);
    report();
    if (stopping_) return;
    auto delay = backoff_delay(attempt_++, tuning::kBackoffBase, tuning::kBackoffCap, random_);
    retry_timer_.expires_after(delay);
    retry_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) connect();
    });
  }

  void report() {
    SyncState state;
    state.phase = phase_;
    if (session_ && session_->up_to_date()) {
      state.phase = SyncPhase::kUpToDate;
      last_error_.reset();
    }
    auto pending = owner_.replica_.pending_count();
    if (pending.ok()) {
      state.ops_pending = pending.value();
    } else {
      last_error_ = pending.error();
    }
    state.last_error = last_error_;
    owner_.publish(std::move(state));
  }

  SyncThread& owner_;
  std::string server_url_;
  std::string ca_pem_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::steady_timer retry_timer_;
  std::mt19937_64 random_;
  std::shared_ptr<SyncSession> session_;
  SyncPhase phase_ = SyncPhase::kOffline;
  std::optional<Error> last_error_;
  unsigned attempt_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after every other member exists
};

SyncThread::SyncThread(LocalReplica& replica, ClientOptions options)
    : replica_(replica), options_(options), tls_(std::make_shared<TlsResumption>()) {
  auto pending = replica_.pending_count();
  if (pending.ok()) state_.ops_pending = pending.value();
}

SyncThread::~SyncThread() { stop(); }

Status SyncThread::start() {
  std::lock_guard lock(run_mutex_);
  if (runner_) return {};
  auto identity = replica_.identity();
  if (!identity) {
    return make_error(ErrorCode::kNotAuthenticated,
                      "this device is not enrolled (run enrol first)");
  }
  runner_ = std::make_unique<Runner>(*this, identity->server_url, identity->ca_pem);
  return {};
}

void SyncThread::stop() {
  std::unique_ptr<Runner> runner;
  {
    std::lock_guard lock(run_mutex_);
    runner = std::move(runner_);
  }
  runner.reset();  // joins the thread
}

void SyncThread::sync_now() {
  std::lock_guard lock(run_mutex_);
  if (runner_) runner_->sync_now();
}

void SyncThread::notify_local_op() {
  std::lock_guard lock(run_mutex_);
  if (runner_) {
    runner_->notify_local_op();
    return;
  }
  auto pending = replica_.pending_count();
  if (!pending.ok()) return;
  SyncState state = this->state();
  state.ops_pending = pending.value();
  publish(std::move(state));
}

SyncState SyncThread::state() const {
  std::lock_guard lock(state_mutex_);
  return state_;
}

void SyncThread::set_observer(std::function<void(const SyncState&)> observer) {
  std::lock_guard lock(state_mutex_);
  observer_ = std::move(observer);
}

void SyncThread::publish(SyncState state) {
  std::function<void(const SyncState&)> observer;
  {
    std::lock_guard lock(state_mutex_);
    if (state == state_) return;
    state_ = state;
    observer = observer_;
  }
  state_changed_.notify_all();
  if (observer) observer(state);
}

bool SyncThread::wait_until_up_to_date(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_mutex_);
  return state_changed_.wait_for(lock, timeout,
                                 [&] { return state_.phase == SyncPhase::kUpToDate; });
}

}  // namespace tally::client

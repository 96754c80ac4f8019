#include "chaos_proxy.hpp"

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <functional>
#include <future>
#include <list>
#include <mutex>
#include <thread>

#include "seeded_rng.hpp"

namespace tally::faults {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kChunkBytes = 16 * 1024;

// One proxied connection: the client's socket and the target's.
struct Link {
  Link(tcp::socket from_client, asio::any_io_executor executor)
      : client(std::move(from_client)), target(executor) {}
  tcp::socket client;
  tcp::socket target;
  bool closed = false;

  // Closes both sides; with `reset`, as an RST (linger 0) instead of a FIN.
  void close(bool reset) {
    if (closed) return;
    closed = true;
    boost::system::error_code ignored;
    for (tcp::socket* socket : {&client, &target}) {
      if (reset) socket->set_option(asio::socket_base::linger(true, 0), ignored);
      socket->close(ignored);
    }
  }
};

}  // namespace

struct ChaosProxy::Impl {
  explicit Impl(const ProxyOptions& proxy_options)
      : options(proxy_options), acceptor(io), random(proxy_options.seed) {}

  ProxyOptions options;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::thread thread;
  // Touched on the io thread only.
  testkit::SeededRng random;
  std::list<std::weak_ptr<Link>> links;
  bool partitioned = false;
  // Settings are written by the test's thread and read on the io thread.
  mutable std::mutex settings_mutex;
  std::atomic<std::uint64_t> connections{0}, refused{0}, resets{0}, cuts{0}, stalls{0}, bytes_up{0},
      bytes_down{0};

  LinkFaults faults(bool upstream) const {
    std::lock_guard lock(settings_mutex);
    return upstream ? options.upstream : options.downstream;
  }

  bool chance(double probability) {
    constexpr std::uint64_t kScale = 1'000'000;
    return probability > 0 &&
           static_cast<double>(random.below(kScale)) < probability * static_cast<double>(kScale);
  }

  asio::awaitable<void> accept_loop() {
    while (true) {
      auto [error, socket] = co_await acceptor.async_accept(kNoThrow);
      if (error) {
        if (error == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        continue;
      }
      auto link = std::make_shared<Link>(std::move(socket), io.get_executor());
      if (partitioned) {
        refused.fetch_add(1);
        link->close(true);
        continue;
      }
      asio::co_spawn(io, connect(link), asio::detached);
    }
  }

  asio::awaitable<void> connect(std::shared_ptr<Link> link) {
    boost::system::error_code error;
    auto address = asio::ip::make_address(options.target_host, error);
    if (!error) {
      std::tie(error) = co_await link->target.async_connect(
          tcp::endpoint(address, options.target_port), kNoThrow);
    }
    if (error || link->closed) {
      refused.fetch_add(1);
      link->close(true);
      co_return;
    }
    connections.fetch_add(1);
    links.remove_if([](const std::weak_ptr<Link>& weak) { return weak.expired(); });
    links.push_back(link);
    boost::system::error_code ignored;
    link->client.set_option(tcp::no_delay(true), ignored);
    link->target.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(io, pump(link, true), asio::detached);
    asio::co_spawn(io, pump(link, false), asio::detached);
  }

  // Forwards one direction chunk by chunk, with that direction's faults.
  asio::awaitable<void> pump(std::shared_ptr<Link> link, bool upstream) {
    tcp::socket& from = upstream ? link->client : link->target;
    tcp::socket& to = upstream ? link->target : link->client;
    std::atomic<std::uint64_t>& forwarded = upstream ? bytes_up : bytes_down;
    asio::steady_timer timer(io);
    std::array<char, kChunkBytes> buffer{};
    auto ready = Clock::now();  // when the previous chunk finished "transmitting"
    while (!link->closed) {
      auto [read_error, bytes] = co_await from.async_read_some(asio::buffer(buffer), kNoThrow);
      if (read_error || link->closed) break;
      const LinkFaults faults = this->faults(upstream);
      if (chance(faults.stall_chance)) {
        stalls.fetch_add(1);
        timer.expires_after(faults.stall);
        co_await timer.async_wait(kNoThrow);
      }
      auto delay = faults.latency;
      if (faults.jitter.count() > 0) {
        delay += std::chrono::milliseconds(static_cast<std::int64_t>(
            random.between(0, static_cast<std::uint64_t>(faults.jitter.count()))));
      }
      auto due = std::max(Clock::now() + delay, ready);
      if (faults.bytes_per_second > 0) {
        due += std::chrono::microseconds(static_cast<std::int64_t>(
            static_cast<double>(bytes) * 1e6 / static_cast<double>(faults.bytes_per_second)));
      }
      ready = due;
      if (due > Clock::now()) {
        timer.expires_at(due);
        co_await timer.async_wait(kNoThrow);
      }
      if (link->closed) break;
      if (chance(faults.reset_chance)) {
        resets.fetch_add(1);
        link->close(true);
        break;
      }
      const bool cut = chance(faults.cut_chance);
      std::size_t length = bytes;
      if (cut) length = random.index(bytes);
      auto [write_error, written] =
          co_await asio::async_write(to, asio::buffer(buffer.data(), length), kNoThrow);
      forwarded.fetch_add(written);
      if (cut) {
        cuts.fetch_add(1);
        link->close(false);
        break;
      }
      if (write_error) break;
    }
    link->close(false);
  }

  void reset_all() {
    for (auto& weak : links) {
      if (auto link = weak.lock(); link && !link->closed) {
        resets.fetch_add(1);
        link->close(true);
      }
    }
    links.clear();
  }
};

Result<std::unique_ptr<ChaosProxy>> ChaosProxy::start(const ProxyOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  boost::system::error_code error;
  const tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), options.listen_port);
  impl->acceptor.open(endpoint.protocol(), error);
  if (!error) impl->acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) impl->acceptor.bind(endpoint, error);
  if (!error) impl->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return make_error(ErrorCode::kConnectionFailed, "chaos proxy cannot listen on 127.0.0.1:" +
                                                        std::to_string(options.listen_port) + ": " +
                                                        error.message());
  }
  Impl* raw = impl.get();
  asio::co_spawn(raw->io, raw->accept_loop(), asio::detached);
  raw->thread = std::thread([raw] { raw->io.run(); });
  return std::unique_ptr<ChaosProxy>(new ChaosProxy(std::move(impl)));
}

ChaosProxy::ChaosProxy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ChaosProxy::~ChaosProxy() {
  asio::post(impl_->io, [impl = impl_.get()] {
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
    impl->reset_all();
    impl->io.stop();
  });
  if (impl_->thread.joinable()) impl_->thread.join();
}

unsigned short ChaosProxy::port() const { return impl_->acceptor.local_endpoint().port(); }

void ChaosProxy::set_faults(const LinkFaults& upstream, const LinkFaults& downstream) {
  std::lock_guard lock(impl_->settings_mutex);
  impl_->options.upstream = upstream;
  impl_->options.downstream = downstream;
}

void ChaosProxy::partition() {
  run_on_io([impl = impl_.get()] {
    impl->partitioned = true;
    impl->reset_all();
  });
}

void ChaosProxy::heal() {
  run_on_io([impl = impl_.get()] { impl->partitioned = false; });
}

void ChaosProxy::run_on_io(std::function<void()> task) {
  std::promise<void> done;
  asio::post(impl_->io, [&task, &done] {
    task();
    done.set_value();
  });
  done.get_future().wait();
}

ProxyFigures ChaosProxy::figures() const {
  ProxyFigures figures;
  figures.connections = impl_->connections.load();
  figures.refused = impl_->refused.load();
  figures.resets = impl_->resets.load();
  figures.cuts = impl_->cuts.load();
  figures.stalls = impl_->stalls.load();
  figures.bytes_up = impl_->bytes_up.load();
  figures.bytes_down = impl_->bytes_down.load();
  return figures;
}

}  // namespace tally::faults

// The simulated server over tallyd's real core (sim_server.hpp).
#include "sim_server.hpp"

#include <future>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <variant>

#include "base/metrics.hpp"
#include "core/core.hpp"
#include "sync/sync_session.hpp"
#include "tally/server/sqlite_store.hpp"
#include "tallyd_process.hpp"
#include "temp_dir.hpp"

namespace tally::sim {
namespace {

template <typename T>
const T* frame_as(const Result<engine::Message>& message) {
  return message.ok() ? std::get_if<T>(&message.value()) : nullptr;
}

}  // namespace

class SimSession;

struct SimServer::State {
  std::string server_id;
  engine::Ed25519PublicKey public_key{};
  std::uint64_t clock_origin_ms = 0;
  testkit::TempDir dir;
  server::Metrics metrics;
  std::unique_ptr<server::Store> store;
  std::unique_ptr<server::Core> core;

  // Where the frames of the call being handled go, and when.
  SimNetwork* network = nullptr;
  SimTime now = 0;
  std::vector<std::shared_ptr<SimSession>> sessions;  // per endpoint; null: none open

  // Work the sessions posted (from the core's publisher thread, or their own calls), per
  // endpoint, run by settle() in endpoint order.
  std::mutex posted_mutex;
  std::map<std::size_t, std::vector<std::function<void()>>> posted;

  // The committed log, read from the store after every call, and what it implies.
  std::vector<engine::AuditEntry> log;
  std::unordered_map<std::string, std::uint64_t> stored_per_device;
  ServerStats stats;

  void post(std::size_t endpoint, std::function<void()> task) {
    std::lock_guard lock(posted_mutex);
    posted[endpoint].push_back(std::move(task));
  }
  // Waits for the core's pending commits, runs the posted work, until none is left; then
  // reads the new log entries.
  void settle();
  void end_session(std::size_t endpoint);
};

// tallyd's sync session with the simulated network as its transport.
class SimSession final : public server::SyncSession {
 public:
  SimSession(SimServer::State& server, std::size_t endpoint, std::uint64_t epoch)
      : SyncSession(*server.core), server_(server), endpoint_(endpoint), epoch_(epoch) {}

  [[nodiscard]] std::uint64_t epoch() const { return epoch_; }

  bool send_frame(std::string frame) override {
    const auto message = engine::decode(frame);
    if (const auto* error = frame_as<engine::ErrorMessage>(message)) {
      ++server_.stats.errors_sent[static_cast<std::uint16_t>(error->code)];
    } else if (frame_as<engine::WelcomeMessage>(message) != nullptr) {
      ++server_.stats.welcomes;
    }
    server_.network->send(endpoint_, epoch_, Direction::kToDevice, std::move(frame), server_.now);
    return true;
  }
  void close_session(ErrorCode, std::string) override {
    server_.network->close(endpoint_, epoch_);
    server_.post(endpoint_, [this, self = shared_from_this()] {
      if (server_.sessions[endpoint_] == self) server_.end_session(endpoint_);
    });
  }
  void post_task(std::function<void()> task) override { server_.post(endpoint_, std::move(task)); }
  [[nodiscard]] std::size_t queued_frames() const override { return 0; }
  [[nodiscard]] std::string peer() const override { return "sim-" + std::to_string(endpoint_); }

 private:
  SimServer::State& server_;
  std::size_t endpoint_;
  std::uint64_t epoch_;
};

void SimServer::State::settle() {
  for (;;) {
    std::promise<void> published;
    core->after_pending_commits([&] { published.set_value(); });
    published.get_future().wait();
    std::map<std::size_t, std::vector<std::function<void()>>> work;
    {
      std::lock_guard lock(posted_mutex);
      work.swap(posted);
    }
    if (work.empty()) break;
    for (auto& [endpoint, tasks] : work) {
      for (auto& task : tasks) task();
    }
  }
  auto scanned = store->scan_log(log.size(), [&](const server::LogRow& row) {
    log.push_back(row.entry);
    ++stored_per_device[row.dot.device];
    return true;
  });
  if (!scanned.ok()) throw std::runtime_error(scanned.error().to_string());
}

void SimServer::State::end_session(std::size_t endpoint) {
  if (auto session = std::move(sessions[endpoint])) session->on_closed();
}

SimServer::SimServer(std::string server_id, engine::Ed25519KeyPair key,
                     std::vector<Enrolment> devices, std::uint64_t clock_origin_ms)
    : state_(std::make_unique<State>()) {
  State& state = *state_;
  state.server_id = std::move(server_id);
  state.public_key = key.public_key();
  state.clock_origin_ms = clock_origin_ms;
  state.sessions.resize(devices.size());

  server::SqliteStoreOptions options;
  options.path = state.dir.file("tallyd.db");
  options.sync = server::SyncMode::kNormal;  // a simulated crash never loses the disk
  options.read_connections = 1;
  auto store = server::open_sqlite_store(options);
  if (!store.ok()) throw std::runtime_error(store.error().to_string());
  state.store = std::move(store).value();
  server::WriteSet enrolled;
  for (const Enrolment& device : devices) {
    enrolled.new_devices.push_back(server::DeviceRow{device.device_id, device.key, device.role,
                                                     device.station_id, device.device_id,
                                                     clock_origin_ms, false});
  }
  if (auto committed = state.store->commit(enrolled); !committed.ok()) {
    throw std::runtime_error(committed.error().to_string());
  }
  auto reference = server::Reference::load(testkit::read_file(testkit::test_election_path()),
                                           testkit::read_file(testkit::test_schema_path()));
  if (!reference.ok()) throw std::runtime_error(reference.error().to_string());
  server::CoreOptions core_options;
  core_options.download_page_ops = kDownloadPageOps;
  core_options.max_ops_per_second_per_device = 0;  // the rate limiter reads the real clock
  auto core = server::Core::open(*state.store, std::move(reference).value(), std::move(key),
                                 state.server_id, core_options, state.metrics,
                                 [&state] { return state.clock_origin_ms + state.now; });
  if (!core.ok()) throw std::runtime_error(core.error().to_string());
  state.core = std::move(core).value();
}

SimServer::~SimServer() {
  for (std::size_t endpoint = 0; endpoint < state_->sessions.size(); ++endpoint) {
    state_->end_session(endpoint);
  }
  state_->core->shutdown();
}

void SimServer::on_connect(std::size_t endpoint, std::uint64_t epoch, SimNetwork& network,
                           SimTime now) {
  state_->network = &network;
  state_->now = now;
  state_->end_session(endpoint);
  auto session = std::make_shared<SimSession>(*state_, endpoint, epoch);
  state_->sessions[endpoint] = session;
  session->on_open();
  state_->settle();
}

void SimServer::on_frame(std::size_t endpoint, std::uint64_t epoch, std::string_view frame,
                         SimNetwork& network, SimTime now) {
  const auto& session = state_->sessions[endpoint];
  if (!session || session->epoch() != epoch) return;  // the connection was closed meanwhile
  state_->network = &network;
  state_->now = now;
  const auto message = engine::decode(frame);
  if (frame_as<engine::UploadBatchMessage>(message) != nullptr) ++state_->stats.batches;
  if (frame_as<engine::DownloadRequestMessage>(message) != nullptr) ++state_->stats.downloads;
  session->on_frame(frame);
  state_->settle();
}

const std::string& SimServer::server_id() const { return state_->server_id; }
const engine::Ed25519PublicKey& SimServer::public_key() const { return state_->public_key; }

engine::Replica SimServer::replica() const {
  engine::Replica replica;
  state_->core->read_state([&](const server::ElectionState& state) { replica = state.replica(); });
  return replica;
}

const std::vector<engine::AuditEntry>& SimServer::log() const { return state_->log; }
std::uint64_t SimServer::log_index() const { return state_->log.size(); }

engine::Sha256Digest SimServer::head() const {
  return state_->log.empty() ? engine::Sha256Digest{} : state_->log.back().hash;
}

std::uint64_t SimServer::acked_counter(const std::string& device_id) const {
  const auto it = state_->stored_per_device.find(device_id);
  return it == state_->stored_per_device.end() ? 0 : it->second;
}

std::optional<engine::Ed25519PublicKey> SimServer::device_key(const std::string& id) const {
  for (const auto& device : state_->core->devices()) {
    if (device.id == id) return device.public_key;
  }
  return std::nullopt;
}

Result<engine::SignedHead> SimServer::sign_current_head() const {
  return state_->core->latest_head();
}

ServerStats SimServer::stats() const {
  ServerStats stats = state_->stats;
  stats.ops_stored = state_->log.size();
  stats.duplicates_reacked = state_->metrics.duplicate_ops_total();
  return stats;
}

}  // namespace tally::sim

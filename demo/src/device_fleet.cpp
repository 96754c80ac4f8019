#include "device_fleet.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "dataset.hpp"
#include "parallel.hpp"

namespace tally::demo {

namespace {

constexpr int kEnrolAttempts = 5;

}  // namespace

DeviceFleet::DeviceFleet(const WorkerPlan& plan) : plan_(plan) {
  for (const auto& device : plan.devices) {
    auto runtime = std::make_unique<FleetDevice>();
    runtime->plan = &device;
    devices_.push_back(std::move(runtime));
  }
}

DeviceFleet::~DeviceFleet() {
  for (auto& device : devices_) {
    if (device->client) device->client->stop_sync();
  }
}

Status DeviceFleet::open_one(FleetDevice& device, bool enrol) {
  auto opened = client::Client::open(device.plan->store);
  if (!opened) return std::move(opened).error();
  device.client = std::move(opened).value();
  FleetDevice* observed = &device;
  device.client->set_state_observer([observed](const client::SyncState& state) {
    const auto phase = static_cast<std::uint64_t>(state.phase);
    const auto previous = observed->last_phase.exchange(phase);
    const bool online = state.phase == client::SyncPhase::kSyncing ||
                        state.phase == client::SyncPhase::kUpToDate;
    if (online && previous == static_cast<std::uint64_t>(client::SyncPhase::kConnecting)) {
      observed->sessions.fetch_add(1);
    }
    observed->online.store(online);
    observed->up_to_date.store(state.phase == client::SyncPhase::kUpToDate);
    observed->pending.store(state.ops_pending);
  });
  device.pending.store(device.client->sync_state().ops_pending);
  if (!enrol || device.client->device()) return {};
  client::EnrolRequest request;
  request.server_url = plan_.sync_url;
  request.code = device.plan->code;
  request.ca_pem = ca_pem_;
  for (int attempt = 1;; ++attempt) {
    auto enrolled = device.client->enrol(request);
    if (enrolled || !enrolled.error().transient || attempt == kEnrolAttempts) {
      if (!enrolled) {
        Error error = std::move(enrolled).error();
        error.message = device.plan->name + ": enrolment: " + error.message;
        return error;
      }
      return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
  }
}

Status DeviceFleet::open_all(bool enrol, std::size_t threads,
                             const std::function<void(std::size_t)>& progress) {
  auto ca = read_file(plan_.ca_file);
  if (!ca) return std::move(ca).error();
  ca_pem_ = std::move(ca).value();
  return for_each_item(
      devices_.size(), threads,
      [&]() -> ItemWork {
        return [this, enrol](std::size_t i) { return open_one(*devices_[i], enrol); };
      },
      progress);
}

std::uint64_t last_own_counter(client::Client& client,
                               const std::vector<std::pair<engine::FormId, std::string>>& paths) {
  const std::string self = client.device() ? client.device()->device_id : std::string{};
  std::uint64_t last = 0;
  for (const auto& [form, path] : paths) {
    auto history = client.history(form, path);
    if (!history) continue;
    for (const auto& entry : *history) {
      if (entry.entry.dot.device == self) last = std::max(last, entry.entry.dot.counter);
    }
  }
  return last;
}

void report_counter(client::Client& client,
                    const std::vector<std::pair<engine::FormId, std::string>>& paths) {
  if (!client.device()) return;
  std::cout << "counter " << client.device()->device_id << " " << last_own_counter(client, paths)
            << std::endl;
}

FleetFigures DeviceFleet::figures() const {
  FleetFigures figures;
  for (const auto& device : devices_) {
    figures.online += device->online.load() ? std::size_t{1} : std::size_t{0};
    figures.pending += device->pending.load();
    figures.sessions += device->sessions.load();
  }
  return figures;
}

Status play_step(client::Client& device, const Step& step) {
  switch (step.kind) {
    case Step::Kind::kGoOnline:
      return device.start_sync();
    case Step::Kind::kGoOffline:
      device.stop_sync();
      return {};
    case Step::Kind::kSubmit:
      return device.submit(step.form);
    case Step::Kind::kSet:
      if (const auto* count = std::get_if<engine::Count>(&step.value)) {
        return device.set_count(step.form, step.path, *count);
      }
      return device.set_text(step.form, step.path, std::get<std::string>(step.value));
  }
  return {};
}

}  // namespace tally::demo

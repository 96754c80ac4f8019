// Running one schedule and checking its invariants (sim_world.hpp).
#include "sim_world.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <utility>

#include "sim_checks.hpp"
#include "sim_device.hpp"

namespace tally::sim {
namespace {

// True time at simulated 0: election day, 23 May 2021, 07:00 in Hà Nội (UTC+7).
constexpr std::uint64_t kClockOriginMs = 1'621'728'000'000;
constexpr const char* kServerId = "tallyd-sim";

void append(std::vector<std::string>& to, std::vector<std::string> more) {
  for (std::string& failure : more) to.push_back(std::move(failure));
}

// Converged: every device has made, delivered and downloaded everything, and nobody has
// anything left to do, so no later frame can change any replica.
bool quiescent(const SimServer& server, const std::vector<SimDevice>& devices) {
  for (const SimDevice& device : devices) {
    if (!device.settled() || device.cursor() != server.log_index()) return false;
  }
  return true;
}

// The run's last checks: ledger, receipts, replicas, resolution, audit chain, errors.
void check_end(const SimServer& server, const std::vector<SimDevice>& devices,
               ScheduleResult& result) {
  const engine::Replica replica = server.replica();
  std::vector<DeviceLedger> ledgers;
  for (const SimDevice& device : devices) {
    ledgers.push_back(DeviceLedger{device.id(), device.made(), device.acked()});
    result.ops_made += device.made().size();
    result.heads_checked += device.heads_seen().size() + device.receipts().size();
    result.adjudications += device.stats().adjudications;
    result.resends += device.stats().resends;
    append(result.failures, device.violations());
    append(result.failures, check_receipts(server.log(), device));
    if (result.converged) append(result.failures, check_replica(replica, device));
  }
  LedgerCheck ledger = check_ledger(server.log(), ledgers, result.converged);
  result.ops_checked = ledger.ops_checked;
  result.lost = ledger.lost;
  result.duplicates = ledger.duplicates;
  append(result.failures, std::move(ledger.failures));
  if (result.converged) append(result.failures, check_resolved(replica));

  Result<engine::SignedHead> head = server.sign_current_head();
  if (!head) {
    result.failures.push_back("cannot sign the head: " + head.error().to_string());
  } else if (!server.log().empty()) {
    const engine::ChainVerdict verdict =
        engine::verify_chain(server.log(), {*head}, server.public_key(),
                             [&](const std::string& id) { return server.device_key(id); });
    if (!verdict.ok()) result.failures.push_back("audit chain: " + verdict.message);
  }
  // The network keeps each connection's order and never duplicates a frame, so an honest
  // device is never refused anything.
  for (const auto& [code, count] : server.stats().errors_sent) {
    result.failures.push_back("server refused " + std::to_string(count) + " frame(s) with E" +
                              std::to_string(code));
  }
  result.final_head = server.head();
  result.log_size = server.log_index();
}

}  // namespace

ScheduleResult run_schedule(const Schedule& schedule) {
  ScheduleResult result;
  result.seed = schedule.seed;
  result.devices = schedule.devices.size();
  result.double_entries = schedule.double_entries;
  Rng rng(schedule.seed ^ 0x5eed5eed5eed5eedULL);

  Result<engine::Ed25519KeyPair> server_key = engine::keypair_from_seed(schedule.server_key_seed);
  if (!server_key) {
    result.failures.push_back("server key: " + server_key.error().to_string());
    return result;
  }
  const engine::Ed25519PublicKey server_public = server_key->public_key();
  std::vector<Enrolment> enrolments;
  std::vector<SimDevice> devices;
  for (std::size_t i = 0; i < schedule.devices.size(); ++i) {
    const DeviceSetup& setup = schedule.devices[i];
    Result<engine::Ed25519KeyPair> key = engine::keypair_from_seed(setup.key_seed);
    if (!key) {
      result.failures.push_back(setup.device_id + " key: " + key.error().to_string());
      return result;
    }
    enrolments.push_back(
        Enrolment{setup.device_id, setup.role, setup.station_id, key->public_key()});
    const auto skew = static_cast<std::uint64_t>(std::llabs(setup.clock_skew_ms));
    result.max_skew_ms = std::max(result.max_skew_ms, skew);
    devices.emplace_back(i, setup, std::move(*key), kServerId, server_public, kClockOriginMs,
                         rng.fork());
  }
  SimNetwork network(devices.size(), schedule.faults, rng.fork());
  SimServer server(kServerId, std::move(*server_key), std::move(enrolments), kClockOriginMs);

  const SimTime heal_at = schedule.faults.heal_at;
  for (SimTime now = 0;; now += kTickMs) {
    network.update(now);
    while (std::optional<Delivery> delivery = network.next_due(now)) {
      if (delivery->direction == Direction::kToServer) {
        server.on_frame(delivery->device, delivery->epoch, delivery->frame, network, now);
      } else {
        devices[delivery->device].on_frame(delivery->epoch, delivery->frame, network, now);
      }
    }
    for (SimDevice& device : devices) device.tick(network, now);
    for (const auto& [endpoint, epoch] : network.take_opened()) {
      server.on_connect(endpoint, epoch, network, now);
    }
    for (const SimDevice& device : devices) {  // checked at every step
      if (server.acked_counter(device.id()) < device.acked()) {
        result.failures.push_back("at " + std::to_string(now) + " ms " + device.id() +
                                  " holds an ack for counter " + std::to_string(device.acked()) +
                                  " but the server stored only " +
                                  std::to_string(server.acked_counter(device.id())));
      }
    }
    if (!result.failures.empty()) break;
    if (now >= heal_at && quiescent(server, devices)) {
      result.converged = true;
      result.convergence_ms = now - heal_at;
      break;
    }
    if (now >= heal_at + kConvergenceDeadlineMs) {
      result.failures.push_back("not converged " + std::to_string(kConvergenceDeadlineMs) +
                                " ms after the heal");
      break;
    }
  }
  result.network = network.stats();
  result.server = server.stats();
  check_end(server, devices, result);
  return result;
}

}  // namespace tally::sim

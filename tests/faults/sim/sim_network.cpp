// The simulated network: latency, losses that reset connections, partitions (sim_network.hpp).
#include "sim_network.hpp"

#include <algorithm>
#include <utility>

namespace tally::sim {

SimNetwork::SimNetwork(std::size_t devices, NetworkFaults faults, Rng rng)
    : faults_(std::move(faults)),
      rng_(rng),
      open_epoch_(devices, 0),
      draining_(devices),
      last_due_(devices) {
  std::sort(faults_.partitions.begin(), faults_.partitions.end(),
            [](const Partition& a, const Partition& b) { return a.start < b.start; });
}

bool SimNetwork::cut_off(std::size_t device, SimTime now) const {
  return std::any_of(faults_.partitions.begin(), faults_.partitions.end(), [&](const Partition& p) {
    return p.start <= now && now < p.end && p.cut[device];
  });
}

void SimNetwork::update(SimTime now) {
  while (next_partition_ < faults_.partitions.size() &&
         faults_.partitions[next_partition_].start <= now) {
    const Partition& partition = faults_.partitions[next_partition_++];
    ++stats_.partitions;
    for (std::size_t device = 0; device < open_epoch_.size(); ++device) {
      if (partition.cut[device]) reset(device);
    }
  }
}

void SimNetwork::reset(std::size_t device) {
  draining_[device] = Draining{};
  if (open_epoch_[device] != 0) {
    open_epoch_[device] = 0;
    ++stats_.resets;
  }
}

std::optional<std::uint64_t> SimNetwork::connect(std::size_t device, SimTime now) {
  if (cut_off(device, now)) return std::nullopt;
  open_epoch_[device] = next_epoch_++;
  last_due_[device] = {0, 0};
  opened_.emplace_back(device, open_epoch_[device]);
  ++stats_.connections;
  return open_epoch_[device];
}

std::vector<std::pair<std::size_t, std::uint64_t>> SimNetwork::take_opened() {
  return std::exchange(opened_, {});
}

void SimNetwork::close(std::size_t device, std::uint64_t epoch) {
  if (open_epoch_[device] != epoch) return;
  open_epoch_[device] = 0;
  draining_[device] = Draining{epoch, sequence_};
}

bool SimNetwork::is_open(std::size_t device, std::uint64_t epoch) const {
  return epoch != 0 && open_epoch_[device] == epoch;
}

void SimNetwork::schedule(Delivery delivery, SimTime now) {
  SimTime& last_due = last_due_[delivery.device][static_cast<std::size_t>(delivery.direction)];
  delivery.at =
      std::max(now + rng_.between(faults_.min_latency_ms, faults_.max_latency_ms), last_due);
  last_due = delivery.at;
  delivery.sequence = sequence_++;
  in_flight_.push(std::move(delivery));
}

void SimNetwork::send(std::size_t device, std::uint64_t epoch, Direction direction,
                      std::string frame, SimTime now) {
  ++stats_.frames_sent;
  if (!is_open(device, epoch)) {
    ++stats_.frames_dropped;
    return;
  }
  if (now < faults_.heal_at && rng_.chance(faults_.drop_percent)) {
    ++stats_.frames_dropped;
    reset(device);
    return;
  }
  schedule(Delivery{0, 0, device, epoch, direction, std::move(frame)}, now);
}

std::optional<Delivery> SimNetwork::next_due(SimTime now) {
  while (!in_flight_.empty() && in_flight_.top().at <= now) {
    Delivery delivery = in_flight_.top();
    in_flight_.pop();
    const Draining& draining = draining_[delivery.device];
    const bool sent_before_close =
        draining.epoch == delivery.epoch && delivery.sequence < draining.sent_before;
    if (!is_open(delivery.device, delivery.epoch) && !sent_before_close) {
      ++stats_.frames_dropped;
      continue;
    }
    ++stats_.frames_delivered;
    return delivery;
  }
  return std::nullopt;
}

}  // namespace tally::sim

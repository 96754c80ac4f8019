// One simulated election-night schedule, drawn from a seed: who the devices are, what
// their officers enter and when (including concurrent double entries of one field with
// different values), their clock skews, and the network's faults. Used by sim_world.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include "sim_device.hpp"
#include "sim_network.hpp"

namespace tally::sim {

// Officers stop editing at kEditsEndMs. Faults last until kFaultsEndMs or the end of the
// last partition if later; one partition always ends exactly then (the heal).
inline constexpr SimTime kEditsEndMs = 20'000;
inline constexpr SimTime kFaultsEndMs = 25'000;
inline constexpr std::int64_t kMaxClockSkewMs = 3 * 3'600'000;  // three hours either way

// Everything a schedule needs, all of it a function of the seed.
struct Schedule {
  std::uint64_t seed = 0;
  engine::Ed25519Seed server_key_seed{};
  std::vector<DeviceSetup> devices;  // officers, then one supervisor
  NetworkFaults faults;
  std::uint64_t double_entries = 0;  // field pairs entered concurrently with different values
};

Schedule make_schedule(std::uint64_t seed);

}  // namespace tally::sim

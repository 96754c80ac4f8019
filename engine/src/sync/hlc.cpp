#include "tally/engine/hlc.hpp"

#include <algorithm>
#include <limits>

namespace tally::engine {
namespace {

// `physical` with logical counter `logical + 1`. The counter is 32 bits; if it would
// overflow (only with a physical part stuck for 4 billion events), the stamp moves one
// millisecond forward instead, which keeps it strictly increasing.
Hlc next_logical(std::uint64_t physical, std::uint32_t logical) {
  if (logical == std::numeric_limits<std::uint32_t>::max()) return Hlc{physical + 1, 0};
  return Hlc{physical, logical + 1};
}

}  // namespace

Hlc hlc_now(Hlc last, std::uint64_t wall_ms) {
  if (wall_ms > last.physical_ms) return Hlc{wall_ms, 0};
  return next_logical(last.physical_ms, last.logical);
}

Hlc hlc_observe(Hlc local, Hlc remote, std::uint64_t wall_ms) {
  const std::uint64_t physical = std::max({local.physical_ms, remote.physical_ms, wall_ms});
  const bool from_local = physical == local.physical_ms;
  const bool from_remote = physical == remote.physical_ms;
  if (from_local && from_remote) {
    return next_logical(physical, std::max(local.logical, remote.logical));
  }
  if (from_local) return next_logical(physical, local.logical);
  if (from_remote) return next_logical(physical, remote.logical);
  return Hlc{physical, 0};
}

std::int64_t hlc_skew_ms(Hlc remote, std::uint64_t local_wall_ms) {
  if (remote.physical_ms >= local_wall_ms) {
    const std::uint64_t ahead = remote.physical_ms - local_wall_ms;
    return ahead > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
               ? std::numeric_limits<std::int64_t>::max()
               : static_cast<std::int64_t>(ahead);
  }
  const std::uint64_t behind = local_wall_ms - remote.physical_ms;
  return behind > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
             ? std::numeric_limits<std::int64_t>::min()
             : -static_cast<std::int64_t>(behind);
}

}  // namespace tally::engine

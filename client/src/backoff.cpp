#include "backoff.hpp"

#include <algorithm>

namespace tally::client {

std::chrono::milliseconds backoff_ceiling(unsigned attempt, std::chrono::milliseconds base,
                                          std::chrono::milliseconds cap) {
  // Doubling past 2^30 overflows nothing useful: the cap is reached long before.
  auto ceiling = base.count() << std::min(attempt, 30u);
  return std::chrono::milliseconds(std::min<std::chrono::milliseconds::rep>(ceiling, cap.count()));
}

std::chrono::milliseconds backoff_delay(unsigned attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, std::mt19937_64& random) {
  std::uniform_int_distribution<std::chrono::milliseconds::rep> pick(
      0, backoff_ceiling(attempt, base, cap).count());
  return std::chrono::milliseconds(pick(random));
}

}  // namespace tally::client

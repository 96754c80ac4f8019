#include "random.hpp"

#include <numeric>

namespace tally::engine::dataset {

std::int64_t Random::uniform(std::int64_t low, std::int64_t high) {
  auto range = static_cast<std::uint64_t>(high - low) + 1;
  // 2^64 mod range: drawing below it would favour the small residues.
  std::uint64_t threshold = (std::uint64_t{0} - range) % range;
  std::uint64_t draw = next();
  while (draw < threshold) draw = next();
  return low + static_cast<std::int64_t>(draw % range);
}

std::size_t Random::index(std::size_t size) {
  return static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(size) - 1));
}

bool Random::chance(int per_mille) { return uniform(0, 999) < per_mille; }

std::size_t Random::weighted_index(const std::vector<std::int64_t>& weights) {
  std::int64_t draw =
      uniform(0, std::accumulate(weights.begin(), weights.end(), std::int64_t{0}) - 1);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (draw < weights[i]) return i;
    draw -= weights[i];
  }
  return weights.size() - 1;
}

std::vector<std::int64_t> Random::split(std::int64_t total, std::size_t parts, std::int64_t minimum,
                                        std::int64_t maximum, std::int64_t spread) {
  std::vector<std::int64_t> sizes(parts, minimum);
  std::vector<std::int64_t> weights(parts);
  for (auto& weight : weights) weight = uniform(1, spread);
  for (std::int64_t rest = total - minimum * static_cast<std::int64_t>(parts); rest > 0; --rest) {
    std::size_t part = weighted_index(weights);
    if (++sizes[part] == maximum) weights[part] = 0;
  }
  return sizes;
}

}  // namespace tally::engine::dataset

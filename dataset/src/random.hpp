// The data-set generator's source of randomness: std::mt19937_64, whose output sequence the
// C++ standard fixes, with integer helpers of our own (the standard distributions' output
// is implementation-defined). Same seed → same data set on every platform.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace tally::engine::dataset {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [low, high] (low <= high), without modulo bias.
  std::int64_t uniform(std::int64_t low, std::int64_t high);
  // Uniform index in [0, size) (size > 0).
  std::size_t index(std::size_t size);
  // True with probability per_mille / 1000.
  bool chance(int per_mille);
  // An index drawn with probability proportional to weights[i] (weights ≥ 0, sum > 0).
  std::size_t weighted_index(const std::vector<std::int64_t>& weights);

  // Fisher–Yates shuffle.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[index(i)]);
  }

  // `total` split into `parts` sizes (parts > 0), each in minimum..maximum
  // (parts × minimum ≤ total ≤ parts × maximum), spread by random weights 1..`spread`.
  std::vector<std::int64_t> split(std::int64_t total, std::size_t parts, std::int64_t minimum,
                                  std::int64_t maximum, std::int64_t spread);

 private:
  std::uint64_t next() { return engine_(); }
  std::mt19937_64 engine_;
};

}  // namespace tally::engine::dataset

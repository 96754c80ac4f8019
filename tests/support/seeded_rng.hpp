// The tests' seeded source of randomness: SplitMix64 (Steele, Lea, Flood 2014), small, fast
// and good enough to pick schedules. Every random choice of a property test or a simulated
// schedule is drawn from it, so a failure replays exactly from the seed the test prints.
// Used by the engine's property tests and the fault simulation (tests/faults/sim).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace tally::testkit {

class SeededRng {
 public:
  explicit SeededRng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  std::size_t index(std::size_t n) { return static_cast<std::size_t>(below(n)); }
  // Uniform in [low, high].
  std::uint64_t between(std::uint64_t low, std::uint64_t high) {
    return low + below(high - low + 1);
  }
  bool chance(std::uint64_t percent) { return below(100) < percent; }
  // A generator for a sub-component, independent of later draws from this one.
  SeededRng fork() { return SeededRng(next()); }
  // Fisher–Yates.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[index(i)]);
  }

 private:
  std::uint64_t state_;
};

}  // namespace tally::testkit

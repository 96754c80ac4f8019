// DotSet: a compact set of dots, also used as a version vector.
//
// Per device it stores a contiguous prefix (every counter 1..prefix is in the set) plus
// the counters above it that are present out of order. Delivery in counter order keeps
// the exceptions empty, so the metadata stays the size of the device count, not the
// edit count.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace tally::engine {

struct Dot;

class DotSet {
 public:
  // The dots of one device.
  struct DeviceDots {
    std::uint64_t prefix = 0;              // counters 1..prefix are all present
    std::set<std::uint64_t> exceptions;    // present counters > prefix + 1
    bool operator==(const DeviceDots&) const = default;
  };

  DotSet() = default;

  [[nodiscard]] bool contains(const Dot& dot) const;
  void add(const Dot& dot);
  // Adds `dot`; true if it was not in the set before (one lookup for check-and-add).
  bool insert(const Dot& dot);
  // Adds every dot of `other` (set union).
  void merge(const DotSet& other);
  // True if every dot of `other` is in this set.
  [[nodiscard]] bool covers(const DotSet& other) const;
  [[nodiscard]] bool empty() const { return devices_.empty(); }
  // Highest counter c such that 1..c are all present for `device` (0 if none).
  [[nodiscard]] std::uint64_t contiguous(const std::string& device) const;

  // Read access for encoding; devices in ascending id order, so encoding is canonical.
  [[nodiscard]] const std::map<std::string, DeviceDots>& devices() const { return devices_; }
  // Builds a set from decoded parts; normalises (folds exceptions into the prefix).
  static DotSet from_devices(std::map<std::string, DeviceDots> devices);

  bool operator==(const DotSet&) const = default;

 private:
  void normalise(DeviceDots& dots);
  std::map<std::string, DeviceDots> devices_;
};

using VersionVector = DotSet;

}  // namespace tally::engine

// DotSet: a compact set of dots, also used as a version vector.
//
// Per device it stores a contiguous prefix (every counter 1..prefix is in the set) plus
// the counters above it that are present out of order. Delivery in counter order keeps
// the exceptions empty, so the metadata stays the size of the device count, not the
// edit count. Used by ops (their context), form state (applied and covered sets), the
// replica, the codecs, and the server and client through them.
//
// Storage is flat: one vector of devices sorted by id, each with its exceptions in a
// sorted vector. The first kInlineDevices devices live inside the set itself, so the
// few-device sets of apply (an op's context, a form's applied dots, a field's covered
// dots) cost no allocation and no pointer chase, not a tree node per device and per
// exception.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::engine {

struct Dot;

class DotSet {
 public:
  // The dots of one device.
  struct DeviceDots {
    std::uint64_t prefix = 0;               // counters 1..prefix are all present
    std::vector<std::uint64_t> exceptions;  // present counters > prefix + 1, ascending
    bool operator==(const DeviceDots&) const = default;
  };

  // One device's entry: `[device, dots]` with structured bindings.
  using Entry = std::pair<std::string, DeviceDots>;
  // Devices held without a heap allocation: an officer's and a supervisor's.
  static constexpr std::size_t kInlineDevices = 2;
  using Entries = boost::container::small_vector<Entry, kInlineDevices>;

  // Read-only view of the devices, in ascending id order (so encoding is canonical), with
  // the lookups of the std::map it replaces. Valid until the set changes.
  class Devices {
   public:
    using value_type = Entry;
    using const_iterator = Entries::const_iterator;
    using iterator = const_iterator;

    explicit Devices(const Entries& entries) : entries_(&entries) {}
    [[nodiscard]] const_iterator begin() const { return entries_->begin(); }
    [[nodiscard]] const_iterator end() const { return entries_->end(); }
    [[nodiscard]] std::size_t size() const { return entries_->size(); }
    [[nodiscard]] bool empty() const { return entries_->empty(); }
    // The device's entry, or end().
    [[nodiscard]] const_iterator find(std::string_view device) const;
    // 1 if the device has dots, else 0.
    [[nodiscard]] std::size_t count(std::string_view device) const {
      return find(device) == end() ? 0 : 1;
    }
    [[nodiscard]] bool contains(std::string_view device) const { return count(device) == 1; }
    // The device's dots; throws std::out_of_range if it has none (as std::map::at).
    [[nodiscard]] const DeviceDots& at(std::string_view device) const;

   private:
    const Entries* entries_;
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
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  // Highest counter c such that 1..c are all present for `device` (0 if none).
  [[nodiscard]] std::uint64_t contiguous(std::string_view device) const;

  // Read access for encoding; devices in ascending id order, so encoding is canonical.
  [[nodiscard]] Devices devices() const { return Devices(entries_); }
  // Builds a set from decoded parts, in any order: sorts the devices, unites the entries
  // of a repeated device, normalises (sorts the exceptions, folds them into the prefix)
  // and drops devices without dots.
  static DotSet from_devices(Entries devices);

  bool operator==(const DotSet&) const = default;

 private:
  Entries entries_;  // ascending by device id, no device without dots
};

using VersionVector = DotSet;

}  // namespace tally::engine

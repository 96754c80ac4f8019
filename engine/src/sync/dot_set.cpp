#include "tally/engine/dot_set.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "tally/engine/op.hpp"

namespace tally::engine {
namespace {

using Entry = DotSet::Entry;
using DeviceDots = DotSet::DeviceDots;
using Entries = DotSet::Entries;

// First entry whose device is not below `device`.
template <typename Iterator>
Iterator lower_bound_device(Iterator first, Iterator last, std::string_view device) {
  return std::lower_bound(first, last, device, [](const Entry& entry, std::string_view id) {
    return std::string_view(entry.first) < id;
  });
}

// Restores the normal form of sorted, duplicate-free exceptions: drops those the prefix
// covers, then folds into the prefix those that extend it.
void normalise(DeviceDots& dots) {
  std::vector<std::uint64_t>& exceptions = dots.exceptions;
  auto it = std::upper_bound(exceptions.begin(), exceptions.end(), dots.prefix);
  while (it != exceptions.end() && *it == dots.prefix + 1) {
    ++dots.prefix;
    ++it;
  }
  exceptions.erase(exceptions.begin(), it);
}

// Adds `theirs` to `mine` (one device's union).
void unite(DeviceDots& mine, const DeviceDots& theirs) {
  mine.prefix = std::max(mine.prefix, theirs.prefix);
  if (mine.exceptions.empty() && theirs.exceptions.empty()) return;  // prefixes only
  if (!theirs.exceptions.empty()) {
    const auto middle = static_cast<std::ptrdiff_t>(mine.exceptions.size());
    mine.exceptions.insert(mine.exceptions.end(), theirs.exceptions.begin(),
                           theirs.exceptions.end());
    std::inplace_merge(mine.exceptions.begin(), mine.exceptions.begin() + middle,
                       mine.exceptions.end());
    mine.exceptions.erase(std::unique(mine.exceptions.begin(), mine.exceptions.end()),
                          mine.exceptions.end());
  }
  normalise(mine);
}

// True if `mine` holds every dot of `theirs`; both in normal form, where mine.prefix + 1
// is never present, so a longer prefix can never be covered.
bool covers_device(const DeviceDots& mine, const DeviceDots& theirs) {
  if (theirs.prefix > mine.prefix) return false;
  auto pos = mine.exceptions.begin();
  for (std::uint64_t counter : theirs.exceptions) {
    if (counter <= mine.prefix) continue;
    pos = std::lower_bound(pos, mine.exceptions.end(), counter);
    if (pos == mine.exceptions.end() || *pos != counter) return false;
  }
  return true;
}

}  // namespace

DotSet::Devices::const_iterator DotSet::Devices::find(std::string_view device) const {
  auto it = lower_bound_device(entries_->begin(), entries_->end(), device);
  return it != entries_->end() && it->first == device ? it : entries_->end();
}

const DotSet::DeviceDots& DotSet::Devices::at(std::string_view device) const {
  auto it = find(device);
  if (it == end())
    throw std::out_of_range("DotSet: no dots of device '" + std::string(device) + "'");
  return it->second;
}

bool DotSet::contains(const Dot& dot) const {
  if (dot.counter == 0) return false;
  auto it = devices().find(dot.device);
  if (it == entries_.end()) return false;
  const DeviceDots& dots = it->second;
  return dot.counter <= dots.prefix ||
         std::binary_search(dots.exceptions.begin(), dots.exceptions.end(), dot.counter);
}

void DotSet::add(const Dot& dot) { insert(dot); }

bool DotSet::insert(const Dot& dot) {
  if (dot.counter == 0) return false;  // counters start at 1; 0 means "no op"
  auto it = lower_bound_device(entries_.begin(), entries_.end(), dot.device);
  if (it == entries_.end() || it->first != dot.device) {
    DeviceDots dots;
    if (dot.counter == 1) {
      dots.prefix = 1;
    } else {
      dots.exceptions.push_back(dot.counter);
    }
    entries_.emplace(it, dot.device, std::move(dots));
    return true;
  }
  DeviceDots& dots = it->second;
  if (dot.counter <= dots.prefix) return false;
  if (dot.counter == dots.prefix + 1 && dots.exceptions.empty()) {
    dots.prefix = dot.counter;  // in-order delivery: extend the prefix, nothing to fold
    return true;
  }
  auto pos = std::lower_bound(dots.exceptions.begin(), dots.exceptions.end(), dot.counter);
  if (pos != dots.exceptions.end() && *pos == dot.counter) return false;
  dots.exceptions.insert(pos, dot.counter);
  normalise(dots);
  return true;
}

void DotSet::merge(const DotSet& other) {
  if (other.entries_.empty()) return;
  if (entries_.empty()) {
    entries_ = other.entries_;
    return;
  }
  // Unite the devices both sets know in place, counting the ones only `other` knows.
  std::size_t missing = 0;
  auto mine = entries_.begin();
  for (const Entry& theirs : other.entries_) {
    mine = lower_bound_device(mine, entries_.end(), theirs.first);
    if (mine != entries_.end() && mine->first == theirs.first) {
      unite(mine->second, theirs.second);
    } else {
      ++missing;
    }
  }
  if (missing == 0) return;
  // Then one sorted merge with the missing devices, so a wide `other` costs linear time.
  Entries merged;
  merged.reserve(entries_.size() + missing);
  auto next = entries_.begin();
  for (const Entry& theirs : other.entries_) {
    while (next != entries_.end() && next->first < theirs.first)
      merged.push_back(std::move(*next++));
    if (next != entries_.end() && next->first == theirs.first) {
      merged.push_back(std::move(*next++));
    } else {
      merged.push_back(theirs);
    }
  }
  std::move(next, entries_.end(), std::back_inserter(merged));
  entries_ = std::move(merged);
}

bool DotSet::covers(const DotSet& other) const {
  auto mine = entries_.begin();
  for (const Entry& theirs : other.entries_) {
    mine = lower_bound_device(mine, entries_.end(), theirs.first);
    if (mine == entries_.end() || mine->first != theirs.first) return false;
    if (!covers_device(mine->second, theirs.second)) return false;
  }
  return true;
}

std::uint64_t DotSet::contiguous(std::string_view device) const {
  auto it = devices().find(device);
  return it == entries_.end() ? 0 : it->second.prefix;
}

DotSet DotSet::from_devices(Entries devices) {
  const auto by_device = [](const Entry& a, const Entry& b) { return a.first < b.first; };
  if (!std::is_sorted(devices.begin(), devices.end(), by_device)) {
    std::stable_sort(devices.begin(), devices.end(), by_device);
  }
  std::size_t kept = 0;  // devices[0, kept) are done: distinct, normal, not empty
  for (Entry& entry : devices) {
    std::vector<std::uint64_t>& exceptions = entry.second.exceptions;
    if (!std::is_sorted(exceptions.begin(), exceptions.end())) {
      std::sort(exceptions.begin(), exceptions.end());
    }
    exceptions.erase(std::unique(exceptions.begin(), exceptions.end()), exceptions.end());
    normalise(entry.second);
    if (kept > 0 && devices[kept - 1].first == entry.first) {
      unite(devices[kept - 1].second, entry.second);
    } else if (entry.second.prefix != 0 || !exceptions.empty()) {
      if (&devices[kept] != &entry) devices[kept] = std::move(entry);
      ++kept;
    }
  }
  devices.erase(devices.begin() + static_cast<std::ptrdiff_t>(kept), devices.end());
  DotSet set;
  set.entries_ = std::move(devices);
  return set;
}

}  // namespace tally::engine

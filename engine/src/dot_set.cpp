#include "tally/engine/dot_set.hpp"

#include "tally/engine/op.hpp"

namespace tally::engine {

bool DotSet::contains(const Dot& dot) const {
  auto it = devices_.find(dot.device);
  if (it == devices_.end() || dot.counter == 0) return false;
  return dot.counter <= it->second.prefix || it->second.exceptions.contains(dot.counter);
}

void DotSet::add(const Dot& dot) { insert(dot); }

bool DotSet::insert(const Dot& dot) {
  if (dot.counter == 0) return false;  // counters start at 1; 0 means "no op"
  DeviceDots& dots = devices_[dot.device];
  if (dot.counter <= dots.prefix) return false;
  if (dot.counter == dots.prefix + 1 && dots.exceptions.empty()) {
    dots.prefix = dot.counter;  // in-order delivery: extend the prefix, nothing to fold
    return true;
  }
  if (!dots.exceptions.insert(dot.counter).second) return false;
  normalise(dots);
  return true;
}

void DotSet::merge(const DotSet& other) {
  for (const auto& [device, theirs] : other.devices_) {
    DeviceDots& mine = devices_[device];
    if (theirs.prefix > mine.prefix) mine.prefix = theirs.prefix;
    if (theirs.exceptions.empty() && mine.exceptions.empty()) continue;  // prefixes only
    mine.exceptions.insert(theirs.exceptions.begin(), theirs.exceptions.end());
    normalise(mine);
  }
}

bool DotSet::covers(const DotSet& other) const {
  for (const auto& [device, theirs] : other.devices_) {
    auto it = devices_.find(device);
    if (it == devices_.end()) {
      if (theirs.prefix > 0 || !theirs.exceptions.empty()) return false;
      continue;
    }
    const DeviceDots& mine = it->second;
    if (theirs.prefix > mine.prefix) {
      // Every counter in (mine.prefix, theirs.prefix] must be one of my exceptions.
      for (std::uint64_t c = mine.prefix + 1; c <= theirs.prefix; ++c) {
        if (!mine.exceptions.contains(c)) return false;
      }
    }
    for (std::uint64_t c : theirs.exceptions) {
      if (c > mine.prefix && !mine.exceptions.contains(c)) return false;
    }
  }
  return true;
}

std::uint64_t DotSet::contiguous(const std::string& device) const {
  auto it = devices_.find(device);
  return it == devices_.end() ? 0 : it->second.prefix;
}

DotSet DotSet::from_devices(std::map<std::string, DeviceDots> devices) {
  DotSet set;
  set.devices_ = std::move(devices);
  for (auto it = set.devices_.begin(); it != set.devices_.end();) {
    set.normalise(it->second);
    if (it->second.prefix == 0 && it->second.exceptions.empty()) {
      it = set.devices_.erase(it);
    } else {
      ++it;
    }
  }
  return set;
}

void DotSet::normalise(DeviceDots& dots) {
  // Drop exceptions the prefix already covers, then fold in those that extend it.
  dots.exceptions.erase(dots.exceptions.begin(), dots.exceptions.upper_bound(dots.prefix));
  auto it = dots.exceptions.begin();
  while (it != dots.exceptions.end() && *it == dots.prefix + 1) {
    ++dots.prefix;
    it = dots.exceptions.erase(it);
  }
}

}  // namespace tally::engine

// The wall clock of the night's processes, in milliseconds since the Unix epoch: what
// officers' edits, progress lines and fault checks are stamped with. (The engine reads no
// clock; these programs hand it this one.)
#pragma once

#include <chrono>
#include <cstdint>

namespace tally::demo {

inline std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tally::demo

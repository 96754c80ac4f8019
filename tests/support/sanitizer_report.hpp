// Sanitizer reports of child processes (tallyd, tally-officer, tally-night's workers):
// their stderr goes to a log file, not to the test's output, so the test kit looks for a
// report there and fails the test with it. Used by TallydProcess and by tests that run
// other binaries under the asan-ubsan and tsan presets.
#pragma once

#include <string>
#include <string_view>

namespace tally::testkit {

// The sanitizer report in `log` (AddressSanitizer, LeakSanitizer, ThreadSanitizer or
// UndefinedBehaviorSanitizer), from the line where the first report starts, cut to
// `max_chars`; empty if `log` holds none.
std::string sanitizer_report(std::string_view log, std::size_t max_chars = 8000);

}  // namespace tally::testkit

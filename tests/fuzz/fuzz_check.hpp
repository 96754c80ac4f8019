// Helpers shared by the fuzz targets of tests/fuzz (docs/security.md, "Fuzzing").
//
// A target states the properties every input must satisfy with require(); a violated
// property aborts with a message, so libFuzzer and the corpus replay under ctest report it
// exactly like a crash or a sanitizer finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tally/error.hpp"

namespace tally::fuzz {

// Aborts, naming the property, unless `holds`.
inline void require(bool holds, const char* property) {
  if (!holds) {
    std::fprintf(stderr, "fuzz property violated: %s\n", property);
    std::abort();
  }
}

// Aborts unless a refusal comes from `domain` and carries a message saying why.
inline void require_refusal(const Error& error, ErrorDomain domain, const char* what) {
  require(error.domain() == domain, what);
  require(!error.message.empty(), "a refusal carries a message");
}

// The fuzzer's input as bytes.
inline std::string_view as_bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace tally::fuzz

// The libFuzzer entry point every target defines.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

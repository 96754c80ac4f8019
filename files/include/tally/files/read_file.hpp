// The one whole-file read of the tree: tallyd, tally-offline, tally-officer, the C API and
// the demo read every input file through it. A file someone hands over may be anything:
// /dev/zero (it read until the OOM killer, issue 14), a FIFO (it blocked forever), a
// directory. Only regular files are read, never more than a bound, and opening never blocks.
#pragma once

#include <cstddef>
#include <string>

#include "tally/error.hpp"

namespace tally {

// Bounds for read_file, by kind of file (docs/security.md, "Limits").
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{256} << 20;  // JSON documents
inline constexpr std::size_t kMaxAuditLogBytes = std::size_t{4} << 30;    // an export's log
inline constexpr std::size_t kMaxSmallFileBytes = std::size_t{64} << 10;  // tokens, PEM, URLs

// The whole content of the regular file `path`, at most `max_bytes`. Errors: kNotFound when
// it does not exist; kNotARegularFile for a directory, FIFO, device or socket (found
// without blocking: opened O_NONBLOCK, then fstat); kFileTooLarge above `max_bytes`;
// kIoError otherwise. Messages name the path.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes = kMaxDocumentBytes);

}  // namespace tally

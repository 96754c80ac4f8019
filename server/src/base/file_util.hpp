// Small file helpers for the data directory: whole-file reads and private (0600) writes.
#pragma once

#include <string>

#include "tally/error.hpp"

namespace tally::server {

// The whole content of `path`. Error kNotFound if it does not exist, kIoError otherwise.
Result<std::string> read_file(const std::string& path);

// Creates `path` with mode 0600 (refusing to overwrite an existing file unless
// `replace`), writes `content` and syncs it to disk.
Status write_private_file(const std::string& path, const std::string& content,
                          bool replace = false);

// Writes `content` to `path` (mode 0644), replacing it atomically (temp file + rename).
Status write_file_atomically(const std::string& path, const std::string& content);

}  // namespace tally::server

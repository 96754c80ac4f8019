// Whole-file writes for tallyd's data directory and the tools' state files: private (0600)
// and atomic ones. Whole-file reads are tally::read_file (read_file.hpp), bounded and
// regular files only.
#pragma once

#include <string>

#include "tally/error.hpp"
#include "tally/files/read_file.hpp"

namespace tally {

// Creates `path` with mode 0600, writes `content` and syncs it to disk. An existing file is
// refused, unless `replace`: then it is replaced atomically (temp file 0600 + rename).
Status write_private_file(const std::string& path, const std::string& content,
                          bool replace = false);

// Writes `content` to `path` (mode 0644), replacing it atomically (temp file + rename).
Status write_file_atomically(const std::string& path, const std::string& content);

}  // namespace tally

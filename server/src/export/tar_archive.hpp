// The audit export as one file (GET /api/v1/audit/export): a POSIX tar archive (pax
// interchange format, plain ustar headers for the export's short names) written in memory
// with Debian's libarchive, which `tar -xf` unpacks anywhere.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "export/export_files.hpp"
#include "tally/error.hpp"

namespace tally::server {

// The archive of `files`, each a regular file of mode 0644 owned by uid/gid 0, modified at
// `mtime_s` (Unix seconds), in the given order. The same files give the same bytes.
Result<std::string> tar_archive(std::span<const ExportFile> files, std::int64_t mtime_s);

}  // namespace tally::server

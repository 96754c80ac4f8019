// The audit export's file set (docs/operations.md, "Export and verify"): what `tallyd
// export` writes into a directory and GET /api/v1/audit/export sends as one tar archive,
// made by one function from a read of the data directory's store:
//   audit.log     the hash-chained log with its signed heads (docs/audit.md)
//   devices.json  every device's public key (for the submission signatures)
//   records.json  the merged station records with status (format tally-records/1)
//   tally.json    the tally of the accepted records (format tally-result/1)
//   election.json, form-schema.json   the reference data
//   binding.json  the server's signature binding the reference files to the log's end
//   tally.csv, records.csv            only when asked for (docs/cli.md, "CSV")
//   server.pub    the server's public key
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/data_dir.hpp"
#include "tally/error.hpp"

namespace tally::server {

// One file of the export: its name in the export's directory and its bytes.
struct ExportFile {
  std::string name;
  std::string bytes;
};

struct ExportFiles {
  std::vector<ExportFile> files;  // in the order above
  std::uint64_t log_entries = 0;
  std::uint64_t last_receive_ms = 0;  // the last entry's receive time (0: an empty log)
  std::size_t devices = 0;
  std::size_t forms = 0;
};

// Reads the store of `dir` through a connection of its own (a read in WAL mode: safe while
// tallyd serves and commits), replays the log through the engine and makes the files;
// with `csv` also tally.csv and records.csv. Slow for a long log (the whole log is read
// and replayed): run it off the I/O threads.
Result<ExportFiles> make_export_files(const DataDir& dir, bool csv);

}  // namespace tally::server

// The night's data set for tally-night: the election definition and its ground-truth
// station records (docs/formats.md), resized to --stations, written into the run's data
// directory, and tallied offline by the engine (tally_all) as the reference the server's
// tally must equal. Used by the orchestrator (and the workers, which read the written
// files back for the paper records their officers copy).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/record.hpp"
#include "tally/engine/tally.hpp"
#include "tally/error.hpp"
#include "tally/files/read_file.hpp"

namespace tally::demo {

// The night's election: definition, the paper records (ground truth) and their offline tally.
struct Dataset {
  engine::ElectionDefinition definition;
  std::vector<engine::StationRecord> records;
  engine::TallyReport truth;  // tally_all(definition, records)
  std::map<engine::FormId, std::size_t> record_index;  // position in `records`, by form

  // The records of `station`, in the order of its contests; a contest without a record
  // (the station did not report that level) is left out.
  [[nodiscard]] std::vector<const engine::StationRecord*> records_of(
      const engine::PollingStation& station) const;
  // Stations lacking a record for some level, in definition order: the id of a station that
  // reported nothing, or the id with the levels it lacks ("TN-0005 (NA, PROV)").
  [[nodiscard]] std::vector<std::string> missing_stations() const;
  // Records by form, for the officers and supervisors.
  [[nodiscard]] std::map<engine::FormId, const engine::StationRecord*> by_form() const;
};

// Reads a definition and its records file, keeps or grows them to `stations` stations
// (0: as they are; fewer: the first N stations and only their units; more: the data set's
// stations repeated under new ids "<id>.<copy>", with their records), drops the records of
// about `missing_percent` % of the stations (chosen by `seed`: stations that never report),
// writes the result to
// `definition_out` and `records_out`, and tallies the records with the engine.
Result<Dataset> prepare_dataset(const std::string& definition_path, const std::string& records_path,
                                std::size_t stations, double missing_percent, std::uint64_t seed,
                                const std::string& definition_out, const std::string& records_out);

// Reads back what prepare_dataset() wrote (workers, supervisors).
Result<Dataset> load_dataset(const std::string& definition_path, const std::string& records_path);

// Writes a file (replaced atomically); reads are tally::read_file.
Status write_file(const std::string& path, const std::string& content);

}  // namespace tally::demo

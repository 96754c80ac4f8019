#include "options.hpp"

#include <boost/program_options.hpp>

#include "tally/cli/command_line.hpp"
#include "tally/cli/exit_codes.hpp"
#include "tally/cli/report.hpp"

namespace tally::demo {

namespace po = boost::program_options;

namespace {

constexpr const char* kSummary =
    "Replays an election night against the real tallyd (TLS, loopback, a fresh data\n"
    "directory) with the real client library: enrols every device, has the officers copy\n"
    "their stations' paper records (typos, offline stretches, late bursts, double entries,\n"
    "worker processes killed and restarted), lets supervisors adjudicate the conflicts,\n"
    "then checks the server's tally against the ground truth and verifies the audit log.\n"
    "Exit codes (docs/cli.md): 0 the tally matches and the audit verifies, 1 mismatch or\n"
    "failure, 2 usage error.";

}  // namespace

ParsedOptions parse_night_options(int argc, char** argv) {
  NightOptions options;
  const std::string root = TALLY_NIGHT_SOURCE_ROOT;
  po::options_description described;
  described.add_options()(
      "stations", po::value(&options.stations),
      "stations in the night (default: the data set's; fewer take the first N stations and "
      "their units, more repeat the stations under new ids)")(
      "seed", po::value(&options.seed)->default_value(options.seed),
      "seed of every random choice (typos, timing, offline stretches, kills)")(
      "keep", po::bool_switch(&options.keep), "leave tallyd running at the end")(
      "data", po::value(&options.data_dir),
      "data directory to create (default: a fresh one under $TMPDIR or /tmp)")(
      "device-stores", po::value(&options.device_dir),
      "directory for the devices' SQLite stores (default: a fresh one under /dev/shm "
      "when they fit in half its free space, else DATA/devices)")(
      "workers", po::value(&options.workers)->default_value(options.workers),
      "officer worker processes (each runs many devices)")(
      "supervisors", po::value(&options.supervisors)->default_value(options.supervisors),
      "supervisor devices")("night-seconds",
                            po::value(&options.night_seconds)->default_value(options.night_seconds),
                            "the officers' entry is spread over this many seconds")(
      "double-entry-percent",
      po::value(&options.double_entry_percent)->default_value(options.double_entry_percent),
      "stations with a second officer's device")(
      "dissent-percent",
      po::value(&options.dissent_percent)->default_value(options.dissent_percent),
      "of those, the share whose second officer misreads one count")(
      "missing-percent",
      po::value(&options.missing_percent)->default_value(options.missing_percent),
      "stations that never report: no device enters their records, and the ground truth the "
      "tally is matched against lacks them")(
      "kills", po::value(&options.kills),
      "officer worker processes killed with SIGKILL mid-entry and restarted "
      "(default: as many as --workers)")(
      "timeout", po::value(&options.timeout_seconds)->default_value(options.timeout_seconds),
      "give up after this many seconds")(
      "rounds", po::value(&options.rounds)->default_value(options.rounds),
      "2: go on into the supplementary elections and re-votes polling day's tally calls for "
      "(the 11 commune units of Thai Nguyen), their stations' officers entering the round's "
      "seeded records; 1: stop at polling day")(
      "definition",
      po::value(&options.definition)
          ->default_value(root + "/schemas/elections/thai-nguyen-2021.json"),
      "election definition")(
      "records",
      po::value(&options.records)
          ->default_value(root + "/schemas/elections/thai-nguyen-2021.records.json"),
      "the ground-truth station records (the paper records the officers copy)")(
      "schema",
      po::value(&options.schema)->default_value(root + "/schemas/forms/station-count-1.json"),
      "form schema")("tallyd", po::value(&options.tallyd)->default_value(TALLY_NIGHT_TALLYD),
                     "tallyd binary");
  po::variables_map values;
  if (auto exit =
          tally::cli::parse_command_line({"tally-night", "", "[options]", kSummary}, described,
                                         tally::cli::arguments_of(argc, argv), values)) {
    return ParsedOptions{std::nullopt, *exit};
  }
  if (options.workers == 0 || options.supervisors == 0 || options.night_seconds <= 0 ||
      options.double_entry_percent < 0 || options.double_entry_percent > 100 ||
      options.dissent_percent < 0 || options.dissent_percent > 100 || options.missing_percent < 0 ||
      options.missing_percent > 100) {
    return ParsedOptions{
        std::nullopt, tally::cli::usage_error("tally-night",
                                              "--workers and --supervisors must be at least 1, "
                                              "--night-seconds positive, the percentages between 0 "
                                              "and 100")};
  }
  if (options.rounds != 1 && options.rounds != 2) {
    return ParsedOptions{std::nullopt, tally::cli::usage_error("tally-night",
                                                               "--rounds is 1 or 2 (there is no "
                                                               "third round)")};
  }
  if (values.count("kills") == 0) options.kills = options.workers;
  return ParsedOptions{options, tally::cli::kExitOk};
}

}  // namespace tally::demo

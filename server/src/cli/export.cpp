// `tallyd export`: writes the audit export's files (export/export_files.hpp: the audit log,
// devices, records, tally, reference data, server key and binding; with --csv also
// tally.csv and records.csv) into a directory, read from the data directory's store (safe
// while the server runs: a read in WAL mode). GET /api/v1/audit/export sends the same files
// as a tar archive.
#include <boost/json.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "export/export_files.hpp"
#include "store/data_dir.hpp"
#include "tally/files/write_file.hpp"

namespace tally::server {

namespace po = boost::program_options;
namespace json = boost::json;

int run_export(const Args& args) {
  bool csv = false;
  bool as_json = false;
  po::options_description options("export options");
  add_text_option(options, "data", "data directory of the server", true);
  add_text_option(options, "out", "directory to write the export into (created)", true);
  options.add_options()("csv", po::bool_switch(&csv),
                        "also write tally.csv and records.csv (RFC 4180, UTF-8) beside the JSON")(
      "json", po::bool_switch(&as_json), "print the summary as JSON");
  po::variables_map values;
  if (auto exit = parse_args("export",
                             "Writes the audit log, devices, records and tally of a data\n"
                             "directory for the auditor (tallyd verify checks them offline);\n"
                             "with --csv also tally.csv and records.csv for a spreadsheet.",
                             options, args, values)) {
    return *exit;
  }
  const DataDir dir{text_option(values, "data")};
  const std::string out = text_option(values, "out");
  const auto fail = [](const Error& error) { return report("export", error); };

  auto made = make_export_files(dir, csv);
  if (!made) return fail(made.error());
  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error) {
    return fail(make_error(ErrorCode::kIoError, "cannot create " + out + ": " + error.message()));
  }
  for (const auto& file : made->files) {
    if (auto written = write_file_atomically(out + "/" + file.name, file.bytes); !written) {
      return fail(written.error());
    }
  }
  if (as_json) {
    json::array written;
    for (const auto& file : made->files) written.emplace_back(file.name);
    std::cout << json::serialize(json::object{{"out", out},
                                              {"log_entries", made->log_entries},
                                              {"devices", made->devices},
                                              {"forms", made->forms},
                                              {"files", std::move(written)}})
              << "\n";
    return kExitOk;
  }
  std::cout << "exported " << made->log_entries << " log entries, " << made->devices
            << " devices and " << made->forms << " forms to " << out << "\n";
  return kExitOk;
}

}  // namespace tally::server

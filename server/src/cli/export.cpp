// `tallyd export`: writes what an auditor needs, read from the data directory's store
// (safe while the server runs: a read snapshot in WAL mode):
//   audit.log     the hash-chained log with its signed heads (docs/audit.md)
//   devices.json  every device's public key (for the submission signatures)
//   records.json  the merged station records with status (format tally-records/1)
//   tally.json    the tally of the accepted records (format tally-result/1)
//   election.json, form-schema.json, server.pub   the reference data and server key
//   binding.json  the server's signature binding the reference files to the log's end
// and with --csv, for a spreadsheet (docs/cli.md, "CSV"):
//   tally.csv     the tally, one row per candidate of every unit
//   records.csv   the records, one row per entered value
#include <boost/json.hpp>
#include <filesystem>
#include <iostream>

#include "api/devices_json.hpp"
#include "base/file_util.hpp"
#include "cli/commands.hpp"
#include "cli/export_binding.hpp"
#include "cli/options.hpp"
#include "core/replay.hpp"
#include "store/data_dir.hpp"
#include "tally/engine/audit_log_file.hpp"
#include "tally/server/sqlite_store.hpp"

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

  auto election = read_file(dir.election());
  if (!election) return fail(election.error());
  auto schema = read_file(dir.schema());
  if (!schema) return fail(schema.error());
  auto reference = Reference::load(*election, *schema);
  if (!reference) return fail(reference.error());
  SqliteStoreOptions store_options;
  store_options.path = dir.database();
  store_options.read_connections = 1;
  auto store = open_sqlite_store(store_options);
  if (!store) return fail(store.error());

  std::vector<engine::AuditEntry> entries;
  auto scanned = (*store)->scan_log(0, [&](const LogRow& row) {
    entries.push_back(row.entry);
    return true;
  });
  if (!scanned) return fail(scanned.error());
  auto heads = (*store)->load_heads();
  if (!heads) return fail(heads.error());
  // A head past the scanned log was committed after the scan: leave it out.
  std::erase_if(*heads, [&](const engine::SignedHead& head) {
    return head.log_index == 0 || head.log_index > entries.size();
  });
  auto audit = engine::export_audit_log(entries, *heads);
  if (!audit) return fail(audit.error());
  auto devices = (*store)->load_devices();
  if (!devices) return fail(devices.error());

  ElectionState state(*reference);
  if (auto replayed = replay_entries(entries, state); !replayed) return fail(replayed.error());
  auto key = load_signing_key(dir);
  if (!key) return fail(key.error());
  ExportBinding binding{entries.size(),
                        entries.empty() ? engine::Sha256Digest{} : entries.back().hash, *election,
                        *schema};
  auto binding_text = binding_json(binding, *key);
  if (!binding_text) return fail(binding_text.error());

  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error) {
    return fail(make_error(ErrorCode::kIoError, "cannot create " + out + ": " + error.message()));
  }
  std::vector<std::pair<std::string, std::string>> files = {
      {"audit.log", *audit},
      {"devices.json", json::serialize(devices_json(*devices)) + "\n"},
      {"records.json", json::serialize(state.records_json()) + "\n"},
      {"tally.json", state.tally_file()},
      {"election.json", *election},
      {"form-schema.json", *schema},
      {"binding.json", *binding_text},
  };
  if (csv) {
    files.emplace_back("tally.csv", state.tally_csv());
    files.emplace_back("records.csv", state.records_csv());
  }
  for (const auto& [name, content] : files) {
    if (auto written = write_file_atomically(out + "/" + name, content); !written) {
      return fail(written.error());
    }
  }
  auto server_key = read_file(dir.signing_public_key(), kMaxSmallFileBytes);
  if (!server_key) return fail(server_key.error());
  if (auto written = write_file_atomically(out + "/server.pub", *server_key); !written) {
    return fail(written.error());
  }
  if (as_json) {
    json::array written;
    for (const auto& [name, content] : files) written.emplace_back(name);
    written.emplace_back("server.pub");
    std::cout << json::serialize(json::object{{"out", out},
                                              {"log_entries", entries.size()},
                                              {"devices", devices->size()},
                                              {"forms", state.replica().size()},
                                              {"files", std::move(written)}})
              << "\n";
    return kExitOk;
  }
  std::cout << "exported " << entries.size() << " log entries, " << devices->size()
            << " devices and " << state.replica().size() << " forms to " << out << "\n";
  return kExitOk;
}

}  // namespace tally::server

#include "export/export_files.hpp"

#include <boost/json.hpp>

#include "api/devices_json.hpp"
#include "cli/export_binding.hpp"
#include "core/replay.hpp"
#include "tally/engine/audit_log_file.hpp"
#include "tally/files/read_file.hpp"
#include "tally/server/sqlite_store.hpp"

namespace tally::server {

namespace json = boost::json;

Result<ExportFiles> make_export_files(const DataDir& dir, bool csv) {
  auto election = read_file(dir.election());
  if (!election) return std::move(election).error();
  auto schema = read_file(dir.schema());
  if (!schema) return std::move(schema).error();
  auto reference = Reference::load(*election, *schema);
  if (!reference) return std::move(reference).error();
  SqliteStoreOptions store_options;
  store_options.path = dir.database();
  store_options.read_connections = 1;
  auto store = open_sqlite_store(store_options);
  if (!store) return std::move(store).error();

  std::vector<engine::AuditEntry> entries;
  auto scanned = (*store)->scan_log(0, [&](const LogRow& row) {
    entries.push_back(row.entry);
    return true;
  });
  if (!scanned) return std::move(scanned).error();
  auto heads = (*store)->load_heads(0);
  if (!heads) return std::move(heads).error();
  // A head past the scanned log was committed after the scan: leave it out.
  std::erase_if(*heads, [&](const engine::SignedHead& head) {
    return head.log_index == 0 || head.log_index > entries.size();
  });
  auto tree_heads = (*store)->load_tree_heads(0, entries.size());
  if (!tree_heads) return std::move(tree_heads).error();
  std::erase_if(*tree_heads,
                [&](const engine::TreeHead& head) { return head.tree_size > entries.size(); });
  auto audit = engine::export_audit_log(entries, *heads, *tree_heads);
  if (!audit) return std::move(audit).error();
  // Read after the log: every device that wrote an exported entry is in it.
  auto devices = (*store)->load_devices();
  if (!devices) return std::move(devices).error();

  auto polling_day = reference->first_round();
  if (!polling_day) return std::move(polling_day).error();
  ElectionState state(std::move(polling_day).value());
  if (auto replayed = replay_entries(entries, state); !replayed) {
    return std::move(replayed).error();
  }
  // The definition as the log leaves it: with the second round once the log opens it, so
  // that the records of both rounds re-tally against the exported definition.
  *election = state.reference().election_json();
  auto key = load_signing_key(dir);
  if (!key) return std::move(key).error();
  ExportBinding binding{entries.size(),
                        entries.empty() ? engine::Sha256Digest{} : entries.back().hash, *election,
                        *schema};
  auto binding_text = binding_json(binding, *key);
  if (!binding_text) return std::move(binding_text).error();
  auto server_key = read_file(dir.signing_public_key(), kMaxSmallFileBytes);
  if (!server_key) return std::move(server_key).error();

  ExportFiles out;
  out.log_entries = entries.size();
  out.last_receive_ms = entries.empty() ? 0 : entries.back().receive_ms;
  out.devices = devices->size();
  out.forms = state.replica().size();
  out.files = {
      {"audit.log", std::move(audit).value()},
      {"devices.json", json::serialize(devices_json(*devices)) + "\n"},
      {"records.json", json::serialize(state.records_json()) + "\n"},
      {"tally.json", state.tally_file()},
      {"election.json", std::move(election).value()},
      {"form-schema.json", std::move(schema).value()},
      {"binding.json", std::move(binding_text).value()},
  };
  if (csv) {
    out.files.push_back({"tally.csv", state.tally_csv()});
    out.files.push_back({"records.csv", state.records_csv()});
  }
  out.files.push_back({"server.pub", std::move(server_key).value()});
  return out;
}

}  // namespace tally::server

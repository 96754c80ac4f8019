// `tallyd verify`: the auditor's offline check of an export. Verifies the hash chain, every
// signed head and every submission signature, replays all ops through the engine, and
// checks every other file against the log: records.json equals the replayed records
// (status included), election.json and form-schema.json are the ones binding.json binds
// to the log's last head, tally.json equals the replayed tally. Exit 0 if everything
// holds, 3 with the file and its first difference (or the first bad index) if not. When it
// holds, it lists every decision made at the centre (adjudications and acceptances) with
// the person who made it, as the op itself names them (console_author.hpp).
#include <boost/json.hpp>
#include <iostream>

#include "api/devices_json.hpp"
#include "api/json_values.hpp"
#include "cli/commands.hpp"
#include "cli/export_binding.hpp"
#include "cli/options.hpp"
#include "core/console_author.hpp"
#include "core/replay.hpp"
#include "store/data_dir.hpp"
#include "tally/engine/audit_log_file.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/strict_json.hpp"
#include "tally/files/write_file.hpp"

namespace tally::server {

namespace po = boost::program_options;
namespace json = boost::json;

namespace {

// The first place where two documents differ, e.g. "units[3].winners" ("(root)" for the
// documents themselves).
std::string first_difference(const json::value& expected, const json::value& actual,
                             const std::string& path) {
  const std::string here = path.empty() ? "(root)" : path;
  if (expected.is_number() && actual.is_number()) {
    // A count read back from a file may be int64 where the replay made uint64.
    return json::serialize(expected) == json::serialize(actual) ? std::string{} : here;
  }
  if (expected.kind() != actual.kind()) return here;
  if (expected.is_object()) {
    const auto& left = expected.get_object();
    const auto& right = actual.get_object();
    for (const auto& [key, value] : left) {
      const std::string where = (path.empty() ? "" : path + ".") + std::string(key);
      const json::value* other = right.if_contains(key);
      if (other == nullptr) return where;
      if (auto difference = first_difference(value, *other, where); !difference.empty()) {
        return difference;
      }
    }
    return left.size() == right.size() ? std::string{} : here;
  }
  if (expected.is_array()) {
    const auto& left = expected.get_array();
    const auto& right = actual.get_array();
    for (std::size_t i = 0; i < left.size() && i < right.size(); ++i) {
      const std::string where = path + "[" + std::to_string(i) + "]";
      if (auto difference = first_difference(left[i], right[i], where); !difference.empty()) {
        return difference;
      }
    }
    return left.size() == right.size() ? std::string{} : here;
  }
  return expected == actual ? std::string{} : here;
}

// " (E<code>)" for a fault of the chain: E601 for a signature that does not verify, E600
// for any other break.
std::string code_of(engine::ChainFault fault) {
  const bool signature = fault == engine::ChainFault::kBadSubmissionSignature ||
                         fault == engine::ChainFault::kBadHeadSignature ||
                         fault == engine::ChainFault::kBadTreeHeadSignature;
  const auto code = signature ? ErrorCode::kBadSignature : ErrorCode::kChainBroken;
  return " (E" + std::to_string(static_cast<unsigned>(code)) + ")";
}

// Every decision made at the centre, in log order: the ops of tallyd's console authors,
// each with the person its device id names (null for a token's decision). The entries
// were replayed already, so every op decodes.
json::array centre_decisions(const std::vector<engine::AuditEntry>& entries) {
  json::array decisions;
  for (const auto& entry : entries) {
    auto op = engine::decode_op(entry.op_bytes);
    if (!op || !is_console_author(op->dot.device)) continue;
    const auto person = console_person(op->dot.device);
    const bool round = op->kind == engine::OpKind::kOpenRound;  // names no form
    json::object decision{{"index", entry.index},
                          {"kind", entry_kind(*op)},
                          {"form", round ? "round 2" : op->form.to_string()},
                          {"device", op->dot.device},
                          {"person", person ? json::value(*person) : json::value(nullptr)}};
    if (op->kind == engine::OpKind::kAdjudicate) {
      decision["field"] = op->field;
      decision["value"] = op_value_json(op->value);
    }
    if (round) decision["forced"] = op->field == engine::kForcedOpening;
    decisions.push_back(std::move(decision));
  }
  return decisions;
}

// "  index 812: adjudication of 0101/provincial votes.c3 = 5 by linh (tallyd-console/linh)"
std::string decision_line(const json::object& decision) {
  std::string line = "  index " + json::serialize(decision.at("index")) + ": " +
                     std::string(decision.at("kind").as_string()) + " of " +
                     std::string(decision.at("form").as_string());
  if (const auto* field = decision.if_contains("field")) {
    line += " " + std::string(field->as_string()) + " = " + json::serialize(decision.at("value"));
  }
  if (const auto* forced = decision.if_contains("forced"); forced != nullptr && forced->as_bool()) {
    line += ", forced";
  }
  const auto& person = decision.at("person");
  line += person.is_null() ? " by a token (" : " by " + std::string(person.as_string()) + " (";
  return line + std::string(decision.at("device").as_string()) + ")";
}

}  // namespace

int run_verify(const Args& args) {
  po::options_description options("verify options");
  add_text_option(options, "export", "directory written by tallyd export", true);
  add_text_option(options, "definition", "election definition (default: EXPORT/election.json)");
  add_text_option(options, "schema", "form schema (default: EXPORT/form-schema.json)");
  add_text_option(options, "server-key", "server public key, hex (default: EXPORT/server.pub)");
  bool unbound = false;
  bool as_json = false;
  options.add_options()("unbound-definition", po::bool_switch(&unbound),
                        "accept an export without binding.json (made before tallyd bound the "
                        "reference files to the log): election.json is then checked only "
                        "through the tally")(
      "json", po::bool_switch(&as_json),
      "print the verdict as JSON: {\"ok\":true,...} or {\"ok\":false,\"fault\":...}");
  po::variables_map values;
  if (auto exit = parse_args("verify",
                             "Checks an export offline: chain, signed heads, submission\n"
                             "signatures, replay through the engine; records, reference files\n"
                             "and tally against the log.\n"
                             "Exit 0: all holds; 3: the first fault is printed.",
                             options, args, values)) {
    return *exit;
  }
  const std::string dir = text_option(values, "export");
  const auto option_or = [&](const char* name, const char* file) {
    const std::string given = text_option(values, name);
    return given.empty() ? dir + "/" + file : given;
  };
  const auto fail = [](const Error& error) { return report("verify", error); };
  const auto refuted = [as_json](const std::string& why) {
    if (as_json) {
      std::cout << json::serialize(json::object{{"ok", false}, {"fault", why}}) << "\n";
    } else {
      std::cout << "FAILED: " << why << "\n";
    }
    return kExitVerifyFailed;
  };

  auto audit = read_file(dir + "/audit.log", kMaxAuditLogBytes);
  if (!audit) return fail(audit.error());
  auto devices_text = read_file(dir + "/devices.json");
  if (!devices_text) return fail(devices_text.error());
  auto device_keys = read_device_keys(*devices_text);
  if (!device_keys) return fail(device_keys.error());
  auto published_text = read_file(dir + "/tally.json");
  if (!published_text) return refuted(published_text.error().to_string());
  auto records_text = read_file(dir + "/records.json");
  if (!records_text) return refuted(records_text.error().to_string());
  auto election = read_file(option_or("definition", "election.json"));
  if (!election) return fail(election.error());
  auto schema = read_file(option_or("schema", "form-schema.json"));
  if (!schema) return fail(schema.error());
  auto key_hex = read_token(option_or("server-key", "server.pub"));
  if (!key_hex) return fail(key_hex.error());
  engine::Ed25519PublicKey server_key{};
  if (auto decoded = engine::from_hex(*key_hex, server_key); !decoded) {
    return fail(decoded.error());
  }
  auto reference = Reference::load(*election, *schema);
  if (!reference) return fail(reference.error());

  const auto& keys = *device_keys;
  const engine::ChainVerdict verdict = engine::verify_audit_log(
      *audit, server_key,
      [&keys](const std::string& device) -> std::optional<engine::Ed25519PublicKey> {
        auto found = keys.find(device);
        if (found == keys.end()) return std::nullopt;
        return found->second;
      });
  if (!verdict.ok()) {
    return refuted("first bad index " + std::to_string(verdict.bad_index) + ": " +
                   engine::to_string(verdict.fault) + ": " + verdict.message +
                   code_of(verdict.fault));
  }
  auto log = engine::read_audit_log(*audit);
  if (!log) return fail(log.error());
  // Replayed from polling day's definition: the log's opening of the second round, if any,
  // derives that round again from the tally before it (ElectionState::apply).
  auto polling_day = reference->first_round();
  if (!polling_day) return fail(polling_day.error());
  ElectionState state(std::move(polling_day).value());
  if (auto replayed = replay_entries(log->entries, state); !replayed) {
    return refuted(replayed.error().message);
  }
  const auto differs = [&](const std::string& file, const std::string& at) {
    return refuted(file + " differs from the replayed log at " + at + " (E" +
                   std::to_string(static_cast<unsigned>(ErrorCode::kTallyMismatch)) + ")");
  };
  if (state.reference().election_json() != *election) {
    return differs("election.json", state.second_round()
                                        ? "its second round (not the one the log opens)"
                                        : "its second round (the log opens none)");
  }
  auto records = engine::parse_strict_json(*records_text, ErrorCode::kMalformed);
  if (!records) return refuted("records.json: " + records.error().to_string());
  if (const auto difference = first_difference(state.records_json(), *records, "");
      !difference.empty()) {
    return differs("records.json", difference);
  }
  const ExportBinding expected{
      log->entries.size(), log->entries.empty() ? engine::Sha256Digest{} : log->entries.back().hash,
      *election, *schema};
  if (auto binding = read_file(dir + "/binding.json", kMaxSmallFileBytes); !binding) {
    if (!unbound || binding.error().code != ErrorCode::kNotFound) {
      return refuted(binding.error().to_string() +
                     " (an export made before the binding: --unbound-definition)");
    }
  } else if (auto bound = check_binding(*binding, expected, server_key); !bound) {
    return refuted(bound.error().to_string());
  }
  auto published = engine::parse_strict_json(*published_text, ErrorCode::kMalformed);
  if (!published) return refuted("tally.json: " + published.error().to_string());
  const json::value recomputed = json::parse(state.tally_file());
  if (const auto difference = first_difference(recomputed, *published, ""); !difference.empty()) {
    return differs("tally.json", difference);
  }
  const json::array decisions = centre_decisions(log->entries);
  if (as_json) {
    std::cout << json::serialize(json::object{{"ok", true},
                                              {"log_entries", verdict.entries},
                                              {"signed_through", verdict.signed_through},
                                              {"tree_heads", verdict.tree_heads},
                                              {"tree_signed_through", verdict.tree_signed_through},
                                              {"forms", state.replica().size()},
                                              {"definition_bound", !unbound},
                                              {"decisions", decisions}})
              << "\n";
    return kExitOk;
  }
  std::cout << "OK: " << verdict.entries << " log entries chained and signed through index "
            << verdict.signed_through << "; " << state.replica().size()
            << " forms replayed; records, "
            << (unbound ? "tally (definition NOT bound)" : "definition, schema and tally")
            << " match\n";
  if (verdict.tree_heads == 0) {
    std::cout << "Merkle tree: no signed tree heads (an export of format version 1)\n";
  } else {
    std::cout << "Merkle tree: " << verdict.tree_heads
              << " signed tree heads verified against the tree recomputed from the entries, "
                 "the last of "
              << verdict.tree_signed_through << " entries\n";
  }
  std::cout << "Decisions at the centre: " << decisions.size() << "\n";
  for (const auto& decision : decisions) std::cout << decision_line(decision.as_object()) << "\n";
  return kExitOk;
}

}  // namespace tally::server

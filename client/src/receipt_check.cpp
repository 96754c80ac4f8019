#include "receipt_check.hpp"

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "tally/engine/hex.hpp"
#include "tally/engine/transparency_log.hpp"
#include "tally/http/log_client.hpp"

namespace tally::client {

namespace {

namespace json = boost::json;

// What a check keeps for the next: the server's log key (pinned at the first check) and
// the last tree head that checked clean.
struct CheckState {
  engine::Ed25519PublicKey server_key{};
  std::optional<engine::TreeHead> tree_head;
};

Result<std::optional<CheckState>> load_state(LocalReplica& replica) {
  auto saved = replica.receipt_check_state();
  if (!saved) return std::move(saved).error();
  if (!*saved) return std::optional<CheckState>{};
  const Error corrupt = make_error(ErrorCode::kCorruption, "the saved receipt check is unreadable");
  json::error_code error;
  const json::value document = json::parse(**saved, error);
  const json::object* object = error ? nullptr : document.if_object();
  if (object == nullptr) return corrupt;
  CheckState state;
  const auto* key = object->if_contains("server_key");
  if (key == nullptr || !key->is_string() ||
      !engine::from_hex(key->as_string(), state.server_key)) {
    return corrupt;
  }
  if (const auto* head = object->if_contains("tree_head"); head != nullptr && !head->is_null()) {
    auto parsed = engine::parse_tree_head_json(json::serialize(*head));
    if (!parsed) return corrupt;
    state.tree_head = *parsed;
  }
  return std::optional<CheckState>{state};
}

std::string state_json(const CheckState& state) {
  return json::serialize(json::object{
      {"server_key", engine::to_hex(state.server_key)},
      {"tree_head", state.tree_head ? json::parse(engine::tree_head_json(*state.tree_head))
                                    : json::value(nullptr)}});
}

// Whether a failure is the log's (a check that failed) rather than the way to it.
bool is_finding(const Error& error) {
  return error.code == ErrorCode::kProofFailed || error.code == ErrorCode::kLogInconsistent ||
         error.code == ErrorCode::kBadSignature || error.code == ErrorCode::kNotFound;
}

std::string op_name(std::uint64_t counter, const engine::InclusionProof* proof = nullptr) {
  std::string name = "own op " + std::to_string(counter);
  if (proof != nullptr) name += " (log entry " + std::to_string(proof->log_index) + ")";
  return name;
}

}  // namespace

Result<ReceiptCheck> check_receipts(LocalReplica& replica, std::chrono::milliseconds timeout) {
  const auto identity = replica.identity();
  if (!identity) return make_error(ErrorCode::kNotAuthenticated, "the device is not enrolled");
  auto origin = http::api_origin_of_sync_url(identity->server_url);
  if (!origin) return std::move(origin).error();
  http::ApiTarget target;
  target.url = *origin;
  target.ca_pem = identity->ca_pem;
  target.user_agent = "tally-client";
  target.timeout = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  if (target.timeout.count() == 0) target.timeout = std::chrono::seconds(1);

  auto saved = load_state(replica);
  if (!saved) return std::move(saved).error();
  CheckState state;
  if (*saved) {
    state = **saved;
  } else {
    // First check: the key comes over the connection whose certificate enrolment pinned.
    auto key = http::LogClient::fetch_key(target);
    if (!key) return std::move(key).error();
    state.server_key = *key;
  }
  http::LogClient log(target, state.server_key);
  ReceiptCheck check;
  auto head = log.tree_head();
  if (!head) {
    if (!is_finding(head.error())) return std::move(head).error();
    check.problems.push_back(head.error());
    return check;
  }
  check.tree_size = head->tree_size;
  check.tree_signed_ms = head->timestamp_ms;
  check.root_hash = engine::to_hex(head->root);
  if (state.tree_head) {
    check.previous_tree_size = state.tree_head->tree_size;
    if (auto extends = log.check_extends(*state.tree_head, *head); !extends) {
      if (!is_finding(extends.error())) return std::move(extends).error();
      check.problems.push_back(extends.error());
    }
  }

  auto receipts = replica.ack_receipts();
  if (!receipts) return std::move(receipts).error();
  auto own = replica.own_ops();
  if (!own) return std::move(own).error();
  auto receipt = receipts->begin();
  for (const auto& [counter, bytes] : *own) {
    // The first Ack that covers the op names the log index it was durable at.
    while (receipt != receipts->end() && receipt->counter < counter) ++receipt;
    if (receipt == receipts->end()) break;  // not acknowledged yet: nothing to check
    const std::uint64_t acked_at = receipt->log_index;
    if (acked_at > head->tree_size) {
      check.problems.push_back(make_error(
          ErrorCode::kLogInconsistent,
          op_name(counter) + " was acknowledged at log index " + std::to_string(acked_at) +
              ", but the server's latest signed tree has only " + std::to_string(head->tree_size) +
              " entries: the log lost entries"));
      continue;
    }
    auto proof = log.inclusion_of(engine::Dot{identity->device_id, counter}, head->tree_size);
    if (!proof) {
      if (!is_finding(proof.error())) return std::move(proof).error();
      check.problems.push_back(make_error(
          ErrorCode::kProofFailed, op_name(counter) + ", acknowledged at log index " +
                                       std::to_string(acked_at) + ": " + proof.error().message));
      continue;
    }
    if (proof->op_bytes != bytes) {
      check.problems.push_back(
          make_error(ErrorCode::kProofFailed,
                     op_name(counter, &*proof) +
                         ": the log holds other bytes than the op this device signed and sent"));
    } else if (proof->log_index > acked_at) {
      check.problems.push_back(make_error(ErrorCode::kProofFailed,
                                          op_name(counter, &*proof) + " is after log index " +
                                              std::to_string(acked_at) + ", where its Ack put it"));
    } else if (auto included = engine::check_inclusion(*proof, *head); !included) {
      check.problems.push_back(make_error(
          ErrorCode::kProofFailed, op_name(counter, &*proof) + ": " + included.error().message));
    } else {
      ++check.ops_checked;
    }
  }
  // Only a clean check moves the head forward: after a failed one, the next check is
  // still made against the head that was last seen to hold.
  if (check.ok()) state.tree_head = *head;
  if (check.ok() || !*saved) {
    if (auto stored = replica.save_receipt_check_state(state_json(state)); !stored) {
      return std::move(stored).error();
    }
  }
  return check;
}

}  // namespace tally::client

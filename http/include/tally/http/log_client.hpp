// A reader of a tallyd's public transparency log (docs/protocol.md, "Transparency log"):
// what a device's receipt check and tally-monitor fetch. Every tree head it returns has a
// verified signature; every proof is parsed strictly, and the checks that matter (a proof
// against a head, one head against another) are the engine's (transparency_log.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "tally/engine/ed25519.hpp"
#include "tally/engine/op.hpp"
#include "tally/engine/transparency_log.hpp"
#include "tally/error.hpp"
#include "tally/http/https_client.hpp"

namespace tally::http {

class LogClient {
 public:
  // `target.url` is the server's origin (https://host:port); no token is needed.
  LogClient(ApiTarget target, const engine::Ed25519PublicKey& server_key)
      : client_(std::move(target)), server_key_(server_key) {}

  // The server's log key as it publishes it (to pin at first use).
  static Result<engine::Ed25519PublicKey> fetch_key(const ApiTarget& target);

  // The latest signed tree head; kBadSignature if the server's key did not sign it.
  Result<engine::TreeHead> tree_head();
  // The inclusion proof of the entry holding op `dot` in the tree of `tree_size` entries.
  Result<engine::InclusionProof> inclusion_of(const engine::Dot& dot, std::uint64_t tree_size);
  // The inclusion proof of log entry `log_index` in the tree of `tree_size` entries.
  Result<engine::InclusionProof> inclusion(std::uint64_t log_index, std::uint64_t tree_size);
  // Whether `newer` extends `older` (both verified heads): the consistency proof between
  // them fetched and checked. kLogInconsistent, naming both heads, when it does not.
  Status check_extends(const engine::TreeHead& older, const engine::TreeHead& newer);

 private:
  // The 200 body of GET `path`, or the error the answer carries.
  Result<std::string> get(const std::string& path);

  HttpsClient client_;
  engine::Ed25519PublicKey server_key_;
};

// The origin of a server's HTTP API from the URL its devices sync with:
// wss://host:port/sync → https://host:port (ws → http).
Result<std::string> api_origin_of_sync_url(const std::string& sync_url);

}  // namespace tally::http

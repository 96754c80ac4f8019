// tallyd's data directory: what `tallyd init` creates and every other subcommand reads.
//
//   tallyd.db                 the SQLite store (plus -wal / -shm while open)
//   tls-cert.pem, tls-key.pem self-signed TLS certificate and its key (0600)
//   signing.key               the server's Ed25519 seed, hex (0600); signing.pub its public key
//   operator.token            the operator's API token (0600); supervisor.token, reads and
//                             adjudications (0600); auditor.token, read-only (0600)
//   election.json             the election definition served to devices
//   form-schema.json          the form schema served to devices
//   tallyd.port, tallyd.url   written by `tallyd serve` once it listens
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "tally/engine/ed25519.hpp"
#include "tally/error.hpp"

namespace tally::server {

struct DataDir {
  std::string root;

  [[nodiscard]] std::string path(const char* name) const { return root + "/" + name; }
  [[nodiscard]] std::string database() const { return path("tallyd.db"); }
  [[nodiscard]] std::string tls_cert() const { return path("tls-cert.pem"); }
  [[nodiscard]] std::string tls_key() const { return path("tls-key.pem"); }
  [[nodiscard]] std::string signing_key() const { return path("signing.key"); }
  [[nodiscard]] std::string signing_public_key() const { return path("signing.pub"); }
  [[nodiscard]] std::string operator_token() const { return path("operator.token"); }
  [[nodiscard]] std::string supervisor_token() const { return path("supervisor.token"); }
  [[nodiscard]] std::string auditor_token() const { return path("auditor.token"); }
  // The token file of API role `role` (operator, supervisor, auditor); nullopt for another.
  [[nodiscard]] std::optional<std::string> token_of_role(std::string_view role) const;
  [[nodiscard]] std::string election() const { return path("election.json"); }
  [[nodiscard]] std::string schema() const { return path("form-schema.json"); }
  [[nodiscard]] std::string port_file() const { return path("tallyd.port"); }
  [[nodiscard]] std::string url_file() const { return path("tallyd.url"); }
};

// A file of the data directory besides the database: what a backup copies and a restore
// puts back.
struct DataFile {
  const char* name;
  bool secret;    // written with mode 0600
  bool optional;  // a data directory made before it existed has none
};
inline constexpr std::array<DataFile, 9> kDataFiles{{
    {"tls-cert.pem", false, false},
    {"tls-key.pem", true, false},
    {"signing.key", true, false},
    {"signing.pub", false, false},
    {"operator.token", true, false},
    {"supervisor.token", true, true},
    {"auditor.token", true, false},
    {"election.json", false, false},
    {"form-schema.json", false, false},
}};

// The setting under which the store keeps the server's id.
inline constexpr const char* kServerIdSetting = "server_id";

// Creates a data directory: checks and copies the definition and schema, makes the TLS
// certificate, the signing key, the tokens and the database. Refuses a directory that
// already holds a database (kInvalidArgument).
Status init_data_dir(const DataDir& dir, const std::string& definition_path,
                     const std::string& schema_path);

// The server's signing key from the data directory.
Result<engine::Ed25519KeyPair> load_signing_key(const DataDir& dir);

// Writes a new random API token (32 bytes, hex) into `path`, mode 0600; an existing token
// is replaced atomically when `replace`, else refused.
Status write_new_token(const std::string& path, bool replace);

// A token file's content without surrounding whitespace.
Result<std::string> read_token(const std::string& path);

}  // namespace tally::server

#include "store/data_dir.hpp"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/reference.hpp"
#include "net/tls_certificate.hpp"
#include "tally/engine/crypto_random.hpp"
#include "tally/engine/hex.hpp"
#include "tally/files/write_file.hpp"
#include "tally/server/sqlite_store.hpp"

namespace tally::server {

namespace {

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

Result<std::string> random_hex(std::size_t bytes) {
  std::array<std::uint8_t, 64> random{};
  if (auto status = engine::random_bytes(std::span(random.data(), bytes)); !status) {
    return std::move(status).error();
  }
  return engine::to_hex(std::span(random.data(), bytes));
}

}  // namespace

std::optional<std::string> DataDir::token_of_role(std::string_view role) const {
  if (role == "operator") return operator_token();
  if (role == "supervisor") return supervisor_token();
  if (role == "auditor") return auditor_token();
  return std::nullopt;
}

Status write_new_token(const std::string& path, bool replace) {
  auto token = random_hex(32);
  if (!token) return std::move(token).error();
  return write_private_file(path, *token + "\n", replace);
}

Result<std::string> read_token(const std::string& path) {
  auto content = read_file(path, kMaxSmallFileBytes);
  if (!content) return std::move(content).error();
  return trim(std::move(content).value());
}

Status init_data_dir(const DataDir& dir, const std::string& definition_path,
                     const std::string& schema_path) {
  std::error_code error;
  std::filesystem::create_directories(dir.root, error);
  if (error) {
    return make_error(ErrorCode::kIoError, "cannot create " + dir.root + ": " + error.message());
  }
  ::chmod(dir.root.c_str(), 0700);
  if (std::filesystem::exists(dir.database())) {
    return make_error(ErrorCode::kInvalidArgument,
                      dir.root + " is already initialised (it holds tallyd.db)");
  }
  auto election = read_file(definition_path);
  if (!election) return std::move(election).error();
  auto schema = read_file(schema_path);
  if (!schema) return std::move(schema).error();
  if (auto reference = Reference::load(*election, *schema); !reference) {
    return std::move(reference).error();
  }
  if (auto status = write_file_atomically(dir.election(), *election); !status) return status;
  if (auto status = write_file_atomically(dir.schema(), *schema); !status) return status;
  if (auto status = write_self_signed_certificate(dir.tls_cert(), dir.tls_key()); !status) {
    return status;
  }

  auto seed = engine::random_seed();
  if (!seed) return std::move(seed).error();
  auto key = engine::keypair_from_seed(*seed);
  if (!key) return std::move(key).error();
  if (auto status = write_private_file(dir.signing_key(), engine::to_hex(*seed) + "\n"); !status) {
    return status;
  }
  const auto& public_key = key->public_key();
  if (auto status =
          write_file_atomically(dir.signing_public_key(), engine::to_hex(public_key) + "\n");
      !status) {
    return status;
  }
  for (const auto& token_path :
       {dir.operator_token(), dir.supervisor_token(), dir.auditor_token()}) {
    if (auto status = write_new_token(token_path, false); !status) return status;
  }

  SqliteStoreOptions options;
  options.path = dir.database();
  auto store = open_sqlite_store(options);
  if (!store) return std::move(store).error();
  auto server_id = random_hex(4);
  if (!server_id) return std::move(server_id).error();
  return (*store)->put_setting(kServerIdSetting, "tallyd-" + *server_id);
}

Result<engine::Ed25519KeyPair> load_signing_key(const DataDir& dir) {
  auto hex = read_token(dir.signing_key());
  if (!hex) return std::move(hex).error();
  engine::Ed25519Seed seed{};
  if (auto status = engine::from_hex(*hex, seed); !status) {
    return make_error(ErrorCode::kCorruption, dir.signing_key() + ": " + status.error().message);
  }
  return engine::keypair_from_seed(seed);
}

}  // namespace tally::server

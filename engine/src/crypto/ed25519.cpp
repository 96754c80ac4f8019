#include "tally/engine/ed25519.hpp"

#include <openssl/evp.h>

#include <utility>

namespace tally::engine {
namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

Error crypto_error(std::string message) {
  return make_error(ErrorCode::kInternal, std::move(message));
}

}  // namespace

struct Ed25519KeyPair::Key {
  PkeyPtr pkey;
};

Ed25519KeyPair::Ed25519KeyPair(Ed25519Seed seed, Ed25519PublicKey public_key,
                               std::unique_ptr<Key> key)
    : seed_(seed), public_key_(public_key), key_(std::move(key)) {}
Ed25519KeyPair::Ed25519KeyPair(Ed25519KeyPair&&) noexcept = default;
Ed25519KeyPair& Ed25519KeyPair::operator=(Ed25519KeyPair&&) noexcept = default;
Ed25519KeyPair::~Ed25519KeyPair() = default;

Result<Ed25519KeyPair> keypair_from_seed(const Ed25519Seed& seed) {
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!pkey) return crypto_error("OpenSSL could not build an Ed25519 key from the seed");
  Ed25519PublicKey public_key{};
  std::size_t length = public_key.size();
  if (EVP_PKEY_get_raw_public_key(pkey.get(), public_key.data(), &length) != 1 ||
      length != public_key.size()) {
    return crypto_error("OpenSSL could not derive the Ed25519 public key");
  }
  return Ed25519KeyPair(
      seed, public_key,
      std::make_unique<Ed25519KeyPair::Key>(Ed25519KeyPair::Key{std::move(pkey)}));
}

Result<Ed25519Signature> Ed25519KeyPair::sign(std::string_view message) const {
  MdCtxPtr context(EVP_MD_CTX_new());
  Ed25519Signature signature{};
  std::size_t length = signature.size();
  if (!context ||
      EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_->pkey.get()) != 1 ||
      EVP_DigestSign(context.get(), signature.data(), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      length != signature.size()) {
    return crypto_error("OpenSSL Ed25519 signing failed");
  }
  return signature;
}

bool verify(const Ed25519PublicKey& public_key, std::string_view message,
            const Ed25519Signature& signature) {
  PkeyPtr pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  MdCtxPtr context(EVP_MD_CTX_new());
  return pkey && context &&
         EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
         EVP_DigestVerify(context.get(), signature.data(), signature.size(),
                          reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

}  // namespace tally::engine

#include "tally/engine/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace tally::engine {

namespace {

// SHA-256 fetched once: OpenSSL 3 looks an algorithm up by name at every init otherwise,
// which costs more than hashing a short message.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

// One context per thread for the one-shot hashes, reused instead of made per call.
EVP_MD_CTX* thread_context() {
  struct Owned {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    ~Owned() { EVP_MD_CTX_free(context); }
  };
  thread_local Owned owned;
  return owned.context;
}

}  // namespace

struct Sha256::State {
  EVP_MD_CTX* context = nullptr;
};

Sha256::Sha256() : state_(new State{EVP_MD_CTX_new()}) {
  // Allocation failure or an OpenSSL without SHA-256 is not recoverable here.
  if (state_->context == nullptr || EVP_DigestInit_ex(state_->context, sha256_md(), nullptr) != 1) {
    EVP_MD_CTX_free(state_->context);
    delete state_;
    throw std::runtime_error("OpenSSL SHA-256 unavailable");
  }
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(state_->context);
  delete state_;
}

Sha256& Sha256::update(std::string_view bytes) {
  EVP_DigestUpdate(state_->context, bytes.data(), bytes.size());
  return *this;
}

Sha256& Sha256::update(const Sha256Digest& digest) {
  EVP_DigestUpdate(state_->context, digest.data(), digest.size());
  return *this;
}

Sha256Digest Sha256::finish() {
  Sha256Digest digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(state_->context, digest.data(), &length);
  return digest;
}

Sha256Digest sha256(std::string_view bytes) { return sha256_of({bytes}); }

Sha256Digest sha256_of(std::initializer_list<std::string_view> parts) {
  EVP_MD_CTX* context = thread_context();
  if (context == nullptr || EVP_DigestInit_ex(context, sha256_md(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 unavailable");
  }
  for (const std::string_view part : parts) EVP_DigestUpdate(context, part.data(), part.size());
  Sha256Digest digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(context, digest.data(), &length);
  return digest;
}

}  // namespace tally::engine

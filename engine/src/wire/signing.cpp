#include "tally/engine/signing.hpp"

#include "base/byte_append.hpp"

namespace tally::engine {
namespace {

// A domain tag, then little-endian integers, length-prefixed strings and raw bytes (the
// engine's one set of appends, base/byte_append.hpp).
class SigningBytes {
 public:
  explicit SigningBytes(std::string_view tag) : out_(tag) {}

  SigningBytes& u64(std::uint64_t value) {
    bytes::append_u64(out_, value);
    return *this;
  }
  SigningBytes& text(std::string_view text) {
    bytes::append_string(out_, text);
    return *this;
  }
  template <std::size_t N>
  SigningBytes& raw(const std::array<std::uint8_t, N>& bytes) {
    out_.append(reinterpret_cast<const char*>(bytes.data()), N);
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string hello_signing_bytes(std::string_view server_id, const Nonce& nonce,
                                std::string_view device_id) {
  return SigningBytes("tally-hello-v1").text(server_id).raw(nonce).text(device_id).take();
}

std::string submission_signing_bytes(const Dot& dot, const FormId& form,
                                     const Sha256Digest& values_hash) {
  return SigningBytes("tally-submit-v1")
      .text(dot.device)
      .u64(dot.counter)
      .text(form.station_id)
      .text(form.unit_id)
      .raw(values_hash)
      .take();
}

std::string round_opening_signing_bytes(const Op& op) {
  const auto* round = std::get_if<Count>(&op.value);
  return SigningBytes("tally-round-v1")
      .text(op.dot.device)
      .u64(op.dot.counter)
      .u64(round != nullptr ? static_cast<std::uint64_t>(*round) : 0)
      .text(op.field)
      .raw(op.submission.values_hash)
      .take();
}

std::string receipt_signing_bytes(const FormId& form, const Dot& dot, std::uint64_t log_index,
                                  const Sha256Digest& audit_head) {
  return SigningBytes("tally-receipt-v1")
      .text(form.station_id)
      .text(form.unit_id)
      .text(dot.device)
      .u64(dot.counter)
      .u64(log_index)
      .raw(audit_head)
      .take();
}

std::string head_signing_bytes(std::uint64_t log_index, const Sha256Digest& head) {
  return SigningBytes("tally-head-v1").u64(log_index).raw(head).take();
}

std::string tree_head_signing_bytes(std::uint64_t tree_size, std::uint64_t timestamp_ms,
                                    const Sha256Digest& root) {
  return SigningBytes("tally-tree-head-v1").u64(tree_size).u64(timestamp_ms).raw(root).take();
}

std::string binding_signing_bytes(std::uint64_t log_index, const Sha256Digest& head,
                                  const Sha256Digest& election_hash,
                                  const Sha256Digest& schema_hash) {
  return SigningBytes("tally-binding-v1")
      .u64(log_index)
      .raw(head)
      .raw(election_hash)
      .raw(schema_hash)
      .take();
}

}  // namespace tally::engine

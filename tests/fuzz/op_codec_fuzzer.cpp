// Fuzz target: the canonical op decoder (op_codec.hpp).
// Properties: decode_op() never crashes and never throws; a refusal is a kWire error; an
// accepted op is canonical, encode_op(decode_op(x)) == x; and the wire decoder agrees with
// the op decoder: the same op bytes inside an UploadBatch frame decode to the same op, or
// are refused if decode_op refuses them.
#include <string>
#include <variant>

#include "fuzz_check.hpp"
#include "tally/engine/messages.hpp"
#include "tally/engine/op_codec.hpp"

namespace {

// An UploadBatch frame carrying `op_bytes` as its only op: frame header, the archive flag
// (shared with the op's own, which is its first byte), the op count 1 as u64 LE, the op.
std::string upload_batch_of(std::string_view op_bytes) {
  std::string frame;
  frame.push_back(static_cast<char>(tally::engine::kProtocolVersion));
  frame.push_back(static_cast<char>(tally::engine::MessageType::kUploadBatch));
  frame.push_back(op_bytes.front());
  frame.push_back('\1');
  frame.append(7, '\0');
  frame.append(op_bytes.substr(1));
  return frame;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tally;
  std::string_view bytes = fuzz::as_bytes(data, size);
  Result<engine::Op> op = engine::decode_op(bytes);
  if (bytes.empty()) {
    fuzz::require(!op.ok(), "decode_op refuses empty input");
    return 0;
  }
  std::string frame = upload_batch_of(bytes);
  if (frame.size() > engine::DecodeLimits{}.max_frame_bytes) return 0;  // too big for a frame
  Result<engine::Message> batch = engine::decode(frame);
  if (!op.ok()) {
    fuzz::require_refusal(op.error(), ErrorDomain::kWire, "decode_op refuses with kWire");
    fuzz::require(!batch.ok(), "an UploadBatch of a refused op is refused");
    return 0;
  }
  fuzz::require(engine::encode_op(*op) == bytes, "encode_op(decode_op(x)) == x");
  fuzz::require(batch.ok(), "an UploadBatch of an accepted op is accepted");
  const auto* upload = std::get_if<engine::UploadBatchMessage>(&*batch);
  fuzz::require(upload != nullptr && upload->ops.size() == 1 && upload->ops.front() == *op,
                "an UploadBatch carries the op decode_op reads");
  return 0;
}

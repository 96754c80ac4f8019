// Fuzz target: the wire message decoder (messages.hpp) with its default limits.
// Properties: decode() never crashes and never throws; a refusal is a kWire error; an
// accepted frame is canonical, i.e. encode(decode(frame)) == frame.
#include <string>

#include "fuzz_check.hpp"
#include "tally/engine/messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tally;
  std::string_view frame = fuzz::as_bytes(data, size);
  Result<engine::Message> message = engine::decode(frame);
  if (!message.ok()) {
    fuzz::require_refusal(message.error(), ErrorDomain::kWire, "decode refuses with kWire");
    return 0;
  }
  fuzz::require(engine::encode(*message) == frame, "encode(decode(frame)) == frame");
  return 0;
}

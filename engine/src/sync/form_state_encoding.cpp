// encode_form_state: the canonical bytes of a form's merge state (docs/sync-model.md).
#include <variant>

#include "base/byte_append.hpp"
#include "tally/engine/form_state.hpp"

namespace tally::engine {
namespace {

constexpr std::uint8_t kFormStateFormat = 1;

// u8 tag (0 cleared, 1 count, 2 text), then i64 count or length-prefixed text.
void append_value(std::string& out, const OpValue& value) {
  bytes::append_u8(out, static_cast<std::uint8_t>(value.index()));
  if (const Count* count = std::get_if<Count>(&value)) {
    bytes::append_i64(out, *count);
  } else if (const std::string* text = std::get_if<std::string>(&value)) {
    bytes::append_string(out, *text);
  }
}

void append_sibling(std::string& out, const Sibling& sibling) {
  bytes::append_string(out, sibling.dot.device);
  bytes::append_u64(out, sibling.dot.counter);
  bytes::append_u64(out, sibling.hlc.physical_ms);
  bytes::append_u32(out, sibling.hlc.logical);
  bytes::append_u8(out, static_cast<std::uint8_t>(sibling.kind));
  append_value(out, sibling.value);
  if (sibling.kind == OpKind::kSubmit) {
    out.append(reinterpret_cast<const char*>(sibling.signature.data()), sibling.signature.size());
  }
}

}  // namespace

std::string encode_form_state(const FormState& state) {
  std::string out;
  bytes::append_u8(out, kFormStateFormat);
  bytes::append_string(out, state.form().station_id);
  bytes::append_string(out, state.form().unit_id);
  bytes::append_dot_set(out, state.version_vector());
  bytes::append_u32(out, static_cast<std::uint32_t>(state.registers().size()));
  for (const auto& [path, reg] : state.registers()) {
    bytes::append_string(out, path);
    bytes::append_dot_set(out, reg.covered);
    bytes::append_u32(out, static_cast<std::uint32_t>(reg.siblings.size()));
    for (const Sibling& sibling : reg.siblings) append_sibling(out, sibling);
  }
  return out;
}

}  // namespace tally::engine

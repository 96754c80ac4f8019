#include "tally/engine/record_hash.hpp"

#include <variant>

#include "base/byte_append.hpp"

namespace tally::engine {
namespace {

constexpr std::string_view kRecordValuesTag = "tally-record-values/1";

}  // namespace

std::string record_values_bytes(const StationRecord& record) {
  std::string out;
  bytes::append_string(out, kRecordValuesTag);
  bytes::append_string(out, record.form.station_id);
  bytes::append_string(out, record.form.unit_id);
  bytes::append_u32(out, static_cast<std::uint32_t>(record.values.size()));
  for (const auto& [name, value] : record.values) {
    bytes::append_string(out, name);
    // u8 tag: 1 count (i64), 2 text (length-prefixed), 3 vote map (u32 n, n × (id, i64)).
    if (const Count* count = std::get_if<Count>(&value)) {
      bytes::append_u8(out, 1);
      bytes::append_i64(out, *count);
    } else if (const std::string* text = std::get_if<std::string>(&value)) {
      bytes::append_u8(out, 2);
      bytes::append_string(out, *text);
    } else {
      const VoteMap& votes = std::get<VoteMap>(value);
      bytes::append_u8(out, 3);
      bytes::append_u32(out, static_cast<std::uint32_t>(votes.size()));
      for (const auto& [candidate, count_of] : votes) {
        bytes::append_string(out, candidate);
        bytes::append_i64(out, count_of);
      }
    }
  }
  return out;
}

Sha256Digest record_values_hash(const StationRecord& record) {
  return sha256(record_values_bytes(record));
}

}  // namespace tally::engine

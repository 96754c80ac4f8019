// Internal: an Op's fields inside a portable-binary archive, shared by the op codec
// (one op per archive) and the messages (ops inline in a batch).
#pragma once

#include "tally/engine/op.hpp"
#include "wire_reader.hpp"
#include "wire_writer.hpp"

namespace tally::engine::wire {

// The fewest bytes an op's fields can take (empty strings, no value, empty context):
// device, station and unit lengths (8 each), counter 8, hlc 8 + 4, kind 1, context
// count 8. Lets a batch's op count be checked against the bytes that remain.
inline constexpr std::size_t kMinOpBytes = 8 + 8 + 8 + 4 + 1 + 8 + 8 + 8;

void write_op(Archive& ar, const Op& op);
// Reads an op into `op` (a default-constructed Op), in place to spare a move.
void read_op(WireReader& reader, Op& op);

}  // namespace tally::engine::wire

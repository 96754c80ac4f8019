// The canonical encoding of an Op: exactly one byte string per op.
//
// The audit chain hashes these bytes, submissions and receipts sign over them, and the
// wire messages carry ops in the same layout (docs/protocol.md, "Op"). decode_op accepts
// only canonical input, so decode_op(b) succeeding implies encode_op(*decode_op(b)) == b.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "tally/engine/op.hpp"
#include "tally/engine/wire_limits.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// Every decoded op respects the limits of wire_limits.hpp (the encoder does not check
// them: the definition and schema loaders keep every id and field within them).

// The canonical bytes of `op`. Only the fields its kind uses are written: field and
// value for kSet / kAdjudicate, the submission for kSubmit, neither for kWithdraw;
// unused fields decode as their defaults.
std::string encode_op(const Op& op);

// Decodes canonical op bytes. Fails with a kWire code on truncated input, lying
// lengths, limits exceeded, unknown kinds or value tags, non-canonical forms (context
// devices out of order, exceptions not in normal form, bool bytes other than 0/1,
// counter 0, empty device or field) and trailing bytes. Never throws.
Result<Op> decode_op(std::string_view bytes);

}  // namespace tally::engine

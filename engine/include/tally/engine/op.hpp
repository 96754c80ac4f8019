// Operations: every edit of a form is one immutable Op, identified by its dot.
//
// The sync model of docs/sync-model.md: ops travel from devices to the server and back,
// are merged by apply() (form_state.hpp) in any order, and are hash-chained into the
// audit log in their canonical encoding (op_codec.hpp).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "tally/engine/dot_set.hpp"
#include "tally/engine/field_path.hpp"
#include "tally/engine/record.hpp"
#include "tally/engine/sha256.hpp"

namespace tally::engine {

// An op's identity: the device that made it and that device's counter (1, 2, 3, ...
// gap-free per device).
struct Dot {
  std::string device;
  std::uint64_t counter = 0;
  auto operator<=>(const Dot&) const = default;
};

// Hybrid logical clock stamp (Kulkarni et al.): wall-clock milliseconds as the device saw
// them plus a logical counter. Orders history for display; never decides a value.
struct Hlc {
  std::uint64_t physical_ms = 0;
  std::uint32_t logical = 0;
  auto operator<=>(const Hlc&) const = default;
};

// What an op does to its form.
enum class OpKind : std::uint8_t {
  kSet = 1,         // set (or clear) one field
  kSubmit = 2,      // submit the record: carries the hash of the values and a signature
  kAdjudicate = 3,  // a supervisor's value for one field, covering the siblings it resolves
  kWithdraw = 4,    // withdraw the form's submission
  kOpenRound = 5,   // the operator opens the second round: tallyd's own op, naming no form
};

// An open-round op (kOpenRound) names no form (`form` is empty). Its `value` is the round it
// opens (kSecondRound); its `field` is kForcedOpening when the operator opened it although
// units of the round still had unreported stations or open conflicts, else empty; its
// `submission.values_hash` is the SHA-256 of the election definition it opens (the
// definition with the second round, engine/second_round.hpp), signed with tallyd's key over
// round_opening_signing_bytes (signing.hpp). Replaying the log derives that definition
// again from the tally just before the op and refuses a log where the hashes differ.
inline constexpr std::int64_t kSecondRound = 2;
inline constexpr std::string_view kForcedOpening = "forced";

// No value: clears a field.
struct Cleared {
  bool operator==(const Cleared&) const = default;
};

// The value an op writes: clear, a count, or a text. A candidate's votes are the count
// field "votes.<candidate id>" (see field_path.hpp), so two officers entering different
// candidates never conflict.
using OpValue = std::variant<Cleared, Count, std::string>;

using Ed25519Signature = std::array<std::uint8_t, 64>;

// A submission: the hash of the record's canonical values as the device saw them, signed
// by the device's enrolled key.
struct Submission {
  Sha256Digest values_hash{};
  Ed25519Signature signature{};
  bool operator==(const Submission&) const = default;
};

// One edit. Immutable once made; identified by `dot`.
struct Op {
  Dot dot;
  Hlc hlc;
  OpKind kind = OpKind::kSet;
  FormId form;
  std::string field;      // empty for kSubmit / kWithdraw
  OpValue value;          // kSet / kAdjudicate
  Submission submission;  // kSubmit only
  DotSet context;         // the form's version vector as the device knew it
  bool operator==(const Op&) const = default;
};

}  // namespace tally::engine

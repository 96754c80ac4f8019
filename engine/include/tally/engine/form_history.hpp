// The history of a form: who entered which value, when, from which device, with what
// clock skew, and which earlier entries each op superseded.
//
// Kept apart from the merge metadata (form_state.hpp, replica.hpp): the merge state stays
// the size of the live values, the history grows with every edit. It is built when asked
// for, from the ops of one form and their receive times (the server's op log, the
// client's store). The skew is what the receiving replica measured, so history is per
// replica and is not part of encode_form_state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/dot_set.hpp"
#include "tally/engine/op.hpp"

namespace tally::engine {

// One op as history shows it.
struct HistoryEntry {
  Dot dot;                    // who: device and its counter
  Hlc hlc;                    // when, by the author's clock
  std::int64_t skew_ms = 0;   // author's clock minus the receiver's wall clock at receipt
  OpKind kind = OpKind::kSet;
  std::string path;           // the field path, or kSubmissionPath for submit/withdraw
  OpValue value;              // kSubmit: to_hex of the submitted values hash
  std::vector<Dot> covered;   // the dots of this path's other entries its context covered
  bool operator==(const HistoryEntry&) const = default;
};

// A field's (or form's) entries ordered by (hlc, dot), for display.
using FieldHistory = std::vector<HistoryEntry>;

// Every op of one form this replica applied, in arrival order, with its context.
class FormHistory {
 public:
  // Records one op of the form (once per dot) with the skew measured on receipt
  // (hlc_skew_ms(op.hlc, receive time)). Entries may be recorded in any order.
  void record(const Op& op, std::int64_t skew_ms);

  // Every entry of the form, ordered by (hlc, dot).
  [[nodiscard]] FieldHistory entries() const;
  // The entries of one field path, ordered by (hlc, dot).
  [[nodiscard]] FieldHistory field(std::string_view path) const;
  [[nodiscard]] std::size_t size() const { return ops_.size(); }

 private:
  struct Stored {
    HistoryEntry entry;  // `covered` left empty; computed when read
    DotSet context;
  };
  [[nodiscard]] FieldHistory select(bool all, std::string_view path) const;
  std::vector<Stored> ops_;
};

}  // namespace tally::engine

// Builders of ops for the merge, lifecycle and property tests.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "tally/engine/op.hpp"

namespace tally::engine::testing {

inline const FormId kTestForm{"TN-0001", "NA-01"};

// The count under `field` in `record`, if there is one.
inline std::optional<Count> count_of(const StationRecord& record, const std::string& field) {
  const Count* count = record.count(field);
  return count == nullptr ? std::nullopt : std::optional<Count>(*count);
}

// A dot set holding exactly `dots`.
inline DotSet dots(std::initializer_list<Dot> list) {
  DotSet set;
  for (const Dot& dot : list) set.add(dot);
  return set;
}

inline Op value_op(OpKind kind, Dot dot, std::string field, OpValue value, DotSet context = {},
                   Hlc hlc = {}) {
  Op op;
  op.dot = std::move(dot);
  op.hlc = hlc;
  op.kind = kind;
  op.form = kTestForm;
  op.field = std::move(field);
  op.value = std::move(value);
  op.context = std::move(context);
  return op;
}

inline Op set_op(Dot dot, std::string field, OpValue value, DotSet context = {}, Hlc hlc = {}) {
  return value_op(OpKind::kSet, std::move(dot), std::move(field), std::move(value),
                  std::move(context), hlc);
}

inline Op adjudicate_op(Dot dot, std::string field, OpValue value, DotSet context) {
  return value_op(OpKind::kAdjudicate, std::move(dot), std::move(field), std::move(value),
                  std::move(context));
}

inline Op submit_op(Dot dot, const Sha256Digest& values_hash, DotSet context) {
  Op op = value_op(OpKind::kSubmit, std::move(dot), {}, Cleared{}, std::move(context));
  op.submission.values_hash = values_hash;
  op.submission.signature.fill(0x5a);
  return op;
}

inline Op withdraw_op(Dot dot, DotSet context) {
  return value_op(OpKind::kWithdraw, std::move(dot), {}, Cleared{}, std::move(context));
}

}  // namespace tally::engine::testing

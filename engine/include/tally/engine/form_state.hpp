// The merged state of one form: a multi-value register per field path.
//
// Every replica (devices, the server, the offline verifier) applies ops with
// FormState::apply in whatever order they arrive; apply is commutative, associative and
// idempotent and assumes no causal delivery, so replicas that applied the same set of
// ops hold the same state, byte for byte (encode_form_state). The rules are in
// docs/sync-model.md. The lifecycle (form_status.hpp), the history (form_history.hpp)
// and the many-form Replica (replica.hpp) are built on it.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tally/engine/dot_set.hpp"
#include "tally/engine/op.hpp"
#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// The reserved register holding a form's submission: kSubmit writes the hex of the
// submitted values hash, kWithdraw writes Cleared. Ordinary ops may not name a path
// starting with '$'.
inline constexpr std::string_view kSubmissionPath = "$submission";

// One live value of a register, with the op that wrote it.
struct Sibling {
  Dot dot;                        // the op's identity: device and counter
  Hlc hlc;                        // when, by the author's clock (display only)
  OpKind kind = OpKind::kSet;
  OpValue value;                  // kSubmit: to_hex(values hash); kWithdraw: Cleared
  Ed25519Signature signature{};   // kSubmit only; zero otherwise
  bool operator==(const Sibling&) const = default;
};

// A multi-value register: the live siblings (ascending by dot) and the dots covered by
// the contexts of every op applied to this field path. A dot in `covered` can never
// become a sibling again, whatever order ops arrive in.
struct Register {
  std::vector<Sibling> siblings;
  DotSet covered;

  // Two or more different values side by side (equal values are not a conflict).
  [[nodiscard]] bool in_conflict() const;
  // The value every sibling agrees on, or nullptr if there is none or they differ.
  [[nodiscard]] const OpValue* agreed_value() const;
  bool operator==(const Register&) const = default;
};

// A field whose siblings hold different values: shown to officers and supervisors.
struct FieldConflict {
  std::string path;
  std::vector<Sibling> siblings;  // every sibling: value, dot (device), hlc, kind
};

// What applying one op did.
enum class ApplyOutcome : std::uint8_t {
  kApplied,    // new op; its value is now a sibling
  kCovered,    // new op, but an op applied earlier already covered it: value not live
  kDuplicate,  // this dot was applied before; nothing changed
};

struct ApplyResult {
  ApplyOutcome outcome = ApplyOutcome::kApplied;
  std::size_t siblings_removed = 0;  // siblings the op's context covered
  // True if the form's live values changed (the record or lifecycle may differ).
  [[nodiscard]] bool changed() const {
    return outcome == ApplyOutcome::kApplied || siblings_removed > 0;
  }
};

// Refuses ops that are malformed whatever the schema: a zero counter or empty device, a
// context containing the op's own dot, a set/adjudicate without a valid field path or
// naming a reserved '$' path, a map entry ("votes.X") holding text, a submit/withdraw
// naming a field. Schema checks (known field, type) are the server's job before apply.
Status check_op_shape(const Op& op);

// The merged state of one form.
class FormState {
 public:
  explicit FormState(FormId form) : form_(std::move(form)) {}

  // Applies `op` (see docs/sync-model.md): refuses it if it is for another form or fails
  // check_op_shape; otherwise returns what changed.
  Result<ApplyResult> apply(const Op& op);

  [[nodiscard]] const FormId& form() const { return form_; }
  // The dots of every op applied: what a device sends as the context of its next edit.
  [[nodiscard]] const VersionVector& version_vector() const { return applied_; }
  // Every register that an op has touched, by path (including kSubmissionPath).
  [[nodiscard]] const std::map<std::string, Register, std::less<>>& registers() const {
    return registers_;
  }
  // The register at `path`, or nullptr if no op touched it.
  [[nodiscard]] const Register* find(std::string_view path) const;

  // The values every replica agrees on: fields whose siblings agree on a non-cleared
  // value; "votes.X" entries assembled into the "votes" map. Conflicting and cleared
  // fields are absent; the submission register is not a value. schema_id is left empty
  // (the caller knows the form's schema). Ops are expected to have passed the schema
  // (a map field is never also written as a scalar); if a scalar "votes" and entries
  // "votes.X" were both written, the scalar is kept and the entries are left out.
  [[nodiscard]] StationRecord record() const;
  // Every register in conflict, in path order (the submission register included).
  [[nodiscard]] std::vector<FieldConflict> conflicts() const;

  bool operator==(const FormState&) const = default;

 private:
  FormId form_;
  DotSet applied_;
  std::map<std::string, Register, std::less<>> registers_;
};

// Canonical bytes of a form's merge state (form id, applied dots, each register's
// covered set and siblings; maps in ascending order). Replicas that applied the same
// ops produce identical bytes. Layout in docs/sync-model.md.
std::string encode_form_state(const FormState& state);

}  // namespace tally::engine

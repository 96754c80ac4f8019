#include "tally/engine/form_state.hpp"

#include <algorithm>
#include <iterator>

#include "tally/engine/hex.hpp"

namespace tally::engine {
namespace {

Error shape_error(ErrorCode code, const Op& op, std::string_view what) {
  return make_error(code, "op " + op.dot.device + ":" + std::to_string(op.dot.counter) +
                              " on form " + op.form.to_string() + ": " + std::string(what));
}

// The register an op writes.
std::string_view path_of(const Op& op) {
  return op.kind == OpKind::kSubmit || op.kind == OpKind::kWithdraw ? kSubmissionPath
                                                                    : std::string_view(op.field);
}

Sibling sibling_of(const Op& op) {
  Sibling sibling{op.dot, op.hlc, op.kind, op.value, {}};
  if (op.kind == OpKind::kSubmit) {
    sibling.value = to_hex(op.submission.values_hash);
    sibling.signature = op.submission.signature;
  } else if (op.kind == OpKind::kWithdraw) {
    sibling.value = Cleared{};
  }
  return sibling;
}

}  // namespace

bool Register::in_conflict() const {
  for (std::size_t i = 1; i < siblings.size(); ++i) {
    if (!(siblings[i].value == siblings[0].value)) return true;
  }
  return false;
}

const OpValue* Register::agreed_value() const {
  if (siblings.empty() || in_conflict()) return nullptr;
  return &siblings.front().value;
}

Status check_op_shape(const Op& op) {
  if (op.dot.device.empty()) return shape_error(ErrorCode::kInvalidArgument, op, "empty device id");
  if (op.dot.counter == 0) return shape_error(ErrorCode::kInvalidArgument, op, "counter 0");
  if (op.context.contains(op.dot)) {
    return shape_error(ErrorCode::kBadContext, op, "context contains the op's own dot");
  }
  switch (op.kind) {
    case OpKind::kSet:
    case OpKind::kAdjudicate: {
      const std::string_view path = op.field;
      const auto dot = path.find('.');
      if (path.empty() || path.front() == '$' || dot == 0 || dot + 1 == path.size()) {
        return shape_error(ErrorCode::kUnknownField, op, "bad field path \"" + op.field + "\"");
      }
      if (dot != std::string_view::npos && std::holds_alternative<std::string>(op.value)) {
        return shape_error(ErrorCode::kWrongValueType, op,
                           "map entry \"" + op.field + "\" must hold a count");
      }
      return {};
    }
    case OpKind::kSubmit:
    case OpKind::kWithdraw:
      if (!op.field.empty()) {
        return shape_error(ErrorCode::kInvalidArgument, op,
                           "submit/withdraw must not name a field (\"" + op.field + "\")");
      }
      return {};
    case OpKind::kOpenRound: {
      const auto* round = std::get_if<Count>(&op.value);
      if (!op.form.station_id.empty() || !op.form.unit_id.empty() || round == nullptr ||
          *round != kSecondRound || (!op.field.empty() && op.field != kForcedOpening)) {
        return shape_error(ErrorCode::kInvalidArgument, op,
                           "an open-round op names no form, opens round 2 and is \"forced\" "
                           "or not");
      }
      return {};
    }
  }
  return shape_error(ErrorCode::kInvalidArgument, op, "unknown op kind");
}

Result<ApplyResult> FormState::apply(const Op& op) {
  if (op.form != form_) {
    return shape_error(ErrorCode::kInvalidArgument, op, "applied to form " + form_.to_string());
  }
  if (Status shape = check_op_shape(op); !shape) return std::move(shape).error();
  if (!applied_.insert(op.dot)) return ApplyResult{ApplyOutcome::kDuplicate, 0};

  const std::string_view path = path_of(op);
  auto it = registers_.find(path);
  if (it == registers_.end()) it = registers_.emplace(std::string(path), Register{}).first;
  Register& reg = it->second;

  ApplyResult result;
  result.siblings_removed = std::erase_if(
      reg.siblings, [&op](const Sibling& sibling) { return op.context.contains(sibling.dot); });
  if (reg.covered.contains(op.dot)) {
    result.outcome = ApplyOutcome::kCovered;
  } else {
    auto pos =
        std::upper_bound(reg.siblings.begin(), reg.siblings.end(), op.dot,
                         [](const Dot& dot, const Sibling& sibling) { return dot < sibling.dot; });
    reg.siblings.insert(pos, sibling_of(op));
  }
  reg.covered.merge(op.context);
  return result;
}

const Register* FormState::find(std::string_view path) const {
  auto it = registers_.find(path);
  return it == registers_.end() ? nullptr : &it->second;
}

StationRecord FormState::record() const {
  StationRecord record;
  record.form = form_;
  for (const auto& [path, reg] : registers_) {
    if (path.starts_with('$')) continue;
    const OpValue* value = reg.agreed_value();
    if (value == nullptr || std::holds_alternative<Cleared>(*value)) continue;
    const auto dot = path.find('.');
    if (dot == std::string::npos) {
      if (const Count* count = std::get_if<Count>(value)) {
        record.values.emplace(path, *count);
      } else {
        record.values.emplace(path, std::get<std::string>(*value));
      }
      continue;
    }
    // check_op_shape guarantees a map entry holds a count.
    auto [entry, inserted] = record.values.try_emplace(path.substr(0, dot), VoteMap{});
    if (VoteMap* votes = std::get_if<VoteMap>(&entry->second)) {
      votes->emplace(path.substr(dot + 1), std::get<Count>(*value));
    }
  }
  return record;
}

std::vector<FieldConflict> FormState::conflicts() const {
  std::vector<FieldConflict> out;
  for (const auto& [path, reg] : registers_) {
    if (reg.in_conflict()) out.push_back(FieldConflict{path, reg.siblings});
  }
  return out;
}

}  // namespace tally::engine

#include "core/console_author.hpp"

namespace tally::server {
namespace {

constexpr char kPersonSeparator = '/';

}  // namespace

std::string console_author_id(std::string_view person) {
  std::string id(kConsoleDeviceId);
  if (!person.empty()) (id += kPersonSeparator) += person;
  return id;
}

bool is_console_author(std::string_view device) {
  if (!device.starts_with(kConsoleDeviceId)) return false;
  const auto rest = device.substr(kConsoleDeviceId.size());
  return rest.empty() || (rest.size() > 1 && rest.front() == kPersonSeparator);
}

std::optional<std::string> console_person(std::string_view device) {
  if (!is_console_author(device) || device.size() == kConsoleDeviceId.size()) return std::nullopt;
  return std::string(device.substr(kConsoleDeviceId.size() + 1));
}

std::string_view entry_kind(const engine::Op& op) {
  switch (op.kind) {
    case engine::OpKind::kSet:
      return "edit";
    case engine::OpKind::kAdjudicate:
      return "adjudication";
    case engine::OpKind::kSubmit:
      return is_console_author(op.dot.device) ? "acceptance" : "submission";
    case engine::OpKind::kWithdraw:
      return "withdrawal";
    case engine::OpKind::kOpenRound:
      return "round_opening";
  }
  return "unknown";
}

}  // namespace tally::server

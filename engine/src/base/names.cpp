#include "tally/engine/names.hpp"

#include <array>
#include <utility>

namespace tally::engine {
namespace {

template <typename Enum, std::size_t Size>
using NameTable = std::array<std::pair<Enum, std::string_view>, Size>;

constexpr NameTable<Role, 4> kRoleNames{{{Role::kOfficer, "officer"},
                                         {Role::kSupervisor, "supervisor"},
                                         {Role::kAuditor, "auditor"},
                                         {Role::kOperator, "operator"}}};

constexpr NameTable<OpKind, 5> kOpKindNames{{{OpKind::kSet, "set"},
                                             {OpKind::kSubmit, "submit"},
                                             {OpKind::kAdjudicate, "adjudicate"},
                                             {OpKind::kWithdraw, "withdraw"},
                                             {OpKind::kOpenRound, "open_round"}}};

template <typename Enum, std::size_t Size>
std::string_view name_in(const NameTable<Enum, Size>& table, Enum value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t Size>
std::optional<Enum> parse_in(const NameTable<Enum, Size>& table, std::string_view text) {
  for (const auto& [entry, name] : table) {
    if (name == text) return entry;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Role role) { return name_in(kRoleNames, role); }
std::optional<Role> parse_role(std::string_view name) { return parse_in(kRoleNames, name); }
std::string_view to_string(OpKind kind) { return name_in(kOpKindNames, kind); }
std::optional<OpKind> parse_op_kind(std::string_view name) { return parse_in(kOpKindNames, name); }

}  // namespace tally::engine

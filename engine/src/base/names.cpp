#include "tally/engine/names.hpp"

#include <array>
#include <utility>

namespace tally::engine {
namespace {

template <typename Enum>
using NameTable = std::array<std::pair<Enum, std::string_view>, 4>;

constexpr NameTable<Role> kRoleNames{{{Role::kOfficer, "officer"},
                                      {Role::kSupervisor, "supervisor"},
                                      {Role::kAuditor, "auditor"},
                                      {Role::kOperator, "operator"}}};

constexpr NameTable<OpKind> kOpKindNames{{{OpKind::kSet, "set"},
                                          {OpKind::kSubmit, "submit"},
                                          {OpKind::kAdjudicate, "adjudicate"},
                                          {OpKind::kWithdraw, "withdraw"}}};

template <typename Enum>
std::string_view name_in(const NameTable<Enum>& table, Enum value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return "unknown";
}

template <typename Enum>
std::optional<Enum> parse_in(const NameTable<Enum>& table, std::string_view text) {
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

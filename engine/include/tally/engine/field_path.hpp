// Field paths: how an op names the part of a record it writes.
//
// A scalar field is its name ("valid"); one entry of a candidate-vote map is
// "<field>.<key>" ("votes.NA-01-C2"). Ops address map entries one by one so that two
// officers entering different candidates' votes never conflict.
#pragma once

#include <string>
#include <string_view>

namespace tally::engine {

// A parsed field path: `key` is empty for a scalar field.
struct FieldPath {
  std::string field;
  std::string key;

  [[nodiscard]] bool is_map_entry() const { return !key.empty(); }
  [[nodiscard]] std::string to_string() const { return key.empty() ? field : field + "." + key; }
  auto operator<=>(const FieldPath&) const = default;
};

// Splits at the first '.'; a path with an empty field or an empty key after '.' yields
// an empty FieldPath (field empty), which callers treat as unknown.
inline FieldPath parse_field_path(std::string_view path) {
  auto dot = path.find('.');
  if (dot == std::string_view::npos) return FieldPath{std::string(path), {}};
  if (dot == 0 || dot + 1 == path.size()) return FieldPath{};
  return FieldPath{std::string(path.substr(0, dot)), std::string(path.substr(dot + 1))};
}

}  // namespace tally::engine

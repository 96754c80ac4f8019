#include "base/json_reader.hpp"

#include <algorithm>

#include "tally/engine/strict_json.hpp"

namespace tally::engine {

namespace json = boost::json;

json::value JsonReader::parse(std::string_view text) const {
  auto document = parse_strict_json(text, parse_code_);
  if (!document) throw JsonError{parse_code_, document.error().message};
  return std::move(document).value();
}

void JsonReader::fail(const std::string& path, const std::string& what) const {
  fail(invalid_code_, path, what);
}

void JsonReader::fail(ErrorCode code, const std::string& path, const std::string& what) {
  throw JsonError{code, (path.empty() ? std::string("(root)") : path) + ": " + what};
}

std::string JsonReader::member_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string JsonReader::index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

const json::object& JsonReader::as_object(const json::value& value, const std::string& path) const {
  if (!value.is_object()) fail(path, "expected an object");
  return value.get_object();
}

const json::array& JsonReader::as_array(const json::value& value, const std::string& path) const {
  if (!value.is_array()) fail(path, "expected an array");
  return value.get_array();
}

void JsonReader::only_members(const json::object& object, const std::string& path,
                              std::initializer_list<std::string_view> allowed) const {
  for (const auto& entry : object) {
    if (std::find(allowed.begin(), allowed.end(), entry.key()) == allowed.end()) {
      fail(member_path(path, entry.key()), "unknown member");
    }
  }
}

const json::value& JsonReader::member(const json::object& object, const std::string& path,
                                      std::string_view key) const {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) fail(member_path(path, key), "missing");
  return *value;
}

const json::array& JsonReader::array_member(const json::object& object, const std::string& path,
                                            std::string_view key) const {
  return as_array(member(object, path, key), member_path(path, key));
}

std::string JsonReader::string_value(const json::value& value, const std::string& path) const {
  if (!value.is_string() || value.get_string().empty()) fail(path, "expected a non-empty string");
  return std::string(value.get_string());
}

std::string JsonReader::string_member(const json::object& object, const std::string& path,
                                      std::string_view key) const {
  return string_value(member(object, path, key), member_path(path, key));
}

std::int64_t JsonReader::integer_value(const json::value& value, const std::string& path) const {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value.get_uint64());
  }
  fail(path, "expected an integer");
}

std::int64_t JsonReader::integer_member(const json::object& object, const std::string& path,
                                        std::string_view key) const {
  return integer_value(member(object, path, key), member_path(path, key));
}

std::optional<std::int64_t> JsonReader::optional_integer(const json::object& object,
                                                         const std::string& path,
                                                         std::string_view key,
                                                         std::int64_t minimum) const {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  std::int64_t integer = integer_value(*value, member_path(path, key));
  if (integer < minimum) {
    fail(member_path(path, key), "must be at least " + std::to_string(minimum));
  }
  return integer;
}

}  // namespace tally::engine

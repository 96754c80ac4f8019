// Strict reading of JSON documents (Boost.JSON) for the engine's loaders: the election
// definition, the form schema and the records file. Every error names the JSON path of
// the offending member; malformed text is reported with its line and column.
//
// Internally the readers throw JsonError, which each loader catches at its public
// boundary and turns into an Error of its own domain.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::engine {

// A failure while reading a document: the code and "<json path>: <what>".
struct JsonError {
  ErrorCode code;
  std::string message;
};

// Reads members of one kind of document; `invalid_code` is the code of its errors.
class JsonReader {
 public:
  JsonReader(ErrorCode parse_code, ErrorCode invalid_code)
      : parse_code_(parse_code), invalid_code_(invalid_code) {}

  // Parses `text` strictly (parse_strict_json): malformed, truncated, or an object that
  // repeats a key.
  [[nodiscard]] boost::json::value parse(std::string_view text) const;

  [[noreturn]] void fail(const std::string& path, const std::string& what) const;
  [[noreturn]] static void fail(ErrorCode code, const std::string& path, const std::string& what);

  static std::string member_path(const std::string& parent, std::string_view key);
  static std::string index_path(const std::string& parent, std::size_t index);

  const boost::json::object& as_object(const boost::json::value& value,
                                       const std::string& path) const;
  const boost::json::array& as_array(const boost::json::value& value,
                                     const std::string& path) const;
  // Refuses members other than `allowed`: a typo must not be silently ignored.
  void only_members(const boost::json::object& object, const std::string& path,
                    std::initializer_list<std::string_view> allowed) const;
  const boost::json::value& member(const boost::json::object& object, const std::string& path,
                                   std::string_view key) const;
  const boost::json::array& array_member(const boost::json::object& object, const std::string& path,
                                         std::string_view key) const;
  std::string string_member(const boost::json::object& object, const std::string& path,
                            std::string_view key) const;
  std::string string_value(const boost::json::value& value, const std::string& path) const;
  std::int64_t integer_value(const boost::json::value& value, const std::string& path) const;
  std::int64_t integer_member(const boost::json::object& object, const std::string& path,
                              std::string_view key) const;
  std::optional<std::int64_t> optional_integer(const boost::json::object& object,
                                               const std::string& path, std::string_view key,
                                               std::int64_t minimum) const;

 private:
  ErrorCode parse_code_;
  ErrorCode invalid_code_;
};

}  // namespace tally::engine

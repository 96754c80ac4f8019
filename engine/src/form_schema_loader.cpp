// Loading a form schema from JSON (Boost.JSON): every member is checked and every error
// names its JSON path. Internally a SchemaError is thrown and caught at load_form_schema.
#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "tally/engine/form_schema.hpp"

namespace tally::engine {
namespace {

namespace json = boost::json;

struct SchemaError {
  ErrorCode code;
  std::string message;
};

[[noreturn]] void fail(ErrorCode code, const std::string& path, const std::string& what) {
  throw SchemaError{code, path + ": " + what};
}
[[noreturn]] void invalid(const std::string& path, const std::string& what) {
  fail(ErrorCode::kSchemaInvalid, path, what);
}

std::string member_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

const json::object& as_object(const json::value& value, const std::string& path) {
  if (!value.is_object()) invalid(path, "expected an object");
  return value.get_object();
}

// Refuses members other than `allowed` (a typo must not be silently ignored).
void only_members(const json::object& object, const std::string& path,
                  std::initializer_list<std::string_view> allowed) {
  for (const auto& member : object) {
    if (std::find(allowed.begin(), allowed.end(), member.key()) == allowed.end()) {
      invalid(member_path(path, member.key()), "unknown member");
    }
  }
}

const json::value& member(const json::object& object, const std::string& path,
                          std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) invalid(member_path(path, key), "missing");
  return *value;
}

std::string string_member(const json::object& object, const std::string& path,
                          std::string_view key) {
  const json::value& value = member(object, path, key);
  if (!value.is_string() || value.get_string().empty()) {
    invalid(member_path(path, key), "expected a non-empty string");
  }
  return std::string(value.get_string());
}

std::int64_t integer_value(const json::value& value, const std::string& path) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value.get_uint64());
  }
  invalid(path, "expected an integer");
}

std::optional<std::int64_t> optional_integer(const json::object& object, const std::string& path,
                                             std::string_view key, std::int64_t minimum) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  std::int64_t integer = integer_value(*value, member_path(path, key));
  if (integer < minimum) {
    invalid(member_path(path, key), "must be at least " + std::to_string(minimum));
  }
  return integer;
}

LocalizedText localized(const json::value& value, const std::string& path) {
  const json::object& object = as_object(value, path);
  only_members(object, path, {"vi", "en"});
  return LocalizedText{string_member(object, path, "vi"), string_member(object, path, "en")};
}

// Field and check names: [a-z_][a-z0-9_]*, so that checks can name them.
bool is_identifier(std::string_view text) {
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

FieldType field_type(const json::object& object, const std::string& path) {
  std::string type = string_member(object, path, "type");
  if (type == "count") return FieldType::kCount;
  if (type == "text") return FieldType::kText;
  if (type == "candidate_votes") return FieldType::kCandidateVotes;
  invalid(member_path(path, "type"),
          "expected \"count\", \"text\" or \"candidate_votes\", found \"" + type + "\"");
}

FieldSpec load_field(const json::value& value, const std::string& path) {
  const json::object& object = as_object(value, path);
  only_members(object, path, {"name", "type", "label", "help", "required", "max", "max_length"});
  FieldSpec field;
  field.name = string_member(object, path, "name");
  if (!is_identifier(field.name)) {
    invalid(member_path(path, "name"), "'" + field.name + "' is not a name of [a-z0-9_]");
  }
  for (std::string_view reserved : {kSeatsVariable, kCandidatesVariable, std::string_view("sum"),
                                    std::string_view("count"), std::string_view("each")}) {
    if (field.name == reserved) {
      invalid(member_path(path, "name"), "'" + field.name + "' is reserved for checks");
    }
  }
  field.type = field_type(object, path);
  field.label = localized(member(object, path, "label"), member_path(path, "label"));
  if (const json::value* help = object.if_contains("help")) {
    field.help = localized(*help, member_path(path, "help"));
  }
  const json::value& required = member(object, path, "required");
  if (!required.is_bool()) invalid(member_path(path, "required"), "expected true or false");
  field.required = required.get_bool();
  bool text = field.type == FieldType::kText;
  if (object.contains(text ? "max" : "max_length")) {
    invalid(member_path(path, text ? "max" : "max_length"),
            text ? "a text field has max_length, not max" : "only a text field has max_length");
  }
  if (auto max = optional_integer(object, path, "max", 0)) field.max = *max;
  if (auto max_length = optional_integer(object, path, "max_length", 1)) {
    field.max_length = static_cast<std::size_t>(*max_length);
  }
  return field;
}

SymbolTypes check_symbols(const std::vector<FieldSpec>& fields) {
  SymbolTypes symbols{{std::string(kSeatsVariable), ValueType::kInteger},
                      {std::string(kCandidatesVariable), ValueType::kInteger}};
  for (const auto& field : fields) {
    if (field.type == FieldType::kCount) symbols.emplace(field.name, ValueType::kInteger);
    if (field.type == FieldType::kCandidateVotes) symbols.emplace(field.name, ValueType::kMap);
  }
  return symbols;
}

FormCheck load_check(const json::value& value, const std::string& path,
                     const SymbolTypes& symbols) {
  const json::object& object = as_object(value, path);
  only_members(object, path, {"id", "expr", "severity", "message"});
  std::string id = string_member(object, path, "id");
  if (!is_identifier(id))
    invalid(member_path(path, "id"), "'" + id + "' is not a name of [a-z0-9_]");
  std::string expr_path = member_path(path, "expr");
  auto expression = Expression::parse(string_member(object, path, "expr"));
  if (!expression.ok()) fail(expression.error().code, expr_path, expression.error().message);
  auto type = type_check(*expression, symbols);
  if (!type.ok()) fail(type.error().code, expr_path, type.error().message);
  if (*type != ValueType::kBoolean) {
    fail(ErrorCode::kExpressionType, expr_path,
         "a check must be a condition (a comparison), not a number");
  }
  std::string severity = string_member(object, path, "severity");
  if (severity != "error" && severity != "warning") {
    invalid(member_path(path, "severity"),
            "expected \"error\" or \"warning\", found \"" + severity + "\"");
  }
  return FormCheck{std::move(id), std::move(expression).value(),
                   severity == "error" ? Severity::kError : Severity::kWarning,
                   string_member(object, path, "message")};
}

json::value parse_json(std::string_view text) {
  json::parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (ec) {
    std::string_view before = text.substr(0, consumed);
    auto line = 1 + std::count(before.begin(), before.end(), '\n');
    std::size_t last_newline = before.rfind('\n');
    std::size_t column =
        last_newline == std::string_view::npos ? consumed + 1 : consumed - last_newline;
    throw SchemaError{ErrorCode::kSchemaParse, "line " + std::to_string(line) + ", column " +
                                                   std::to_string(column) +
                                                   ": malformed JSON: " + ec.message()};
  }
  return parser.release();
}

FormSchema load(std::string_view text) {
  json::value document = parse_json(text);
  const json::object& root = as_object(document, "(root)");
  only_members(root, "", {"format", "id", "name", "version", "title", "fields", "checks"});
  std::string format = string_member(root, "", "format");
  if (format != kFormSchemaFormat) {
    invalid("format",
            "expected \"" + std::string(kFormSchemaFormat) + "\", found \"" + format + "\"");
  }
  FormSchema schema;
  schema.id = string_member(root, "", "id");
  schema.name = string_member(root, "", "name");
  std::int64_t version = integer_value(member(root, "", "version"), "version");
  if (version < 1 || version > 1'000'000) invalid("version", "expected an integer from 1");
  schema.version = static_cast<int>(version);
  std::string expected_id = schema.name + "/" + std::to_string(schema.version);
  if (schema.id != expected_id) {
    invalid("id", "\"" + schema.id + "\" should be \"" + expected_id + "\" (name/version)");
  }
  schema.title = localized(member(root, "", "title"), "title");

  const json::value& fields = member(root, "", "fields");
  if (!fields.is_array() || fields.get_array().empty())
    invalid("fields", "expected a non-empty array");
  std::set<std::string> field_names;
  for (std::size_t i = 0; i < fields.get_array().size(); ++i) {
    std::string path = "fields[" + std::to_string(i) + "]";
    FieldSpec field = load_field(fields.get_array()[i], path);
    if (!field_names.insert(field.name).second) {
      invalid(path + ".name", "duplicate field '" + field.name + "'");
    }
    schema.fields.push_back(std::move(field));
  }

  const json::value& checks = member(root, "", "checks");
  if (!checks.is_array()) invalid("checks", "expected an array");
  SymbolTypes symbols = check_symbols(schema.fields);
  std::set<std::string> check_ids;
  for (std::size_t i = 0; i < checks.get_array().size(); ++i) {
    std::string path = "checks[" + std::to_string(i) + "]";
    FormCheck check = load_check(checks.get_array()[i], path, symbols);
    if (!check_ids.insert(check.id).second)
      invalid(path + ".id", "duplicate check '" + check.id + "'");
    schema.checks.push_back(std::move(check));
  }
  return schema;
}

}  // namespace

const FieldSpec* FormSchema::field(std::string_view field_name) const {
  auto it = std::find_if(fields.begin(), fields.end(),
                         [&](const FieldSpec& spec) { return spec.name == field_name; });
  return it == fields.end() ? nullptr : &*it;
}

Result<FormSchema> load_form_schema(std::string_view json) {
  try {
    return load(json);
  } catch (const SchemaError& error) {
    return make_error(ErrorDomain::kSchema, error.code, "form schema: " + error.message);
  } catch (const std::exception& error) {  // e.g. std::bad_alloc from Boost.JSON
    return make_error(ErrorDomain::kSchema, ErrorCode::kSchemaParse,
                      std::string("form schema: ") + error.what());
  }
}

}  // namespace tally::engine

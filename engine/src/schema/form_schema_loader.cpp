// Loading a form schema from JSON (Boost.JSON): every member is checked and every error
// names its JSON path. Internally a JsonError is thrown and caught at load_form_schema.
#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "base/json_reader.hpp"
#include "tally/engine/form_schema.hpp"
#include "tally/engine/wire_limits.hpp"

namespace tally::engine {
namespace {

namespace json = boost::json;

const JsonReader kReader{ErrorCode::kSchemaParse, ErrorCode::kSchemaInvalid};

LocalizedText localized(const json::value& value, const std::string& path) {
  const json::object& object = kReader.as_object(value, path);
  kReader.only_members(object, path, {"vi", "en"});
  return LocalizedText{kReader.string_member(object, path, "vi"),
                       kReader.string_member(object, path, "en")};
}

// Field and check names: [a-z_][a-z0-9_]*, so that checks can name them.
bool is_identifier(std::string_view text) {
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

FieldType field_type(const json::object& object, const std::string& path) {
  std::string type = kReader.string_member(object, path, "type");
  if (type == "count") return FieldType::kCount;
  if (type == "text") return FieldType::kText;
  if (type == "candidate_votes") return FieldType::kCandidateVotes;
  kReader.fail(JsonReader::member_path(path, "type"),
               "expected \"count\", \"text\" or \"candidate_votes\", found \"" + type + "\"");
}

FieldSpec load_field(const json::value& value, const std::string& path) {
  const json::object& object = kReader.as_object(value, path);
  kReader.only_members(object, path,
                       {"name", "type", "label", "help", "required", "max", "max_length"});
  FieldSpec field;
  field.name = kReader.string_member(object, path, "name");
  if (!is_identifier(field.name)) {
    kReader.fail(JsonReader::member_path(path, "name"),
                 "'" + field.name + "' is not a name of [a-z0-9_]");
  }
  if (field.name.size() > kMaxFieldNameBytes) {
    kReader.fail(JsonReader::member_path(path, "name"),
                 "'" + field.name + "' is longer than " + std::to_string(kMaxFieldNameBytes) +
                     " bytes (an op's field path \"<name>.<candidate>\" must fit the wire)");
  }
  for (std::string_view reserved : {kSeatsVariable, kCandidatesVariable, std::string_view("sum"),
                                    std::string_view("count"), std::string_view("each")}) {
    if (field.name == reserved) {
      kReader.fail(JsonReader::member_path(path, "name"),
                   "'" + field.name + "' is reserved for checks");
    }
  }
  field.type = field_type(object, path);
  field.label =
      localized(kReader.member(object, path, "label"), JsonReader::member_path(path, "label"));
  if (const json::value* help = object.if_contains("help")) {
    field.help = localized(*help, JsonReader::member_path(path, "help"));
  }
  const json::value& required = kReader.member(object, path, "required");
  if (!required.is_bool())
    kReader.fail(JsonReader::member_path(path, "required"), "expected true or false");
  field.required = required.get_bool();
  bool text = field.type == FieldType::kText;
  if (object.contains(text ? "max" : "max_length")) {
    kReader.fail(
        JsonReader::member_path(path, text ? "max" : "max_length"),
        text ? "a text field has max_length, not max" : "only a text field has max_length");
  }
  if (auto max = kReader.optional_integer(object, path, "max", 0)) field.max = *max;
  if (auto max_length = kReader.optional_integer(object, path, "max_length", 1)) {
    if (static_cast<std::uint64_t>(*max_length) > kMaxTextLength) {
      kReader.fail(JsonReader::member_path(path, "max_length"),
                   "must be at most " + std::to_string(kMaxTextLength) +
                       " (an op's text must fit the wire)");
    }
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
  const json::object& object = kReader.as_object(value, path);
  kReader.only_members(object, path, {"id", "expr", "severity", "message"});
  std::string id = kReader.string_member(object, path, "id");
  if (!is_identifier(id))
    kReader.fail(JsonReader::member_path(path, "id"), "'" + id + "' is not a name of [a-z0-9_]");
  std::string expr_path = JsonReader::member_path(path, "expr");
  auto expression = Expression::parse(kReader.string_member(object, path, "expr"));
  if (!expression.ok())
    JsonReader::fail(expression.error().code, expr_path, expression.error().message);
  auto type = type_check(*expression, symbols);
  if (!type.ok()) JsonReader::fail(type.error().code, expr_path, type.error().message);
  if (*type != ValueType::kBoolean) {
    JsonReader::fail(ErrorCode::kExpressionType, expr_path,
                     "a check must be a condition (a comparison), not a number");
  }
  std::string severity = kReader.string_member(object, path, "severity");
  if (severity != "error" && severity != "warning") {
    kReader.fail(JsonReader::member_path(path, "severity"),
                 "expected \"error\" or \"warning\", found \"" + severity + "\"");
  }
  return FormCheck{std::move(id), std::move(expression).value(),
                   severity == "error" ? Severity::kError : Severity::kWarning,
                   kReader.string_member(object, path, "message")};
}

FormSchema load(std::string_view text) {
  json::value document = kReader.parse(text);
  const json::object& root = kReader.as_object(document, "(root)");
  kReader.only_members(root, "", {"format", "id", "name", "version", "title", "fields", "checks"});
  std::string format = kReader.string_member(root, "", "format");
  if (format != kFormSchemaFormat) {
    kReader.fail("format",
                 "expected \"" + std::string(kFormSchemaFormat) + "\", found \"" + format + "\"");
  }
  FormSchema schema;
  schema.id = kReader.string_member(root, "", "id");
  schema.name = kReader.string_member(root, "", "name");
  std::int64_t version = kReader.integer_value(kReader.member(root, "", "version"), "version");
  if (version < 1 || version > 1'000'000) kReader.fail("version", "expected an integer from 1");
  schema.version = static_cast<int>(version);
  std::string expected_id = schema.name + "/" + std::to_string(schema.version);
  if (schema.id != expected_id) {
    kReader.fail("id", "\"" + schema.id + "\" should be \"" + expected_id + "\" (name/version)");
  }
  schema.title = localized(kReader.member(root, "", "title"), "title");

  const json::value& fields = kReader.member(root, "", "fields");
  if (!fields.is_array() || fields.get_array().empty())
    kReader.fail("fields", "expected a non-empty array");
  std::set<std::string> field_names;
  for (std::size_t i = 0; i < fields.get_array().size(); ++i) {
    std::string path = "fields[" + std::to_string(i) + "]";
    FieldSpec field = load_field(fields.get_array()[i], path);
    if (!field_names.insert(field.name).second) {
      kReader.fail(path + ".name", "duplicate field '" + field.name + "'");
    }
    schema.fields.push_back(std::move(field));
  }

  const json::value& checks = kReader.member(root, "", "checks");
  if (!checks.is_array()) kReader.fail("checks", "expected an array");
  SymbolTypes symbols = check_symbols(schema.fields);
  std::set<std::string> check_ids;
  for (std::size_t i = 0; i < checks.get_array().size(); ++i) {
    std::string path = "checks[" + std::to_string(i) + "]";
    FormCheck check = load_check(checks.get_array()[i], path, symbols);
    if (!check_ids.insert(check.id).second)
      kReader.fail(path + ".id", "duplicate check '" + check.id + "'");
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
  } catch (const JsonError& error) {
    return make_error(error.code, "form schema: " + error.message);
  } catch (const std::exception& error) {  // e.g. std::bad_alloc from Boost.JSON
    return make_error(ErrorCode::kSchemaParse, std::string("form schema: ") + error.what());
  }
}

}  // namespace tally::engine

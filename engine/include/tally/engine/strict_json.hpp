// Strict parsing of one JSON document, for every reader of files an operator or auditor
// hands over (definition, schema, records, an export's devices file): malformed text and
// text cut short are told apart, and an object that repeats a key is refused (Boost.JSON
// alone keeps the last value, so `"id"` twice would load silently).
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "tally/error.hpp"

namespace tally::engine {

// The document in `text`, or an error of `code`: "line L, column C: malformed JSON: ...",
// "line L, column C: truncated JSON: the document ends before it is complete", or
// "<json path>: key "K" appears twice".
Result<boost::json::value> parse_strict_json(std::string_view text, ErrorCode code);

}  // namespace tally::engine

// The `?format=` of a read of tallyd's API (docs/operations.md, "HTTP endpoints"): JSON when
// none is named, CSV or the text table where an endpoint offers them, and a format the
// endpoint does not offer refused (400, E1101) rather than ignored.
#pragma once

#include <initializer_list>
#include <string_view>

#include "tally/error.hpp"

namespace tally::server {

enum class ResponseFormat : unsigned char { kJson, kCsv, kText };

// The format the request target asks for among `offered` (kJson when it names none), or
// kInvalidArgument naming the formats offered.
Result<ResponseFormat> requested_format(std::string_view target,
                                        std::initializer_list<ResponseFormat> offered);

// The Content-Type of an answer in `format` ("text/csv; charset=utf-8" for CSV).
const char* content_type(ResponseFormat format);

}  // namespace tally::server

// Times as the console's JSON writes them: RFC 3339 in UTC with milliseconds
// ("2026-05-24T19:03:07.250Z"), from Unix milliseconds.
#pragma once

#include <cstdint>
#include <string>

namespace tally::server {

std::string rfc3339_utc(std::uint64_t unix_ms);

}  // namespace tally::server

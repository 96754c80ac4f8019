#include "tally/engine/record.hpp"

namespace tally::engine {

Result<FormId> parse_form_id(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size() ||
      text.find('/', slash + 1) != std::string_view::npos) {
    return make_error(ErrorCode::kInvalidArgument,
                      "a form id is STATION/UNIT, e.g. TN-0001/NA-01: '" + std::string(text) + "'");
  }
  return FormId{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

}  // namespace tally::engine

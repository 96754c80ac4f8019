#include "tally/engine/json_layout.hpp"

namespace tally::engine {

namespace json = boost::json;

std::string layout_document(const json::object& document) {
  std::string out = "{\n";
  std::size_t remaining = document.size();
  for (const auto& member : document) {
    out += "  ";
    out += json::serialize(json::string_view(member.key()));
    out += ": ";
    const json::array* elements = member.value().if_array();
    if (elements == nullptr || elements->empty()) {
      out += json::serialize(member.value());
    } else {
      out += "[\n";
      for (std::size_t i = 0; i < elements->size(); ++i) {
        out += "    ";
        out += json::serialize((*elements)[i]);
        out += i + 1 < elements->size() ? ",\n" : "\n";
      }
      out += "  ]";
    }
    out += --remaining > 0 ? ",\n" : "\n";
  }
  out += "}\n";
  return out;
}

}  // namespace tally::engine

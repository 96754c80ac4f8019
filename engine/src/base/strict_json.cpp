#include "tally/engine/strict_json.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parser.hpp>
#include <set>
#include <string>
#include <vector>

namespace tally::engine {
namespace {

namespace json = boost::json;

// A Boost.JSON SAX handler that only looks for an object repeating a key, and remembers the
// JSON path of the first one (the value itself is built by json::parser beforehand).
class DuplicateKeyFinder {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  [[nodiscard]] const std::string& duplicate() const { return duplicate_; }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    frames_.push_back(Frame{true, {}, {}, 0});
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) { return end_container(); }
  bool on_array_begin(json::error_code&) {
    frames_.push_back(Frame{false, {}, {}, 0});
    return true;
  }
  bool on_array_end(std::size_t, json::error_code&) { return end_container(); }
  bool on_key_part(std::string_view part, std::size_t, json::error_code&) {
    key_.append(part);
    return true;
  }
  bool on_key(std::string_view part, std::size_t, json::error_code&) {
    key_.append(part);
    Frame& frame = frames_.back();
    if (!frame.keys.insert(key_).second) {
      duplicate_ = path() + ": key \"" + key_ + "\" appears twice";
      return false;
    }
    frame.key = std::move(key_);
    key_.clear();
    return true;
  }
  bool on_string_part(std::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string(std::string_view, std::size_t, json::error_code&) { return value_done(); }
  bool on_number_part(std::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, std::string_view, json::error_code&) { return value_done(); }
  bool on_uint64(std::uint64_t, std::string_view, json::error_code&) { return value_done(); }
  bool on_double(double, std::string_view, json::error_code&) { return value_done(); }
  bool on_bool(bool, json::error_code&) { return value_done(); }
  bool on_null(json::error_code&) { return value_done(); }
  bool on_comment_part(std::string_view, json::error_code&) { return true; }
  bool on_comment(std::string_view, json::error_code&) { return true; }

 private:
  // An open object (its keys so far, the key whose value is being read) or array (the
  // elements read so far, which is the index of the one being read).
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string key;
    std::size_t elements;
  };

  bool value_done() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().elements;
    return true;
  }
  bool end_container() {
    frames_.pop_back();
    return value_done();
  }
  [[nodiscard]] std::string path() const {
    std::string path;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      if (frame.object) {
        path += (path.empty() ? "" : ".") + frame.key;
      } else {
        path += "[" + std::to_string(frame.elements) + "]";
      }
    }
    return path.empty() ? "(root)" : path;
  }

  std::vector<Frame> frames_;
  std::string key_;
  std::string duplicate_;
};

std::string position(std::string_view text, std::size_t consumed) {
  const std::string_view before = text.substr(0, consumed);
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const std::size_t last_newline = before.rfind('\n');
  const std::size_t column =
      last_newline == std::string_view::npos ? consumed + 1 : consumed - last_newline;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

Result<json::value> parse_strict_json(std::string_view text, ErrorCode code) {
  json::parser parser;
  json::error_code error;
  const std::size_t consumed = parser.write(text.data(), text.size(), error);
  if (error == json::error::incomplete) {
    return make_error(code, position(text, consumed) +
                                ": truncated JSON: the document ends before it is complete");
  }
  if (error) {
    return make_error(code, position(text, consumed) + ": malformed JSON: " + error.message());
  }
  json::basic_parser<DuplicateKeyFinder> finder(json::parse_options{});
  finder.write_some(false, text.data(), text.size(), error);
  if (!finder.handler().duplicate().empty()) {
    return make_error(code, finder.handler().duplicate());
  }
  return parser.release();
}

}  // namespace tally::engine

// Line-oriented layout of large JSON documents (election definitions, records
// and tally files): each element of a top-level array on a line of its own, so that the
// committed data files diff line by line. Deterministic: members keep their insertion order.
#pragma once

#include <boost/json.hpp>
#include <string>

namespace tally::engine {

// `document` as text: one top-level member per line; the elements of a top-level array one
// per line, each serialized compactly; ends with a newline.
std::string layout_document(const boost::json::object& document);

}  // namespace tally::engine

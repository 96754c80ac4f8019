// tallyd's config file (`tallyd serve --config FILE`): `key = value` lines whose keys are
// the long names of the command's flags, `#` comments (docs/operations.md, "Config file").
#pragma once

#include <boost/program_options.hpp>
#include <string>

#include "tally/error.hpp"

namespace tally::server {

// Reads the config file at `path` against `options` and stores its values into `values`
// beneath those already there, so that a flag given on the command line wins over the
// file's key. An unreadable file, an unknown key, a key given twice or a value its option
// does not take is an E1101 error naming the file and the key.
Status store_config_file(const std::string& path,
                         const boost::program_options::options_description& options,
                         boost::program_options::variables_map& values);

}  // namespace tally::server

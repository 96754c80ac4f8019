// Synthetic people for the data set: Vietnamese-style full names (family, middle and given
// name, with the family names common in Thái Nguyên, Kinh and Tày–Nùng alike) and birth
// dates.
#pragma once

#include <string>

#include "random.hpp"
#include "tally/engine/definition.hpp"

namespace tally::engine::dataset {

// A full name such as "Nguyễn Thị Thu Hương" or "Ma Văn Cường".
std::string person_name(Random& random);

// A real calendar date in the years first_year..last_year.
Date birth_date(Random& random, int first_year, int last_year);

}  // namespace tally::engine::dataset

// Thái Nguyên's districts and communes as of the 2021 election (names from the province's
// administrative map), with the data set's synthetic station counts, station sizes and unit
// counts per district, and the three National Assembly units.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tally/engine/record.hpp"

namespace tally::engine::dataset {

// One district-level area (city, town or rural district) and how the data set fills it.
struct DistrictSpec {
  std::string_view name;  // "thành phố Thái Nguyên"
  std::size_t na_unit;    // index of its National Assembly unit
  std::int64_t stations;  // polling stations in the district
  Count size_low;         // a typical station has size_low..size_high voters
  Count size_high;
  std::int64_t district_units;  // units of its district council
  int district_seats;           // seats of its district council
  std::int64_t provincial_units;
  bool urban;  // a city or the industrial town: voters from elsewhere come here most
  std::vector<std::string_view> communes;  // "phường Cam Giá", "xã Tân Cương", ...
};

// The nine districts, in the order the data set numbers them.
const std::vector<DistrictSpec>& district_specs();

// Seats of the three National Assembly units, in unit order (3 + 2 + 2).
inline constexpr std::size_t kNaUnits = 3;
inline constexpr int kNaSeats[kNaUnits] = {3, 2, 2};

}  // namespace tally::engine::dataset

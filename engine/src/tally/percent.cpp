// Exact half-up rounding of ratios to hundredths of a percent.
#include "tally/engine/percent.hpp"

#include <limits>

namespace tally::engine {

Count basis_points(Count part, Count whole) {
  if (whole <= 0 || part < 0) return 0;
  // part/whole * 10000 rounded half up is floor((part * 20000 + whole) / (2 * whole)),
  // computed in 128 bits: part * 20000 overflows 64 bits once part passes 4.6e14, which
  // sums over stations reach within the limits (10^12 per count).
  __extension__ using Wide = __int128;
  const Wide rounded = (Wide{part} * 20000 + whole) / (Wide{2} * whole);
  constexpr Wide kLargest = std::numeric_limits<Count>::max();
  return static_cast<Count>(rounded > kLargest ? kLargest : rounded);
}

std::string format_basis_points(Count basis_points) {
  std::string sign = basis_points < 0 ? "-" : "";
  Count magnitude = basis_points < 0 ? -basis_points : basis_points;
  Count hundredths = magnitude % 100;
  return sign + std::to_string(magnitude / 100) + (hundredths < 10 ? ".0" : ".") +
         std::to_string(hundredths);
}

std::string format_percent(Count part, Count whole) {
  return format_basis_points(basis_points(part, whole));
}

}  // namespace tally::engine

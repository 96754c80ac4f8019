// Exact half-up rounding of ratios to hundredths of a percent.
#include "tally/engine/percent.hpp"

namespace tally::engine {

Count basis_points(Count part, Count whole) {
  if (whole <= 0 || part < 0) return 0;
  // part/whole * 10000 = quotient * 10000 + remainder * 10000 / whole, and the half-up
  // rounding of the second term is floor((2 * remainder * 10000 + whole) / (2 * whole)).
  Count quotient = part / whole;
  Count remainder = part % whole;
  return quotient * 10000 + (remainder * 20000 + whole) / (2 * whole);
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

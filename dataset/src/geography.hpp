// The data set's geography: Thái Nguyên's 9 districts and 178 communes (names as of 2021),
// the 1,439 polling stations spread over them, and the electoral units of every level
// built from whole stations so that they nest: a commune unit lies in one commune, a
// district or provincial unit in one district, a National Assembly unit covers districts.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "random.hpp"
#include "tally/engine/definition.hpp"
#include "targets.hpp"

namespace tally::engine::dataset {

// A polling station and its voters.
struct Station {
  std::string id;  // "TN-0001"
  std::string name;
  std::size_t district = 0;
  std::size_t commune = 0;                   // index across the province, in district order
  std::array<std::size_t, kLevels> units{};  // per level: index into that level's units
  Count registered = 0;    // on the council lists (provincial, district and commune)
  Count absent = 0;        // of those, did not vote
  Count na_moved_out = 0;  // of the absent: struck off the NA list (voted NA elsewhere)
  Count na_moved_in = 0;   // on the NA list only (from elsewhere, with a certificate); all vote
  [[nodiscard]] Count na_registered() const { return registered - na_moved_out + na_moved_in; }
};

// An electoral unit as the generator builds it.
struct Unit {
  std::string id;  // "NA-01", "PROV-01", "DIST-01", "COMM-0001"
  std::string name;
  int seats = 0;
  std::vector<std::size_t> stations;  // indexes into Geography::stations
  std::vector<Candidate> candidates;
  Count registered = 0;  // council voters of its stations (sizes units for seats)
};

struct Geography {
  std::array<std::vector<Unit>, kLevels> units;
  std::vector<Station> stations;
};

// Builds stations and units with voter lists and seats (kSeatMix; larger units get more
// seats); candidates are added later.
Geography build_geography(Random& random);

}  // namespace tally::engine::dataset

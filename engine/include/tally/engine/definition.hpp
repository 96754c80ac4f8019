// The election definition: levels, electoral units with seats and candidates, and
// polling stations with their voter lists and units. Loaded from JSON
// (docs/election-definition.md) and checked against the election law before use.
//
// Shared by the tally, the server (scope and reference data), the client (its station's
// forms) and the verifier.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tally/engine/record.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// A calendar date (birth dates, election date). Ordered: earlier dates compare less,
// so an older candidate has the smaller birth date.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

// National Assembly units follow Art. 57 (≤ 3 seats, candidates ≥ seats + 2, any seat
// short → supplementary election); People's Councils follow Art. 58 (≤ 5 seats,
// supplementary election only below two thirds of the seats).
enum class LevelKind : std::uint8_t { kNationalAssembly, kPeoplesCouncil };

// One level of the election, e.g. "NA" (National Assembly) or "COMM" (commune council).
struct Level {
  std::string id;
  std::string name;
  LevelKind kind = LevelKind::kPeoplesCouncil;
};

// A candidate standing in one electoral unit.
struct Candidate {
  std::string id;
  std::string name;
  Date birth_date;
};

// An electoral unit (đơn vị bầu cử) of one level.
struct ElectoralUnit {
  std::string id;
  std::string level_id;
  std::string name;
  int seats = 0;
  std::vector<Candidate> candidates;
};

// A station's part in one level: the unit it votes for and its voter list for that level.
struct StationContest {
  std::string level_id;
  std::string unit_id;
  Count registered = 0;
};

// A polling station (khu vực bỏ phiếu): one count record per contest.
struct PollingStation {
  std::string id;
  std::string name;
  std::vector<StationContest> contests;  // exactly one per level, in level order
};

}  // namespace tally::engine

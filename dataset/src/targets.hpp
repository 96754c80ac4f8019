// What the Thái Nguyên 2021 data set is built to reproduce (ELECTION_RULES.md, "Figures to
// reproduce") and the design numbers chosen to get there (docs/dataset.md explains each).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tally/engine/definition.hpp"
#include "tally/engine/record.hpp"

namespace tally::engine::dataset {

// The four levels of 2021, in definition order; used as indexes.
enum Slot : std::size_t { kNa = 0, kProvincial = 1, kDistrict = 2, kCommune = 3 };
inline constexpr std::size_t kLevels = 4;

inline constexpr std::array<std::string_view, kLevels> kLevelIds = {"NA", "PROV", "DIST", "COMM"};
inline constexpr std::array<LevelKind, kLevels> kLevelKinds = {
    LevelKind::kNationalAssembly, LevelKind::kPeoplesCouncil, LevelKind::kPeoplesCouncil,
    LevelKind::kPeoplesCouncil};

inline constexpr std::int64_t kStations = 1'439;
inline constexpr Count kMinimumStationSize = 300;
inline constexpr Count kMaximumStationSize = 4'000;

// Voters on the council lists (provincial, district and commune lists are one list) and
// how many of them did not vote: 931,847 of 934,918 voted, 99.67%.
inline constexpr Count kCouncilRegistered = 934'918;
inline constexpr Count kCouncilAbsent = 3'071;
// The National Assembly lists differ: absent voters who voted for the National Assembly
// elsewhere with a certificate are struck off here, and voters from elsewhere with a
// certificate are added here (and all vote): 932,647 of 935,658 voted, 99.68%.
inline constexpr Count kNaMovedOut = 60;
inline constexpr Count kNaMovedIn = 800;

// Published turnout in basis points (hundredths of a percent).
inline constexpr std::int64_t kNaTurnoutBasisPoints = 9968;
inline constexpr std::int64_t kProvincialTurnoutBasisPoints = 9967;

// `units` units of `seats` seats each.
struct SeatGroup {
  int seats;
  int units;
};

// Seats per unit of the provincial (66) and commune levels (4,023, of which 41 stay empty
// after the first round, so 3,982 are filled). National Assembly units have 3 + 2 + 2 seats
// and district councils the sizes of district_specs(), 319 in all.
inline const std::array<std::vector<SeatGroup>, kLevels> kSeatMix = {{
    {},
    {{3, 12}, {2, 15}},
    {},
    {{5, 15}, {4, 40}, {3, 1'182}, {2, 121}},
}};

// Commune units whose first round fills fewer seats than they have: `units` units of
// `seats` seats electing `filled`. Below two thirds → supplementary election (11 units).
struct ShortUnits {
  int seats;
  int filled;
  int units;
};
inline const std::vector<ShortUnits> kCommuneShortUnits = {
    // supplementary election needed: 3 + 2 + 5 + 1 = 11 units, 21 seats short
    {5, 3, 3},
    {4, 2, 2},
    {3, 1, 5},
    {2, 1, 1},
    // fewer than all seats but at least two thirds: 20 seats short, no supplementary
    {5, 4, 3},
    {4, 3, 4},
    {3, 2, 13},
};

// Figures per level the generated data set must show.
struct LevelTarget {
  std::size_t units;
  int seats_filled;
  std::size_t units_supplementary;
};
inline constexpr std::array<LevelTarget, kLevels> kLevelTargets = {{
    {3, 7, 0},
    {27, 66, 0},
    {88, 319, 0},
    {1'358, 3'982, 11},
}};

}  // namespace tally::engine::dataset

#include "outcomes.hpp"

#include <algorithm>
#include <numeric>
#include <set>
#include <string>

#include "names.hpp"

namespace tally::engine::dataset {

namespace {

// Shares in basis points of the unit's valid ballots.
constexpr std::int64_t kLoserLow = 1'500;
constexpr std::int64_t kLoserHigh = 4'500;
constexpr std::int64_t kLoserFloor = 1'200;
constexpr std::int64_t kWinnerLow = 5'800;
constexpr std::int64_t kWinnerHigh = 9'200;
constexpr std::int64_t kTieLow = 5'400;
constexpr std::int64_t kTieHigh = 5'900;
// Winners of the tie unit stay clear above the tied pair.
constexpr std::int64_t kTieUnitWinnerLow = 6'200;
// Ballots keep fewer names than seats now and then: the unit's shares stay this far below
// seats × 100% (a valid ballot keeps at most `seats` names).
constexpr std::int64_t kBudgetSlack = 300;

struct YearRange {
  int first;
  int last;
};
constexpr std::array<YearRange, kLevels> kBirthYears = {
    {{1958, 1985}, {1960, 1992}, {1958, 1996}, {1955, 1998}}};
// How often a unit has one candidate more than the minimum, per mille.
constexpr std::array<int, kLevels> kExtraCandidatePerMille = {500, 300, 200, 150};

UnitPlan plan_unit(Random& random, const Unit& unit, int seats_filled, bool with_tie) {
  std::size_t count = unit.candidates.size();
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  random.shuffle(order);
  auto clear = static_cast<std::size_t>(with_tie ? seats_filled - 1 : seats_filled);
  std::size_t above = with_tie ? clear + 2 : clear;

  UnitPlan plan;
  plan.seats_filled = seats_filled;
  plan.share.assign(count, 0);
  for (std::size_t i = above; i < count; ++i) {
    plan.share[order[i]] = random.uniform(kLoserLow, kLoserHigh);
  }
  auto winner_cap = [&] {
    std::int64_t rest =
        unit.seats * std::int64_t{10'000} - kBudgetSlack - (with_tie ? 2 * kTieHigh : 0);
    for (std::size_t i = above; i < count; ++i) rest -= plan.share[order[i]];
    return std::min(kWinnerHigh, rest / static_cast<std::int64_t>(clear));
  };
  std::int64_t winner_low = with_tie ? kTieUnitWinnerLow : kWinnerLow;
  // Crowded units: losers give way until every winner can stand clearly above half.
  while (winner_cap() < winner_low + 400 &&
         std::any_of(order.begin() + static_cast<std::ptrdiff_t>(above), order.end(),
                     [&](std::size_t c) { return plan.share[c] > kLoserFloor; })) {
    for (std::size_t i = above; i < count; ++i) {
      plan.share[order[i]] = std::max(kLoserFloor, plan.share[order[i]] - 300);
    }
  }
  std::int64_t cap = winner_cap();
  for (std::size_t i = 0; i < clear; ++i) plan.share[order[i]] = random.uniform(winner_low, cap);
  if (with_tie) {
    std::int64_t tied = random.uniform(kTieLow, kTieHigh);
    std::size_t first = std::min(order[clear], order[clear + 1]);
    std::size_t second = std::max(order[clear], order[clear + 1]);
    plan.share[first] = tied;
    plan.share[second] = tied;
    // The candidate listed first is the younger: file order must not decide the seat.
    plan.tie = PlannedTie{first, second};
  }
  return plan;
}

// Gives the tie's pair distinct birth dates, the earlier-listed candidate the later date.
void order_tie_birth_dates(Random& random, Unit& unit, const PlannedTie& tie) {
  Candidate& younger = unit.candidates[tie.younger];
  Candidate& older = unit.candidates[tie.older];
  const YearRange& years = kBirthYears[kCommune];
  while (younger.birth_date == older.birth_date) {
    younger.birth_date = birth_date(random, years.first, years.last);
  }
  if (younger.birth_date < older.birth_date) std::swap(younger.birth_date, older.birth_date);
}

}  // namespace

void nominate_candidates(Random& random, Geography& geography) {
  for (std::size_t level = 0; level < kLevels; ++level) {
    for (Unit& unit : geography.units[level]) {
      int count = min_candidates(kLevelKinds[level], unit.seats) +
                  (random.chance(kExtraCandidatePerMille[level]) ? 1 : 0);
      std::set<std::string> names;
      for (int i = 1; i <= count; ++i) {
        std::string name = person_name(random);
        while (!names.insert(name).second) name = person_name(random);
        std::string id = unit.id + (i < 10 ? "-C0" : "-C") + std::to_string(i);
        unit.candidates.push_back(
            Candidate{std::move(id), std::move(name),
                      birth_date(random, kBirthYears[level].first, kBirthYears[level].last)});
      }
    }
  }
}

Plans plan_outcomes(Random& random, Geography& geography) {
  std::vector<Unit>& communes = geography.units[kCommune];
  std::vector<int> filled(communes.size(), -1);
  std::vector<std::size_t> order(communes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  random.shuffle(order);
  for (const ShortUnits& group : kCommuneShortUnits) {
    int chosen = 0;
    for (std::size_t i = 0; i < order.size() && chosen < group.units; ++i) {
      if (filled[order[i]] < 0 && communes[order[i]].seats == group.seats) {
        filled[order[i]] = group.filled;
        ++chosen;
      }
    }
  }
  // The tie: a fully filled three-seat commune unit of one station.
  std::size_t tie_unit = communes.size();
  for (std::size_t i : order) {
    if (filled[i] < 0 && communes[i].seats == 3 && communes[i].stations.size() == 1) {
      tie_unit = i;
      break;
    }
  }

  Plans plans;
  for (std::size_t level = 0; level < kLevels; ++level) {
    std::vector<Unit>& units = geography.units[level];
    for (std::size_t u = 0; u < units.size(); ++u) {
      bool short_unit = level == kCommune && filled[u] >= 0;
      bool with_tie = level == kCommune && u == tie_unit;
      plans[level].push_back(
          plan_unit(random, units[u], short_unit ? filled[u] : units[u].seats, with_tie));
      if (with_tie) order_tie_birth_dates(random, units[u], *plans[level].back().tie);
    }
  }
  return plans;
}

}  // namespace tally::engine::dataset

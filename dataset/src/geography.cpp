#include "geography.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>

#include "places.hpp"

namespace tally::engine::dataset {

namespace {

// Commune units across the province: every station is one, except kStations − this many
// stations that share a unit with a neighbour.
constexpr std::int64_t kCommuneUnits = 1'358;
// Every commune has at least this many stations and commune units, and at most this many
// stations; a commune unit has at most this many stations.
constexpr std::int64_t kMinimumCommuneUnits = 5;
constexpr std::int64_t kMaximumCommuneStations = 12;
constexpr std::int64_t kMaximumUnitStations = 3;
// A few stations are far larger (industrial parks' dormitories) or smaller (remote hamlets).
constexpr int kLargeStationPerMille = 8;
constexpr int kSmallStationPerMille = 10;

std::string numbered(std::string_view prefix, std::size_t number, int digits) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.*s-%0*zu", static_cast<int>(prefix.size()),
                prefix.data(), digits, number);
  return text.data();
}

std::string joined(const std::vector<std::string_view>& parts) {
  std::string text;
  for (std::string_view part : parts) {
    if (!text.empty()) text += ", ";
    text += part;
  }
  return text;
}

// Commune unit counts per district and commune: every station a unit, then the extra
// stations taken from communes large enough, chosen by size.
std::vector<std::vector<std::int64_t>> commune_units(
    Random& random, const std::vector<std::vector<std::int64_t>>& stations) {
  std::vector<std::vector<std::int64_t>> units = stations;
  for (std::int64_t extra = kStations - kCommuneUnits; extra > 0; --extra) {
    std::vector<std::int64_t> weights;
    for (const auto& district : units) {
      for (std::int64_t count : district)
        weights.push_back(count > kMinimumCommuneUnits ? count : 0);
    }
    std::size_t pick = random.weighted_index(weights);
    for (auto& district : units) {
      if (pick < district.size()) {
        --district[pick];
        break;
      }
      pick -= district.size();
    }
  }
  return units;
}

// Council voter lists: a size per station by its district's range, then scaled and nudged so
// that the province-wide total is exactly kCouncilRegistered.
void size_stations(Random& random, std::vector<Station>& stations) {
  const auto& districts = district_specs();
  Count total = 0;
  for (Station& station : stations) {
    const DistrictSpec& spec = districts[station.district];
    if (random.chance(kLargeStationPerMille)) {
      station.registered = random.uniform(1'800, 3'600);
    } else if (random.chance(kSmallStationPerMille)) {
      station.registered = random.uniform(310, 360);
    } else {
      station.registered = (random.uniform(spec.size_low, spec.size_high) +
                            random.uniform(spec.size_low, spec.size_high)) /
                           2;
    }
    total += station.registered;
  }
  constexpr Count kLow = kMinimumStationSize + 10;
  constexpr Count kHigh = kMaximumStationSize - 10;
  Count scaled_total = 0;
  for (Station& station : stations) {
    station.registered = std::clamp(station.registered * kCouncilRegistered / total, kLow, kHigh);
    scaled_total += station.registered;
  }
  for (Count rest = kCouncilRegistered - scaled_total; rest != 0;) {
    Station& station = stations[random.index(stations.size())];
    Count step = rest > 0 ? 1 : -1;
    if (station.registered + step < kLow || station.registered + step > kHigh) continue;
    station.registered += step;
    rest -= step;
  }
}

// Who did not vote, and how the National Assembly lists differ (dataset_targets.hpp).
void add_turnout(Random& random, std::vector<Station>& stations) {
  Count absent = 0;
  for (Station& station : stations) {
    station.absent = (station.registered * random.uniform(0, 66) + 5'000) / 10'000;
    absent += station.absent;
  }
  while (absent != kCouncilAbsent) {
    Station& station = stations[random.index(stations.size())];
    if (absent < kCouncilAbsent && station.absent < station.registered / 50) {
      ++station.absent;
      ++absent;
    } else if (absent > kCouncilAbsent && station.absent > 0) {
      --station.absent;
      --absent;
    }
  }
  for (Count moved = 0; moved < kNaMovedOut;) {
    Station& station = stations[random.index(stations.size())];
    if (station.absent > station.na_moved_out) {
      ++station.na_moved_out;
      ++moved;
    }
  }
  // Voters from elsewhere come mostly to the cities and the industrial town.
  std::vector<std::int64_t> weights;
  for (const Station& station : stations) {
    weights.push_back(district_specs()[station.district].urban ? 3 : 1);
  }
  for (Count moved = 0; moved < kNaMovedIn;) {
    Station& station = stations[random.weighted_index(weights)];
    if (station.na_moved_in < 6) {
      ++station.na_moved_in;
      ++moved;
    }
  }
}

// Units ordered by `key`, largest first (ties in unit order).
std::vector<std::size_t> by_key_descending(const std::vector<std::int64_t>& keys) {
  std::vector<std::size_t> order(keys.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return keys[a] > keys[b]; });
  return order;
}

// The level's seat mix handed out by `key`: the largest keys get the most seats.
void assign_seat_mix(std::vector<Unit>& units, const std::vector<SeatGroup>& mix,
                     const std::vector<std::int64_t>& keys) {
  std::vector<int> seats;
  for (const SeatGroup& group : mix) {
    seats.insert(seats.end(), static_cast<std::size_t>(group.units), group.seats);
  }
  std::sort(seats.begin(), seats.end(), std::greater<>());
  std::vector<std::size_t> order = by_key_descending(keys);
  for (std::size_t i = 0; i < order.size(); ++i) units[order[i]].seats = seats[i];
}

// Each district council's seats over its units: three each, one more for the largest units
// in turn, at most five.
void assign_district_seats(Geography& geography) {
  std::vector<Unit>& units = geography.units[kDistrict];
  const auto& districts = district_specs();
  for (std::size_t d = 0; d < districts.size(); ++d) {
    std::vector<std::size_t> members;
    std::vector<std::int64_t> keys;
    for (std::size_t u = 0; u < units.size(); ++u) {
      if (geography.stations[units[u].stations.front()].district != d) continue;
      members.push_back(u);
      keys.push_back(units[u].registered);
    }
    for (std::size_t u : members) units[u].seats = 3;
    std::vector<std::size_t> order = by_key_descending(keys);
    int rest = districts[d].district_seats - 3 * static_cast<int>(members.size());
    for (std::size_t i = 0; rest > 0; i = (i + 1) % order.size()) {
      Unit& unit = units[members[order[i]]];
      if (unit.seats < 5) {
        ++unit.seats;
        --rest;
      }
    }
  }
}

// Seats of every level: National Assembly units are fixed; provincial units by their voters;
// district councils by district_specs(); commune units by their share of their commune's
// voters, so that communes of few units get larger ones and councils come out alike.
void assign_seats(Geography& geography) {
  for (std::size_t level = 0; level < kLevels; ++level) {
    for (Unit& unit : geography.units[level]) {
      unit.registered = 0;
      for (std::size_t s : unit.stations) unit.registered += geography.stations[s].registered;
    }
  }
  std::vector<std::int64_t> provincial_keys;
  for (const Unit& unit : geography.units[kProvincial]) provincial_keys.push_back(unit.registered);
  assign_seat_mix(geography.units[kProvincial], kSeatMix[kProvincial], provincial_keys);
  assign_district_seats(geography);

  std::vector<Count> commune_voters;
  for (const Station& station : geography.stations) {
    if (station.commune >= commune_voters.size()) commune_voters.resize(station.commune + 1, 0);
    commune_voters[station.commune] += station.registered;
  }
  std::vector<std::int64_t> commune_keys;
  for (const Unit& unit : geography.units[kCommune]) {
    commune_keys.push_back(unit.registered * 1'000'000 /
                           commune_voters[geography.stations[unit.stations.front()].commune]);
  }
  assign_seat_mix(geography.units[kCommune], kSeatMix[kCommune], commune_keys);
}

// Lays out one district: its communes grouped into district units, those grouped into
// provincial units, each commune's stations grouped into commune units.
class DistrictLayout {
 public:
  DistrictLayout(Random& random, Geography& geography, std::size_t district)
      : random_(random),
        geography_(geography),
        district_(district),
        spec_(district_specs()[district]) {}

  void add(const std::vector<std::int64_t>& commune_stations,
           const std::vector<std::int64_t>& commune_unit_counts, std::size_t& commune_serial) {
    auto communes = static_cast<std::int64_t>(spec_.communes.size());
    auto district_groups =
        random_.split(communes, static_cast<std::size_t>(spec_.district_units), 1, communes, 3);
    auto provincial_groups =
        random_.split(spec_.district_units, static_cast<std::size_t>(spec_.provincial_units), 1,
                      spec_.district_units, 2);
    std::size_t commune = 0;
    std::size_t district_unit = 0;
    for (std::int64_t provincial_size : provincial_groups) {
      std::vector<std::string_view> provincial_communes;
      std::size_t provincial = new_unit(kProvincial, "PROV", 2);
      for (std::int64_t k = 0; k < provincial_size; ++k, ++district_unit) {
        std::vector<std::string_view> district_communes;
        std::size_t council = new_unit(kDistrict, "DIST", 2);
        for (std::int64_t c = 0; c < district_groups[district_unit]; ++c, ++commune) {
          district_communes.push_back(spec_.communes[commune]);
          provincial_communes.push_back(spec_.communes[commune]);
          add_commune(commune, commune_serial++, commune_stations[commune],
                      commune_unit_counts[commune], provincial, council);
        }
        unit(kDistrict, council).name = unit_name(district_unit + 1, district_communes);
      }
      // Provincial units are numbered across the province, like their ids.
      unit(kProvincial, provincial).name = unit_name(provincial + 1, provincial_communes);
    }
  }

 private:
  Unit& unit(std::size_t level, std::size_t index) { return geography_.units[level][index]; }

  std::size_t new_unit(std::size_t level, std::string_view prefix, int digits) {
    std::vector<Unit>& units = geography_.units[level];
    units.emplace_back();
    units.back().id = numbered(prefix, units.size(), digits);
    return units.size() - 1;
  }

  std::string unit_name(std::size_t number, const std::vector<std::string_view>& communes) const {
    return "Đơn vị bầu cử số " + std::to_string(number) + " (" + std::string(spec_.name) + ": " +
           joined(communes) + ")";
  }

  void add_commune(std::size_t commune, std::size_t commune_serial, std::int64_t stations,
                   std::int64_t unit_count, std::size_t provincial, std::size_t council) {
    std::string place = std::string(spec_.communes[commune]) + ", " + std::string(spec_.name);
    auto unit_sizes =
        random_.split(stations, static_cast<std::size_t>(unit_count), 1, kMaximumUnitStations, 2);
    std::size_t station_number = 0;
    for (std::size_t u = 0; u < unit_sizes.size(); ++u) {
      std::size_t local = new_unit(kCommune, "COMM", 4);
      unit(kCommune, local).name = "Đơn vị bầu cử số " + std::to_string(u + 1) + " (" + place + ")";
      for (std::int64_t s = 0; s < unit_sizes[u]; ++s) {
        std::size_t index = geography_.stations.size();
        Station& station = geography_.stations.emplace_back();
        station.id = numbered("TN", index + 1, 4);
        station.name = "Khu vực bỏ phiếu số " + std::to_string(++station_number) + ", " + place;
        station.district = district_;
        station.commune = commune_serial;
        station.units = {spec_.na_unit, provincial, council, local};
        for (std::size_t level = 0; level < kLevels; ++level) {
          unit(level, station.units[level]).stations.push_back(index);
        }
      }
    }
  }

  Random& random_;
  Geography& geography_;
  std::size_t district_;
  const DistrictSpec& spec_;
};

}  // namespace

Geography build_geography(Random& random) {
  const auto& districts = district_specs();
  Geography geography;
  for (std::size_t i = 0; i < kNaUnits; ++i) {
    std::vector<std::string_view> covered;
    for (const DistrictSpec& spec : districts) {
      if (spec.na_unit == i) covered.push_back(spec.name);
    }
    Unit& unit = geography.units[kNa].emplace_back();
    unit.id = numbered("NA", i + 1, 2);
    unit.name = "Đơn vị bầu cử số " + std::to_string(i + 1) + " (" + joined(covered) + ")";
    unit.seats = kNaSeats[i];
  }

  std::vector<std::vector<std::int64_t>> stations_per_commune;
  for (const DistrictSpec& spec : districts) {
    stations_per_commune.push_back(random.split(spec.stations, spec.communes.size(),
                                                kMinimumCommuneUnits, kMaximumCommuneStations, 3));
  }
  std::vector<std::vector<std::int64_t>> units_per_commune =
      commune_units(random, stations_per_commune);
  std::size_t commune_serial = 0;
  for (std::size_t d = 0; d < districts.size(); ++d) {
    DistrictLayout(random, geography, d)
        .add(stations_per_commune[d], units_per_commune[d], commune_serial);
  }

  size_stations(random, geography.stations);
  add_turnout(random, geography.stations);
  assign_seats(geography);
  return geography;
}

}  // namespace tally::engine::dataset

#include "second_round.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "device_fleet.hpp"
#include "officer_script.hpp"
#include "tally/client/client.hpp"
#include "tally/engine/definition_loader.hpp"

namespace tally::demo {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr auto kPoll = std::chrono::milliseconds(50);

// FNV-1a of a text then splitmix64 steps: the same numbers on every machine and build.
class SeededNumbers {
 public:
  SeededNumbers(std::uint64_t seed, std::string_view text) : state_(seed ^ 0xcbf29ce484222325ULL) {
    for (const char c : text) state_ = (state_ ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  // A number in [low, high].
  engine::Count between(engine::Count low, engine::Count high) {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return low + static_cast<engine::Count>(z % static_cast<std::uint64_t>(high - low + 1));
  }

 private:
  std::uint64_t state_;
};

// Waits for `done` to hold, polling; kTimeout naming `what` after the deadline.
Status wait_for(const char* what, Clock::time_point deadline, const std::function<bool()>& done) {
  while (!done()) {
    if (Clock::now() > deadline) {
      return make_error(ErrorCode::kTimeout, std::string("second round: ") + what);
    }
    std::this_thread::sleep_for(kPoll);
  }
  return {};
}

// The officer's device of the record's station enters and submits it, online; its id and
// last own counter go into `counters`.
Status enter_on_device(const std::string& store, const engine::StationRecord& record,
                       Clock::time_point deadline, std::map<std::string, std::uint64_t>& counters) {
  auto opened = client::Client::open(store);
  if (!opened) return std::move(opened).error();
  client::Client& device = **opened;
  if (auto started = device.start_sync(); !started) return started;
  // The Welcome of this connection carries the station's definition with the round.
  const auto has_form = [&] {
    for (const auto& form : device.forms()) {
      if (form == record.form) return true;
    }
    return false;
  };
  if (auto known = wait_for("the device never got the round's form", deadline, has_form); !known) {
    return known;
  }
  std::vector<std::pair<engine::FormId, std::string>> paths{
      {record.form, std::string(engine::kSubmissionPath)}};
  for (const auto& [path, value] : paper_fields(record)) {
    paths.emplace_back(record.form, path);
    const auto* count = std::get_if<engine::Count>(&value);
    auto entered = count != nullptr
                       ? device.set_count(record.form, path, *count)
                       : device.set_text(record.form, path, std::get<std::string>(value));
    if (!entered) return entered;
  }
  if (auto submitted = device.submit(record.form); !submitted) return submitted;
  // Done when the server's ack covers the last own op (the sync state's pending count may
  // not have seen the new ops yet).
  const std::uint64_t last = last_own_counter(device, paths);
  const auto acked = [&] {
    auto receipt = device.last_receipt();
    return receipt && *receipt && (*receipt)->counter >= last;
  };
  if (auto done = wait_for("the device's ops were not acknowledged", deadline, acked); !done) {
    return done;
  }
  if (device.device()) counters[device.device()->device_id] = last;
  return {};
}

}  // namespace

std::vector<engine::StationRecord> second_round_records(
    const engine::ElectionDefinition& definition, const Dataset& polling_day, std::uint64_t seed) {
  std::vector<engine::StationRecord> records;
  for (std::size_t u = 0; u < definition.units().size(); ++u) {
    const engine::ElectoralUnit& unit = definition.units()[u];
    if (!unit.round_of) continue;
    for (const std::size_t s : definition.stations_of_unit(u)) {
      const engine::PollingStation& station = definition.stations()[s];
      const auto first = polling_day.record_index.find({station.id, unit.round_of->unit_id});
      if (first == polling_day.record_index.end()) continue;
      engine::StationRecord record = polling_day.records[first->second];
      record.form = engine::FormId{station.id, unit.id};
      SeededNumbers numbers(seed, record.form.to_string());
      const engine::Count before = *record.count(engine::fields::kVoted);
      const engine::Count voted = before * numbers.between(80, 95) / 100;
      const engine::Count invalid = voted / 100;
      const engine::Count valid = voted - invalid;
      record.values[engine::fields::kRegistered] = definition.contest_of(record.form)->registered;
      for (const char* field :
           {engine::fields::kVoted, engine::fields::kIssued, engine::fields::kReceived}) {
        record.values[field] = voted;
      }
      record.values[engine::fields::kValid] = valid;
      record.values[engine::fields::kInvalid] = invalid;
      engine::VoteMap votes;
      engine::Count total = 0;
      for (const auto& candidate : unit.candidates) {
        total += votes[candidate.id] = valid * numbers.between(20, 75) / 100;
      }
      // A valid ballot keeps at most `seats` names.
      const engine::Count most = valid * unit.seats;
      if (total > most) {
        for (auto& [id, count] : votes) count = count * most / total;
      }
      record.values[engine::fields::kVotes] = std::move(votes);
      records.push_back(std::move(record));
    }
  }
  return records;
}

Result<SecondRound> run_second_round(OperatorApi& api, const Dataset& polling_day,
                                     const std::string& device_dir, std::uint64_t seed, bool force,
                                     std::int64_t timeout_seconds) {
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::seconds(timeout_seconds);
  SecondRound round;
  auto called = api.get_json("/api/v1/rounds");
  if (!called) return std::move(called).error();
  if (called->at("units").as_array().empty()) return round;  // no unit votes again
  auto opened = api.post_json("/api/v1/rounds", json::serialize(json::object{{"force", force}}));
  if (!opened) return std::move(opened).error();
  auto served = api.get_text("/api/v1/public/election");
  if (!served) return std::move(served).error();
  auto definition = engine::load_election_definition(*served);
  if (!definition) return std::move(definition).error();

  round.definition_json = std::move(served).value();
  round.definition = std::move(definition).value();
  round.records = second_round_records(round.definition, polling_day, seed);
  round.units = opened->at("units").as_array().size();
  round.stations = round.records.size();
  for (const auto& record : round.records) {
    const std::string store = device_dir + "/" + record.form.station_id + ".a.db";
    if (auto entered = enter_on_device(store, record, deadline, round.counters); !entered) {
      return std::move(entered).error();
    }
  }
  // Every record of the round accepted by tallyd: the levels' second-round figures say so.
  const auto all_accepted = [&] {
    auto tally = api.get_json("/api/v1/tally");
    if (!tally) return false;
    std::int64_t reported = 0;
    for (const auto& level : tally->at("levels").as_array()) {
      reported += level.at("second_round").at("stations_reported").to_number<std::int64_t>();
    }
    return reported == static_cast<std::int64_t>(round.records.size());
  };
  if (auto accepted =
          wait_for("tallyd did not accept every record of the round", deadline, all_accepted);
      !accepted) {
    return std::move(accepted).error();
  }
  round.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return round;
}

}  // namespace tally::demo

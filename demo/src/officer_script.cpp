#include "officer_script.hpp"

#include <algorithm>
#include <optional>
#include <random>

namespace tally::demo {
namespace {

using Kind = Step::Kind;

// A plausible slip of the finger: two digits swapped, or the last digit off by one.
engine::Count typo_of(engine::Count value, std::mt19937_64& random) {
  if (value >= 10 && random() % 2 == 0) {
    const engine::Count last = value % 10;
    const engine::Count before = (value / 10) % 10;
    if (last != before) return value - last - before * 10 + last * 10 + before;
  }
  return value == 0 || random() % 2 == 0 ? value + 1 : value - 1;
}

double uniform(std::mt19937_64& random, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(random);
}

}  // namespace

std::uint64_t stable_hash(std::uint64_t seed, std::string_view text) {
  std::uint64_t hash = 1469598103934665603ULL ^ seed;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::vector<PaperField> paper_fields(const engine::StationRecord& record) {
  static const char* const kOrder[] = {
      engine::fields::kRegistered,         engine::fields::kVoted,
      engine::fields::kIssued,             engine::fields::kReceived,
      engine::fields::kValid,              engine::fields::kInvalid,
      engine::fields::kVotes,              engine::fields::kComplaintsReceived,
      engine::fields::kComplaintsResolved, engine::fields::kComplaintsForwarded,
      engine::fields::kNotes};
  std::vector<PaperField> fields;
  const auto add = [&](const std::string& name, const engine::FieldValue& value) {
    if (const auto* count = std::get_if<engine::Count>(&value)) {
      fields.emplace_back(name, *count);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      fields.emplace_back(name, *text);
    } else {
      for (const auto& [candidate, votes] : std::get<engine::VoteMap>(value)) {
        fields.emplace_back(name + "." + candidate, votes);
      }
    }
  };
  for (const char* name : kOrder) {
    if (auto it = record.values.find(name); it != record.values.end()) add(name, it->second);
  }
  for (const auto& [name, value] : record.values) {
    if (std::find(std::begin(kOrder), std::end(kOrder), name) == std::end(kOrder)) {
      add(name, value);
    }
  }
  return fields;
}

Misreading misreading_of(std::uint64_t seed,
                         const std::vector<const engine::StationRecord*>& records) {
  std::mt19937_64 random(stable_hash(seed, records.front()->form.station_id + "#misreading"));
  const engine::StationRecord& record = *records[random() % records.size()];
  std::vector<PaperField> votes;
  for (auto& field : paper_fields(record)) {
    if (field.first.rfind("votes.", 0) == 0) votes.push_back(std::move(field));
  }
  const PaperField& field = votes[random() % votes.size()];
  const engine::Count paper = std::get<engine::Count>(field.second);
  const auto delta = static_cast<engine::Count>(1 + random() % 9);
  return Misreading{record.form, field.first, paper >= delta && random() % 2 == 0 ? paper - delta
                                                                                   : paper + delta};
}

std::vector<Step> officer_script(std::uint64_t seed, const DevicePlan& device,
                                 const std::vector<const engine::StationRecord*>& records,
                                 const Behaviour& behaviour) {
  std::mt19937_64 random(stable_hash(seed, device.name));
  const auto night = static_cast<double>(behaviour.night_ms);
  const auto at = [&](double fraction) { return static_cast<std::int64_t>(fraction * night); };

  std::vector<Step> entry;
  std::optional<Misreading> misreading;
  if (device.kind == DeviceKind::kDissenter) misreading = misreading_of(seed, records);
  for (const auto* record : records) {
    for (auto& [path, value] : paper_fields(*record)) {
      if (misreading && misreading->form == record->form && misreading->path == path) {
        value = misreading->value;
      }
      const auto* count = std::get_if<engine::Count>(&value);
      if (count != nullptr && uniform(random, 0, 1) < behaviour.typo_rate) {
        entry.push_back(Step{0, Kind::kSet, record->form, path, typo_of(*count, random), true});
      }
      entry.push_back(Step{0, Kind::kSet, record->form, path, value, false});
    }
    entry.push_back(Step{0, Kind::kSubmit, record->form, {}, {}, false});
  }

  // When the officer starts and how long the copying takes.
  const double start = uniform(random, 0.0, 0.45);
  const double span = uniform(random, 0.25, 0.45);
  const double gap = span / static_cast<double>(entry.size());
  for (std::size_t i = 0; i < entry.size(); ++i) {
    entry[i].at_ms = at(start + gap * static_cast<double>(i) + uniform(random, 0, gap * 0.5));
  }

  std::vector<Step> script;
  // A dissenter enters offline (independently of the first officer), and so does an
  // officer who stays offline until late; both sync in a burst near the end.
  const bool late = device.kind == DeviceKind::kDissenter ||
                    uniform(random, 0, 1) < behaviour.late_rate;
  if (late) {
    script.push_back(Step{at(uniform(random, start + span, 0.97)), Kind::kGoOnline, {}, {}, {}, false});
  } else {
    script.push_back(Step{at(start), Kind::kGoOnline, {}, {}, {}, false});
    if (uniform(random, 0, 1) < behaviour.offline_rate) {
      const double off = uniform(random, start, start + span);
      const double back = off + uniform(random, 0.05, 0.3);
      script.push_back(Step{at(off), Kind::kGoOffline, {}, {}, {}, false});
      script.push_back(Step{at(back), Kind::kGoOnline, {}, {}, {}, false});
    }
  }
  script.insert(script.end(), entry.begin(), entry.end());
  std::stable_sort(script.begin(), script.end(),
                   [](const Step& a, const Step& b) { return a.at_ms < b.at_ms; });
  return script;
}

}  // namespace tally::demo

#include "roster.hpp"

#include <memory>
#include <random>

#include "officer_script.hpp"
#include "parallel.hpp"

namespace tally::demo {
namespace {

constexpr std::size_t kCodeThreads = 6;

// Fetches a code for every device, kCodeThreads connections at once.
Status fetch_codes(std::vector<DevicePlan*>& devices, const http::ApiTarget& api,
                   const std::function<void(std::size_t, std::size_t)>& progress) {
  return for_each_item(
      devices.size(), kCodeThreads,
      [&]() -> ItemWork {
        auto client = std::make_shared<OperatorApi>(api);
        return [&devices, client](std::size_t i) -> Status {
          DevicePlan& device = *devices[i];
          const bool supervisor = device.kind == DeviceKind::kSupervisor;
          auto code =
              client->create_enrolment_code(supervisor ? "supervisor" : "officer", device.station);
          if (!code) return std::move(code).error();
          device.code = *code;
          return {};
        };
      },
      [&](std::size_t finished) { progress(finished, devices.size()); });
}

}  // namespace

Result<Roster> make_roster(const NightOptions& options, const Dataset& dataset,
                           const WorkerPlan& base, const http::ApiTarget& api,
                           const std::string& device_dir,
                           const std::function<void(std::size_t, std::size_t)>& progress) {
  std::mt19937_64 random(stable_hash(options.seed, "roster"));
  std::uniform_real_distribution<double> percent(0, 100);
  std::vector<DevicePlan> officers;
  Roster roster;
  for (const auto& station : dataset.definition.stations()) {
    // A station that never reports has no officer's device on the night.
    if (dataset.records_of(station).empty()) continue;
    officers.push_back(DevicePlan{station.id + ".a", DeviceKind::kOfficer, station.id, {},
                                  device_dir + "/" + station.id + ".a.db"});
    if (percent(random) < options.double_entry_percent) {
      const bool dissents = percent(random) < options.dissent_percent;
      officers.push_back(DevicePlan{station.id + ".b",
                                    dissents ? DeviceKind::kDissenter : DeviceKind::kSecondOfficer,
                                    station.id, {}, device_dir + "/" + station.id + ".b.db"});
      ++roster.second_officers;
      roster.dissenters += dissents ? 1 : 0;
    }
  }
  roster.supervisors = base;
  roster.supervisors.index = options.workers;
  for (std::size_t i = 1; i <= options.supervisors; ++i) {
    const std::string name = "supervisor-" + std::to_string(i);
    roster.supervisors.devices.push_back(
        DevicePlan{name, DeviceKind::kSupervisor, {}, {}, device_dir + "/" + name + ".db"});
  }
  roster.officer_workers.assign(options.workers, base);
  for (std::size_t w = 0; w < options.workers; ++w) roster.officer_workers[w].index = w;
  for (std::size_t i = 0; i < officers.size(); ++i) {
    roster.officer_workers[i % options.workers].devices.push_back(std::move(officers[i]));
  }
  std::vector<DevicePlan*> all;
  for (auto& worker : roster.officer_workers) {
    for (auto& device : worker.devices) all.push_back(&device);
  }
  for (auto& device : roster.supervisors.devices) all.push_back(&device);
  roster.devices = all.size();
  if (auto fetched = fetch_codes(all, api, progress); !fetched) return std::move(fetched).error();
  return roster;
}

}  // namespace tally::demo

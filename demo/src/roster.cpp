#include "roster.hpp"

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "officer_script.hpp"

namespace tally::demo {
namespace {

constexpr std::size_t kCodeThreads = 6;

// Fetches a code for every device, kCodeThreads connections at once.
Status fetch_codes(std::vector<DevicePlan*>& devices, const ApiEndpoint& api,
                   const std::function<void(std::size_t, std::size_t)>& progress) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex failure_mutex;
  std::optional<Error> failure;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kCodeThreads; ++t) {
    threads.emplace_back([&] {
      OperatorApi client(api);
      for (std::size_t i = next++; i < devices.size(); i = next++) {
        DevicePlan& device = *devices[i];
        const bool supervisor = device.kind == DeviceKind::kSupervisor;
        auto code = client.create_enrolment_code(supervisor ? "supervisor" : "officer",
                                                 device.station);
        if (!code) {
          std::lock_guard lock(failure_mutex);
          if (!failure) failure = code.error();
          return;
        }
        device.code = *code;
        done.fetch_add(1);
      }
    });
  }
  for (std::size_t shown = 0; shown < devices.size() && !failure;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::lock_guard lock(failure_mutex);
    if (done.load() != shown) progress(shown = done.load(), devices.size());
    if (done.load() == devices.size()) break;
  }
  for (auto& thread : threads) thread.join();
  if (failure) return *failure;
  return {};
}

}  // namespace

Result<Roster> make_roster(const NightOptions& options, const Dataset& dataset,
                           const WorkerPlan& base, const ApiEndpoint& api,
                           const std::string& device_dir,
                           const std::function<void(std::size_t, std::size_t)>& progress) {
  std::mt19937_64 random(stable_hash(options.seed, "roster"));
  std::uniform_real_distribution<double> percent(0, 100);
  std::vector<DevicePlan> officers;
  Roster roster;
  for (const auto& station : dataset.definition.stations()) {
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

// The devices of one tally-night worker process: each a real tally::client::Client on its
// own SQLite store, opened (and enrolled with its one-time code) in parallel, with an
// observer that counts sessions and tracks whether the device is online and how many of
// its ops wait for the server's ack. Shared by the officers' and supervisors' workers.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "night_plan.hpp"
#include "officer_script.hpp"
#include "tally/client/client.hpp"
#include "tally/error.hpp"

namespace tally::demo {

// One device and what its observer saw.
struct FleetDevice {
  const DevicePlan* plan = nullptr;
  std::unique_ptr<client::Client> client;
  std::atomic<bool> online{false};          // connected (syncing or up to date)
  std::atomic<bool> up_to_date{false};      // connected, nothing pending, caught up
  std::atomic<std::uint64_t> pending{0};    // own ops not yet acknowledged
  std::atomic<std::uint64_t> sessions{0};   // connections that reached Welcome
  std::atomic<std::uint64_t> last_phase{0};
};

// Figures of a fleet, summed over its devices.
struct FleetFigures {
  std::size_t online = 0;
  std::uint64_t pending = 0;
  std::uint64_t sessions = 0;
};

// The highest counter among the device's own ops on the given (form, path)s: with an empty
// outbox, every op up to it was acknowledged by the server.
std::uint64_t last_own_counter(client::Client& client,
                               const std::vector<std::pair<engine::FormId, std::string>>& paths);

// Prints "counter <device id> <last own counter>" for the orchestrator's exactly-once check.
void report_counter(client::Client& client,
                    const std::vector<std::pair<engine::FormId, std::string>>& paths);

// Plays one scripted step on the device (an edit, a submission, going on- or offline).
Status play_step(client::Client& device, const Step& step);

class DeviceFleet {
 public:
  explicit DeviceFleet(const WorkerPlan& plan);
  ~DeviceFleet();  // closes every client (stopping their sync threads)

  // Opens every device's store, `threads` at a time; with `enrol`, enrols every device that
  // is not enrolled yet. `progress(n)` is called (from the calling thread) as devices finish.
  Status open_all(bool enrol, std::size_t threads, const std::function<void(std::size_t)>& progress);

  [[nodiscard]] std::size_t size() const { return devices_.size(); }
  FleetDevice& operator[](std::size_t index) { return *devices_[index]; }
  [[nodiscard]] FleetFigures figures() const;

 private:
  Status open_one(FleetDevice& device, bool enrol);

  const WorkerPlan& plan_;
  std::string ca_pem_;
  std::vector<std::unique_ptr<FleetDevice>> devices_;
};

}  // namespace tally::demo

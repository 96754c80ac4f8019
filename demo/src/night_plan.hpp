// The plan of one worker process of tally-night: which devices it runs (their stores,
// one-time enrolment codes, stations and behaviour), where the server is, and the night's
// clock. Written by the orchestrator as JSON (DATA/night/worker-N.json) and read by the
// worker, so that a worker killed with SIGKILL is restarted on exactly the same plan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tally/error.hpp"

namespace tally::demo {

// What a device does during the night.
enum class DeviceKind : std::uint8_t {
  kOfficer,        // the station's officer: copies the paper records
  kSecondOfficer,  // a second officer entering the same records independently
  kDissenter,      // a second officer who misreads one count (a conflict to adjudicate)
  kSupervisor,     // adjudicates conflicts to the paper record's value and submits
};

std::string_view to_string(DeviceKind kind);

// One simulated device.
struct DevicePlan {
  std::string name;     // "TN-0001.a", "supervisor-1": the store's file name
  DeviceKind kind = DeviceKind::kOfficer;
  std::string station;  // empty for supervisors
  std::string code;     // one-time enrolment code from the operator
  std::string store;    // path of its SQLite store
};

// One worker process's plan.
struct WorkerPlan {
  std::size_t index = 0;
  std::string sync_url;         // wss://127.0.0.1:PORT/sync
  std::string api_url;          // https://127.0.0.1:PORT (supervisors' dashboard)
  std::string ca_file;          // tallyd's certificate (PEM)
  std::string token_file;       // the operator token (supervisors' dashboard)
  std::string definition_file;  // the night's definition and paper records
  std::string records_file;
  std::uint64_t seed = 0;
  std::int64_t night_ms = 0;  // how long the officers' entry is spread over
  std::vector<DevicePlan> devices;
};

std::string to_json(const WorkerPlan& plan);
Result<WorkerPlan> worker_plan_from_json(const std::string& text);

}  // namespace tally::demo

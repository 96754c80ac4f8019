#include "fault_night.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "device_script.hpp"
#include "tally/engine/audit_log_file.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/records_json.hpp"
#include "tally/engine/tally.hpp"
#include "wall_clock.hpp"

namespace tally::faults {
namespace {

namespace fs = std::filesystem;
using demo::unix_ms;
using Clock = std::chrono::steady_clock;
constexpr auto kReportTimeout = std::chrono::seconds(20);
constexpr auto kEnrolTimeout = std::chrono::seconds(120);

std::string source_file(const std::string& relative) {
  return std::string(TALLY_SOURCE_ROOT) + "/" + relative;
}

}  // namespace

bool long_form() {
  const char* value = std::getenv("TALLY_FAULTS_LONG");
  return value != nullptr && std::string(value) == "1";
}

std::string check_log_against_acks(const std::string& audit_log_path,
                                   const std::map<std::string, std::uint64_t>& acked,
                                   std::uint64_t& checked) {
  auto bytes = testkit::read_file(audit_log_path);
  auto log = engine::read_audit_log(bytes);
  if (!log) return "audit log: " + log.error().to_string();
  std::map<std::string, std::set<std::uint64_t>> counters;
  for (const auto& entry : log->entries) {
    auto op = engine::decode_op(entry.op_bytes);
    if (!op) return "log entry " + std::to_string(entry.index) + ": " + op.error().to_string();
    if (!counters[op->dot.device].insert(op->dot.counter).second) {
      return "DUPLICATE: " + op->dot.device + ":" + std::to_string(op->dot.counter) +
             " is in the log twice";
    }
  }
  for (const auto& [device, seen] : counters) {
    if (*seen.rbegin() != seen.size()) {
      return device + "'s counters in the log have a gap (" + std::to_string(seen.size()) +
             " ops, highest " + std::to_string(*seen.rbegin()) + ")";
    }
  }
  for (const auto& [device, counter] : acked) {
    const auto found = counters.find(device);
    const std::uint64_t logged = found == counters.end() ? 0 : found->second.size();
    if (logged < counter) {
      return "LOST: " + device + " holds an ack for counter " + std::to_string(counter) +
             " but the log has its ops up to " + std::to_string(logged);
    }
    checked += counter;
  }
  return "";
}

FaultNight::FaultNight(FaultNightOptions options) : options_(std::move(options)) {}

FaultNight::~FaultNight() {
  workers_.clear();  // SIGKILLs the workers still running
  proxy_.reset();
}

std::string FaultNight::prepare() {
  const std::string definition = dir_.file("election.json");
  const std::string records = dir_.file("records.json");
  auto dataset = demo::prepare_dataset(
      source_file("schemas/elections/thai-nguyen-2021.json"),
      source_file("schemas/elections/thai-nguyen-2021.records.json"), options_.stations,
      /*missing_percent=*/0, /*seed=*/0, definition, records);
  if (!dataset) return "data set: " + dataset.error().to_string();
  dataset_ = std::move(dataset).value();
  server_.emplace(definition);
  if (!server_->initialised()) return "tallyd init failed";
  if (!server_->start(true)) return "tallyd did not start; see " + server_->file("serve.log");
  std::string sync_url = server_->sync_url();
  if (options_.through_proxy) {
    // Enrolment passes clean; the faults start with the night.
    ProxyOptions proxy = options_.proxy;
    proxy.target_port = server_->port();
    proxy.upstream = LinkFaults{};
    proxy.downstream = LinkFaults{};
    auto started = ChaosProxy::start(proxy);
    if (!started) return started.error().to_string();
    proxy_ = std::move(started).value();
    sync_url = "wss://127.0.0.1:" + std::to_string(proxy_->port()) + "/sync";
  }
  workers_.resize(options_.workers);
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    auto& plan = workers_[w].plan;
    plan.index = w;
    plan.sync_url = sync_url;
    plan.ca_file = server_->ca_file();
    plan.definition_file = definition;
    plan.records_file = records;
    plan.seed = options_.seed;
    plan.night_ms = options_.night_ms;
    workers_[w].plan_file = dir_.file("worker-" + std::to_string(w) + ".json");
    workers_[w].log_file = dir_.file("worker-" + std::to_string(w) + ".log");
  }
  const auto& stations = dataset_.definition.stations();
  for (std::size_t s = 0; s < stations.size(); ++s) {
    Worker& worker = workers_[s % workers_.size()];
    demo::DevicePlan device;
    device.name = stations[s].id + ".a";
    device.kind = demo::DeviceKind::kOfficer;
    device.station = stations[s].id;
    device.code = server_->enrolment_code(device.station, "officer");
    device.store = dir_.file(device.name + ".db");
    if (device.code.empty()) return "tallyd enrol failed for " + device.station;
    worker.plan.devices.push_back(device);
    Device tracked;
    tracked.worker = s % workers_.size();
    tracked.index = worker.plan.devices.size() - 1;
    tracked.ops = op_steps(device_script(worker.plan, worker.plan.devices.back(), dataset_));
    worker.devices.push_back(devices_.size());
    devices_.push_back(std::move(tracked));
  }
  for (auto& worker : workers_) {
    if (auto written = demo::write_file(worker.plan_file, demo::to_json(worker.plan)); !written) {
      return written.error().to_string();
    }
    if (auto problem = spawn(worker, true); !problem.empty()) return problem;
  }
  for (auto& worker : workers_) {
    if (!worker.child.wait_for(kEnrolTimeout) || !worker.child.status()->ok()) {
      return "enrolment worker failed: " + testkit::read_file(worker.log_file);
    }
  }
  return "";
}

std::string FaultNight::spawn(Worker& worker, bool enrol) {
  std::vector<std::string> argv{FAULT_OFFICERS_BINARY, "--plan", worker.plan_file};
  if (enrol) {
    argv.emplace_back("--enrol");
  } else {
    argv.emplace_back("--start-ms");
    argv.push_back(std::to_string(night_start_ms_));
  }
  auto child = demo::ChildProcess::spawn({argv, true, true, worker.log_file, false, true});
  if (!child) return "cannot start fault-officers: " + child.error().to_string();
  worker.child = std::move(child).value();
  return "";
}

std::string FaultNight::start_night() {
  if (proxy_) proxy_->set_faults(options_.proxy.upstream, options_.proxy.downstream);
  night_start_ms_ = unix_ms();
  started_ = Clock::now();
  for (auto& worker : workers_) {
    if (auto problem = spawn(worker, false); !problem.empty()) return problem;
  }
  return "";
}

std::chrono::milliseconds FaultNight::since_start() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
}

FaultNight::Device& FaultNight::device_of(Worker& worker, const std::string& index) {
  return devices_[worker.devices.at(std::stoull(index))];
}

std::string FaultNight::handle_line(Worker& worker, const std::string& line) {
  std::istringstream words(line);
  std::string kind, index, value;
  words >> kind >> index >> value;
  if (kind == "device") {
    device_of(worker, index).id = value;
  } else if (kind == "done") {
    device_of(worker, index).returned = std::stoull(value);
  } else if (kind == "acked") {
    device_of(worker, index).acked = std::stoull(value);
  } else if (kind == "reported") {
    worker.reported = true;
  } else if (kind == "finished") {
    worker.finished = true;
  } else if (kind == "resume") {
    Device& device = device_of(worker, index);
    const std::uint64_t stored = std::stoull(value);
    figures_.returned_edits_checked += device.returned;
    // At most one call (the one SIGKILL interrupted) may have stored its op unreported.
    if (stored < device.returned) {
      ++figures_.lost;
      return "LOST: " + device.id + "'s store holds " + value + " own ops after a restart, but " +
             std::to_string(device.returned) + " edit calls had returned";
    }
    if (stored > device.returned + 1) {
      return device.id + "'s store holds " + value + " own ops, but only " +
             std::to_string(device.returned) + " calls returned and one was in flight";
    }
    device.returned = stored;
  }
  return "";
}

std::string FaultNight::drain(Worker& worker) {
  for (const auto& line : worker.child.read_lines()) {
    if (auto problem = handle_line(worker, line); !problem.empty()) return problem;
  }
  return "";
}

std::string FaultNight::pump() {
  for (auto& worker : workers_) {
    if (auto problem = drain(worker); !problem.empty()) return problem;
    if (!worker.finished && worker.child.pid() > 0 && worker.child.poll()) {
      if (auto problem = drain(worker); !problem.empty()) return problem;
      if (!worker.finished) {
        const std::string log = testkit::read_file(worker.log_file);
        return "a worker ended (" + worker.child.status()->describe() +
               ") without finishing; its log ends: " +
               log.substr(log.size() > 1500 ? log.size() - 1500 : 0);
      }
    }
  }
  return "";
}

bool FaultNight::finished() const {
  for (const auto& worker : workers_) {
    if (!worker.finished) return false;
  }
  return true;
}

std::string FaultNight::export_store(std::string& problem) {
  const std::string out = dir_.file("export-" + std::to_string(++exports_));
  std::string errors;
  if (testkit::run_tallyd({"export", "--data", server_->data_dir(), "--out", out}, nullptr,
                          &errors) != 0) {
    problem = "tallyd export failed: " + errors;
    return "";
  }
  std::string report;
  if (testkit::run_tallyd({"verify", "--export", out, "--definition", dir_.file("election.json")},
                          &report, &errors) != 0) {
    problem = "tallyd verify failed: " + report + errors;
    return "";
  }
  return out;
}

std::string FaultNight::crash_server_and_check() {
  server_->kill_hard();
  ++figures_.server_kills;
  // With tallyd dead no ack can arrive: what the devices hold now is all they will hold.
  for (auto& worker : workers_) {
    worker.reported =
        worker.finished || !worker.child.running() || !worker.child.write_line("report");
  }
  const auto deadline = Clock::now() + kReportTimeout;
  bool all = false;
  while (!all && Clock::now() < deadline) {
    if (auto problem = pump(); !problem.empty()) return problem;
    all = true;
    for (const auto& worker : workers_) all = all && worker.reported;
    if (!all) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!all) return "a worker did not report its acks";
  std::map<std::string, std::uint64_t> acked;
  for (const auto& device : devices_) acked[device.id] = device.acked;
  std::string problem;
  const std::string out = export_store(problem);
  if (out.empty()) return problem;
  problem = check_log_against_acks(out + "/audit.log", acked, figures_.acked_ops_checked);
  if (problem.rfind("LOST", 0) == 0) ++figures_.lost;
  if (problem.rfind("DUPLICATE", 0) == 0) ++figures_.duplicates;
  std::error_code ignored;
  fs::remove_all(out, ignored);
  if (!problem.empty()) return problem;
  if (!server_->start(true)) return "tallyd did not restart; see " + server_->file("serve.log");
  return "";
}

void FaultNight::sync_now() {
  for (auto& worker : workers_) {
    if (!worker.finished && worker.child.running()) worker.child.write_line("sync");
  }
}

std::string FaultNight::crash_worker(std::size_t w) {
  std::size_t tried = 0;
  while (tried < workers_.size() && (workers_[w].finished || !workers_[w].child.running())) {
    w = (w + 1) % workers_.size();
    ++tried;
  }
  if (tried == workers_.size()) return "";
  Worker& worker = workers_[w];
  worker.child.send_signal(SIGKILL);
  worker.child.wait_for(std::chrono::seconds(10));
  if (auto problem = drain(worker); !problem.empty()) return problem;
  ++figures_.worker_kills;
  return spawn(worker, false);
}

std::string FaultNight::check_final() {
  if (server_->stop() != 0) return "tallyd did not stop cleanly";
  std::string problem;
  const std::string out = export_store(problem);
  if (out.empty()) return problem;
  auto log = engine::read_audit_log(testkit::read_file(out + "/audit.log"));
  if (!log) return "audit log: " + log.error().to_string();
  std::map<std::string, std::vector<engine::Op>> by_device;
  for (const auto& entry : log->entries) {
    auto op = engine::decode_op(entry.op_bytes);
    if (!op) return "log entry " + std::to_string(entry.index) + " does not decode";
    by_device[op->dot.device].push_back(std::move(op).value());
  }
  figures_.ops_in_log = log->entries.size();
  for (const auto& device : devices_) {
    const auto& ops = by_device[device.id];
    if (ops.size() != device.ops.size()) {
      if (ops.size() < device.ops.size())
        ++figures_.lost;
      else
        ++figures_.duplicates;
      return device.id + " has " + std::to_string(ops.size()) + " ops in the log, its script " +
             std::to_string(device.ops.size());
    }
    for (std::size_t k = 0; k < ops.size(); ++k) {
      if (ops[k].dot.counter != k + 1) return device.id + "'s ops are out of order in the log";
      if (auto differs = compare_op(ops[k], device.ops[k]); !differs.empty()) {
        return device.id + " op " + std::to_string(k + 1) + ": " + differs;
      }
    }
  }
  auto exported = engine::parse_records_file(testkit::read_file(out + "/records.json"));
  if (!exported) return "exported records: " + exported.error().to_string();
  std::map<engine::FormId, const engine::StationRecord*> by_form;
  for (const auto& record : exported->records) by_form.emplace(record.form, &record);
  for (const auto& record : dataset_.records) {
    const auto found = by_form.find(record.form);
    if (found == by_form.end()) return record.form.to_string() + " is missing from the export";
    if (found->second->values != record.values) return record.form.to_string() + " differs";
  }
  if (exported->records.size() != dataset_.records.size()) return "the export has extra records";
  auto tally = engine::tally_all(dataset_.definition, exported->records);
  if (!tally || !(*tally == dataset_.truth)) return "the exported records tally differently";
  return "";
}

}  // namespace tally::faults

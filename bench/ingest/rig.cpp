#include "rig.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/beast/http/verb.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "tally/http/https_client.hpp"
#include "workload.hpp"

namespace tally::bench {
namespace {

Error bench_error(const std::string& message) {
  return make_error(ErrorCode::kInternal, "bench/ingest: " + message);
}

std::string write_definition(const testkit::TempDir& dir, std::size_t stations) {
  const std::string path = dir.file("definition.json");
  std::ofstream(path) << synthetic_definition_json(stations);
  return path;
}

// Every device's connections come from 127.0.0.1: lift the per-address limit.
const std::vector<std::string> kServeFlags{"--max-connections-per-address", "20000"};

// Threads creating enrolment codes through the HTTP API at the same time.
constexpr std::size_t kCodeThreads = 8;
// Devices enrolling at the same time.
constexpr std::size_t kEnrolParallel = 200;

}  // namespace

ProcessStats process_stats(int pid) {
  ProcessStats memory;
  const std::string proc = "/proc/" + std::to_string(pid);
  {
    // Fields 14 and 15 of stat, after the parenthesised command name.
    std::ifstream stat_file(proc + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string skipped;
    for (int field = 3; field < 14; ++field) fields >> skipped;
    double user_ticks = 0;
    double system_ticks = 0;
    fields >> user_ticks >> system_ticks;
    memory.cpu_seconds = (user_ticks + system_ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  std::ifstream status(proc + "/status");
  std::string line;
  while (std::getline(status, line)) {
    std::istringstream fields(line);
    std::string key;
    std::size_t kib = 0;
    fields >> key >> kib;
    if (key == "VmRSS:") memory.rss_kib = kib;
    if (key == "VmHWM:") memory.peak_kib = kib;
  }
  return memory;
}

IngestRig::IngestRig(std::size_t stations)
    : stations_(stations),
      definition_path_(write_definition(scratch_, stations)),
      server_(definition_path_) {}

IngestRig::~IngestRig() { disconnect_all(); }

Result<std::unique_ptr<IngestRig>> IngestRig::prepare(std::size_t stations) {
  std::unique_ptr<IngestRig> rig(new IngestRig(stations));
  if (!rig->server_.initialised()) return bench_error("tallyd init failed");
  if (auto status = rig->start(/*tls=*/false); !status) return std::move(status).error();
  rig->swarm_ = std::make_unique<testkit::DeviceSwarm>("127.0.0.1", rig->server_.port());
  auto codes = rig->create_codes();
  if (!codes) return std::move(codes).error();
  for (std::size_t i = 0; i < stations; ++i) {
    rig->devices_.push_back(testkit::make_async_device(*rig->swarm_));
  }
  auto enrolled = rig->run_all(stations, kEnrolParallel, [&](std::size_t i, auto done) {
    rig->devices_[i]->enrol((*codes)[i], std::move(done));
  });
  if (!enrolled) return std::move(enrolled).error();
  return rig;
}

Status IngestRig::start(bool tls) {
  if (!server_.start(tls, kServeFlags)) {
    return bench_error("tallyd serve did not start; see " + server_.file("serve.log"));
  }
  return {};
}

Status IngestRig::restart(bool tls) {
  server_.stop();
  if (auto status = start(tls); !status) return status;
  swarm_->set_ca_file(tls ? server_.ca_file() : std::string{});
  return {};
}

Result<std::vector<std::string>> IngestRig::create_codes() {
  const tally::http::ApiTarget target{server_.url(), server_.operator_token(), server_.ca_file()};
  std::vector<std::string> codes(stations_);
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::string failure;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kCodeThreads; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < stations_; i = next++) {
        const boost::json::object body{{"role", "officer"}, {"station", station_id(i)}};
        auto response =
            tally::http::api_call(target, boost::beast::http::verb::post, "/api/v1/enrolment-codes",
                                  boost::json::serialize(body));
        if (!response || response->status != 201) {
          std::lock_guard lock(failure_mutex);
          failure = response ? response->body : response.error().to_string();
          return;
        }
        codes[i] =
            boost::json::value_to<std::string>(boost::json::parse(response->body).at("code"));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (!failure.empty()) return bench_error("creating enrolment codes: " + failure);
  return codes;
}

Status IngestRig::run_all(
    std::size_t count, std::size_t parallel,
    const std::function<void(std::size_t, testkit::AsyncDevice::Done)>& start) {
  auto& io = swarm_->io();
  std::size_t next = 0;
  std::size_t completed = 0;
  Status first_error;
  std::function<void()> launch = [&] {
    const std::size_t i = next++;
    start(i, [&, i](const Status& status) {
      ++completed;
      if (!status && first_error) {
        first_error = make_error(status.error().code,
                                 "device " + std::to_string(i) + ": " + status.error().message);
      }
      if (next < count) launch();
    });
  };
  for (std::size_t i = 0; i < std::min(parallel, count); ++i) launch();
  io.restart();
  while (completed < count) {
    if (io.run_one() == 0) return bench_error("the client ran out of work before completing");
  }
  return first_error;
}

Result<double> IngestRig::hello_all(std::size_t parallel) {
  const auto started = std::chrono::steady_clock::now();
  auto status = run_all(devices_.size(), parallel,
                        [&](std::size_t i, auto done) { devices_[i]->hello(std::move(done)); });
  if (!status) return std::move(status).error();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  return took.count();
}

void IngestRig::prepare_w1() {
  frames_.clear();
  frames_.reserve(devices_.size());
  for (std::size_t i = 0; i < devices_.size(); ++i) {
    frames_.push_back(engine::encode(engine::UploadBatchMessage{w1_ops(i, devices_[i]->id())}));
  }
}

Result<double> IngestRig::upload_w1(std::size_t parallel) {
  if (frames_.size() != devices_.size()) return bench_error("prepare_w1 was not called");
  const auto started = std::chrono::steady_clock::now();
  auto status = run_all(devices_.size(), parallel, [&](std::size_t i, auto done) {
    devices_[i]->upload(std::move(frames_[i]), std::move(done));
  });
  frames_.clear();
  if (!status) return std::move(status).error();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  for (const auto& device : devices_) {
    if (device->last_ack().acked_counter != kW1OpsPerStation) {
      return bench_error("device " + device->id() + " was acked through counter " +
                         std::to_string(device->last_ack().acked_counter));
    }
  }
  return took.count();
}

void IngestRig::idle(double seconds) {
  auto& io = swarm_->io();
  io.restart();
  io.run_for(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(seconds)));
}

void IngestRig::disconnect_all() {
  if (!swarm_) return;
  for (auto& device : devices_) device->disconnect();
  auto& io = swarm_->io();
  io.restart();
  io.run_for(std::chrono::seconds(5));
}

Result<CommitFigures> IngestRig::commit_figures() const {
  const tally::http::ApiTarget target{server_.url(), server_.operator_token(), server_.ca_file()};
  auto response = tally::http::api_call(target, boost::beast::http::verb::get, "/metrics");
  if (!response) return std::move(response).error();
  CommitFigures figures;
  std::istringstream lines(response->body);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string name;
    double value = 0;
    fields >> name >> value;
    if (name == "tally_commit_ops_sum") figures.ops = value;
    if (name == "tally_commit_ops_count") figures.commits = value;
    if (name == "tally_commit_duration_seconds_sum") figures.seconds = value;
  }
  return figures;
}

}  // namespace tally::bench

#include "rig.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/beast/http/verb.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
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

// Loopback source addresses: each gives about 28,000 connections to tallyd's port.
constexpr std::size_t kDevicesPerSourceAddress = 20'000;
// Descriptors this process keeps beyond its devices' connections (store, logs, HTTP).
constexpr std::size_t kDescriptorHeadroom = 200;
// The descriptor limit the rig asks for: a whole country's devices at once.
constexpr std::size_t kWantedDescriptors = 1'000'000;

// Every device's connections come from loopback: lift the per-address limit. tallyd fits
// its connection limit to the descriptor limit it inherits.
std::vector<std::string> serve_flags() {
  return {"--max-connections-per-address", std::to_string(kWantedDescriptors)};
}

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
  std::error_code ignored;
  for (auto it = std::filesystem::directory_iterator(proc + "/fd", ignored);
       it != std::filesystem::directory_iterator(); it.increment(ignored)) {
    ++memory.open_fds;
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

Result<ChildRun> run_measured(const std::string& binary, const std::vector<std::string>& args) {
  testkit::TempDir scratch;
  const std::string out_path = scratch.file("stdout");
  std::vector<std::string> argv_text{binary};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&files, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const auto started = std::chrono::steady_clock::now();
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, binary.c_str(), &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) return bench_error("cannot start " + binary);
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) return bench_error("wait4 failed for " + binary);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  ChildRun run;
  run.seconds = took.count();
  run.peak_kib = static_cast<std::size_t>(usage.ru_maxrss);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream out(out_path);
  run.output.assign(std::istreambuf_iterator<char>(out), std::istreambuf_iterator<char>());
  return run;
}

std::size_t max_connected_devices() {
  const std::size_t limit = raise_descriptor_limit(kWantedDescriptors);
  return limit > kDescriptorHeadroom ? limit - kDescriptorHeadroom : 0;
}

std::size_t raise_descriptor_limit(std::size_t descriptors) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur >= descriptors) return limit.rlim_cur;
  rlimit raised = limit;
  raised.rlim_cur = descriptors;
  raised.rlim_max = std::max<rlim_t>(limit.rlim_max, descriptors);
  // Raising the hard limit needs CAP_SYS_RESOURCE; without it, the soft one up to it.
  if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
    raised.rlim_cur = std::min<rlim_t>(descriptors, limit.rlim_max);
    raised.rlim_max = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) return limit.rlim_cur;
  }
  return raised.rlim_cur;
}

IngestRig::IngestRig(std::size_t stations)
    : stations_(stations),
      definition_path_(write_definition(scratch_, stations)),
      server_(definition_path_) {}

IngestRig::~IngestRig() { disconnect(all()); }

Result<std::unique_ptr<IngestRig>> IngestRig::prepare(std::size_t stations) {
  max_connected_devices();  // raises the limits tallyd inherits
  std::unique_ptr<IngestRig> rig(new IngestRig(stations));
  if (!rig->server_.initialised()) return bench_error("tallyd init failed");
  if (auto status = rig->start(/*tls=*/false); !status) return std::move(status).error();
  rig->swarm_ = std::make_unique<testkit::DeviceSwarm>("127.0.0.1", rig->server_.port());
  rig->swarm_->set_source_addresses((stations + kDevicesPerSourceAddress - 1) /
                                    kDevicesPerSourceAddress);
  auto codes = rig->create_codes();
  if (!codes) return std::move(codes).error();
  for (std::size_t i = 0; i < stations; ++i) {
    rig->devices_.push_back(testkit::make_async_device(*rig->swarm_));
  }
  auto enrolled = rig->run_all(rig->all(), kEnrolParallel, [&](std::size_t i, auto done) {
    rig->devices_[i]->enrol((*codes)[i], std::move(done));
  });
  if (!enrolled) return std::move(enrolled).error();
  return rig;
}

Status IngestRig::start(bool tls) {
  if (!server_.start(tls, serve_flags())) {
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
    DeviceRange range, std::size_t parallel,
    const std::function<void(std::size_t, testkit::AsyncDevice::Done)>& start) {
  auto& io = swarm_->io();
  const std::size_t count = range.first + range.count;
  std::size_t next = range.first;
  std::size_t completed = range.first;
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
  for (std::size_t i = 0; i < std::min(parallel, range.count); ++i) launch();
  io.restart();
  while (completed < count) {
    if (io.run_one() == 0) return bench_error("the client ran out of work before completing");
  }
  return first_error;
}

Result<double> IngestRig::hello(DeviceRange range, std::size_t parallel) {
  if (range.count > max_connected_devices()) {
    return bench_error(std::to_string(range.count) +
                       " devices cannot be connected at once: the descriptor limit (ulimit -n) "
                       "holds " +
                       std::to_string(max_connected_devices()) +
                       " (raising the hard limit needs CAP_SYS_RESOURCE)");
  }
  const auto started = std::chrono::steady_clock::now();
  auto status = run_all(range, parallel,
                        [&](std::size_t i, auto done) { devices_[i]->hello(std::move(done)); });
  if (!status) return std::move(status).error();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  return took.count();
}

std::size_t IngestRig::resumed_devices() const {
  return static_cast<std::size_t>(std::count_if(
      devices_.begin(), devices_.end(), [](const auto& device) { return device->resumed(); }));
}

void IngestRig::prepare_w1(DeviceRange range) {
  frames_.assign(devices_.size(), std::string{});
  for (std::size_t i = range.first; i < range.first + range.count; ++i) {
    frames_[i] = engine::encode(engine::UploadBatchMessage{w1_ops(i, devices_[i]->id())});
  }
}

Result<double> IngestRig::upload_w1(DeviceRange range, std::size_t parallel) {
  if (frames_.size() != devices_.size() || frames_[range.first].empty()) {
    return bench_error("prepare_w1 was not called for these devices");
  }
  const auto started = std::chrono::steady_clock::now();
  auto status = run_all(range, parallel, [&](std::size_t i, auto done) {
    devices_[i]->upload(std::move(frames_[i]), std::move(done));
  });
  frames_.clear();
  if (!status) return std::move(status).error();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  for (std::size_t i = range.first; i < range.first + range.count; ++i) {
    const auto& device = devices_[i];
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

void IngestRig::disconnect(DeviceRange range) {
  if (!swarm_) return;
  for (std::size_t i = range.first; i < range.first + range.count; ++i) devices_[i]->disconnect();
  auto& io = swarm_->io();
  io.restart();
  io.run_for(std::chrono::seconds(5));  // the aborted operations' handlers
  for (std::size_t i = range.first; i < range.first + range.count; ++i) {
    devices_[i]->release_connection();
  }
}

Result<ChildRun> IngestRig::export_and_verify() {
  const std::string export_dir = scratch_.file("export");
  std::string errors;
  if (server_.run("export", {"--out", export_dir}, nullptr, &errors) != 0) {
    return bench_error("tallyd export failed: " + errors);
  }
  auto verified = run_measured(TALLYD_BINARY, {"verify", "--export", export_dir});
  if (!verified) return verified;
  if (verified->exit_code != 0) {
    return bench_error("tallyd verify exited with " + std::to_string(verified->exit_code) + ": " +
                       verified->output);
  }
  return verified;
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
    if (name == "tally_log_index") figures.log_index = value;
  }
  return figures;
}

}  // namespace tally::bench

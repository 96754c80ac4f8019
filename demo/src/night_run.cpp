#include "night_run.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "audit_check.hpp"
#include "dataset.hpp"
#include "final_report.hpp"
#include "officer_script.hpp"
#include "operator_api.hpp"
#include "process.hpp"
#include "progress_display.hpp"
#include "roster.hpp"
#include "second_round.hpp"
#include "tally/engine/records_json.hpp"
#include "tally/engine/tally_json.hpp"
#include "tally/engine/tally_table.hpp"
#include "tallyd_control.hpp"
#include "wall_clock.hpp"
#include "worker_report.hpp"

namespace tally::demo {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr auto kTick = std::chrono::milliseconds(100);
constexpr auto kApiPollInterval = std::chrono::milliseconds(500);
constexpr auto kServerStartTimeout = std::chrono::seconds(30);
// The console's operator account the night makes, for the person watching the demo.
constexpr const char* kConsoleOperator = "demo.operator";

// Set by SIGINT / SIGTERM: the orchestrator stops its children and tallyd, then exits.
volatile std::sig_atomic_t g_interrupted = 0;

void on_interrupt(int) { g_interrupted = 1; }

Status check_interrupted() {
  if (g_interrupted == 0) return {};
  return make_error(ErrorCode::kInternal, "interrupted");
}

Error night_error(const std::string& message) { return make_error(ErrorCode::kInternal, message); }

// A fresh directory "<parent>/<prefix>XXXXXX".
Result<std::string> fresh_directory(const std::string& parent, const std::string& prefix) {
  std::string pattern = parent + "/" + prefix + "XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return night_error("cannot create a directory under " + parent);
  }
  return pattern;
}

// One worker process (officers or supervisors) across its restarts.
struct Worker {
  std::string plan_file;
  std::string log_file;
  bool supervisors = false;
  ChildProcess child;
  WorkerStatus current;   // this run's last status line
  WorkerStatus previous;  // summed over the runs that were killed
  std::size_t kills = 0;
  bool done = false;
  std::map<std::string, std::uint64_t> counters;  // device id → last own counter (at its end)

  [[nodiscard]] std::uint64_t sessions() const { return previous.sessions + current.sessions; }
};

class NightRun {
 public:
  explicit NightRun(const NightOptions& options) : options_(options) {}

  int run() {
    started_ = Clock::now();
    auto status = prepare();
    if (status) status = enrol();
    if (status) status = play();
    if (status && options_.rounds == 2) status = play_second_round();
    if (!status) {
      display_.finish();
      workers_.clear();  // kills every worker still running
      if (tallyd_ && tallyd_->pid() > 0 && !options_.keep) tallyd_->stop();
      std::cerr << "tally-night: " << status.error().to_string() << "\n";
      if (tallyd_) std::cerr << "  tallyd's log: " << tallyd_->log_file() << "\n";
      std::cerr << "  worker logs: " << night_dir_ << "/worker-*.log\n";
      remove_temporary_stores();
      return 1;
    }
    const int exit_code = conclude();
    remove_temporary_stores();
    return exit_code;
  }

  // Whether the devices' stores of a night of `stations` fit in /dev/shm, which is memory:
  // a store's SQLite WAL grows to about 4 MiB before its checkpoint, and the night's
  // processes need the rest of the memory (a 10,000-station night's 11,000 stores, about
  // 18 GiB, were killed with it by the OOM killer on a 24 GiB machine).
  [[nodiscard]] bool fits_in_memory(std::size_t stations) const {
    constexpr std::uintmax_t kStoreBytes = 4u << 20;
    const auto devices = static_cast<std::uintmax_t>(
        static_cast<double>(stations) * (1.0 + options_.double_entry_percent / 100.0) +
        static_cast<double>(options_.supervisors));
    std::error_code error;
    const auto space = fs::space("/dev/shm", error);
    return !error && fs::is_directory("/dev/shm") && devices * kStoreBytes <= space.available / 2;
  }

  // The default device stores live in memory (/dev/shm) when they fit, else under the data
  // directory: gone at the end unless --keep.
  [[nodiscard]] bool stores_kept() const { return options_.keep || !options_.device_dir.empty(); }
  void remove_temporary_stores() const {
    std::error_code ignored;
    if (!stores_kept() && !device_dir_.empty()) fs::remove_all(device_dir_, ignored);
  }

 private:
  Status prepare() {
    std::string data = options_.data_dir;
    if (data.empty()) {
      const char* tmp = std::getenv("TMPDIR");
      auto made = fresh_directory(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "tally-night-");
      if (!made) return std::move(made).error();
      data = *made;
    } else if (fs::exists(data) && !fs::is_empty(data)) {
      return night_error("--data " + data + " exists and is not empty: give a fresh directory");
    }
    data_dir_ = fs::absolute(data).string();
    night_dir_ = data_dir_ + "/night";
    fs::create_directories(night_dir_);
    auto dataset = prepare_dataset(options_.definition, options_.records, options_.stations,
                                   options_.missing_percent, options_.seed,
                                   night_dir_ + "/election.json", night_dir_ + "/records.json");
    if (!dataset) return std::move(dataset).error();
    dataset_ = std::move(dataset).value();
    const auto& definition = dataset_.definition;
    device_dir_ = options_.device_dir;
    if (device_dir_.empty()) {
      auto made = fits_in_memory(definition.stations().size())
                      ? fresh_directory("/dev/shm", "tally-night-devices-")
                      : Result<std::string>(data_dir_ + "/devices");
      if (!made) return std::move(made).error();
      device_dir_ = *made;
    }
    fs::create_directories(device_dir_);
    std::cout << definition.name() << "\n"
              << "  " << definition.stations().size() << " polling stations, "
              << definition.units().size() << " electoral units, " << dataset_.records.size()
              << " station records (ground truth: " << options_.records << ")\n"
              << "  data directory " << data_dir_ << ", device stores " << device_dir_ << "\n"
              << std::flush;

    tallyd_.emplace(options_.tallyd, data_dir_ + "/tallyd");
    if (auto init = tallyd_->init(night_dir_ + "/election.json", options_.schema); !init) {
      return init;
    }
    auto login = tallyd_->add_console_login(kConsoleOperator, "operator");
    if (!login) return std::move(login).error();
    console_login_ = std::move(login).value();
    if (auto started = tallyd_->start(kServerStartTimeout); !started) return started;
    auto token = read_file(tallyd_->token_file());
    if (!token) return night_error("cannot read tallyd's operator token");
    while (!token->empty() && std::isspace(static_cast<unsigned char>(token->back()))) {
      token->pop_back();
    }
    api_endpoint_ = http::ApiTarget{tallyd_->api_url(), *token, tallyd_->ca_file()};
    api_.emplace(api_endpoint_);
    display_.message("tallyd serving " + tallyd_->api_url() + " (pid " +
                     std::to_string(tallyd_->pid()) + ", TLS, data " + tallyd_->data_dir() + ")");
    display_.message("console " + tallyd_->api_url() + "/ (log in as " + console_login_.name +
                     ", password " + console_login_.password + ")");
    return {};
  }

  Status enrol() {
    WorkerPlan base;
    base.sync_url = tallyd_->sync_url();
    base.api_url = tallyd_->api_url();
    base.ca_file = tallyd_->ca_file();
    base.token_file = tallyd_->token_file();
    base.definition_file = night_dir_ + "/election.json";
    base.records_file = night_dir_ + "/records.json";
    base.seed = options_.seed;
    base.night_ms = options_.night_seconds * 1000;
    NightSnapshot snapshot;
    snapshot.phase = "enrolment codes";
    auto roster = make_roster(options_, dataset_, base, api_endpoint_, device_dir_,
                              [&](std::size_t done, std::size_t total) {
                                snapshot.phase = "enrolment codes " + std::to_string(done) + "/" +
                                                 std::to_string(total);
                                snapshot.devices = total;
                                display_.show(snapshot);
                              });
    if (!roster) return std::move(roster).error();
    roster_ = std::move(roster).value();
    for (const auto& plan : roster_.officer_workers) add_worker(plan, false);
    add_worker(roster_.supervisors, true);
    display_.message(std::to_string(roster_.devices) +
                     " devices: " + std::to_string(dataset_.definition.stations().size()) +
                     " officers, " + std::to_string(roster_.second_officers) +
                     " second officers (" + std::to_string(roster_.dissenters) +
                     " of whom misread a count), " + std::to_string(options_.supervisors) +
                     " supervisors, in " + std::to_string(workers_.size()) + " worker processes");

    // Enrolment: every device presents its one-time code through the client library.
    for (auto& worker : workers_) {
      if (auto spawned = spawn(worker, {"--enrol"}); !spawned) return spawned;
    }
    std::vector<std::size_t> opened(workers_.size(), 0);
    for (std::size_t running = workers_.size(); running > 0;) {
      running = 0;
      for (std::size_t w = 0; w < workers_.size(); ++w) {
        auto& worker = workers_[w];
        for (const auto& line : worker.child.read_lines()) {
          if (line.rfind("opened ", 0) == 0) opened[w] = std::stoull(line.substr(7));
        }
        if (!worker.child.poll()) {
          ++running;
        } else if (!worker.child.status()->ok()) {
          return night_error("enrolment worker " + std::to_string(w) + " ended with " +
                             worker.child.status()->describe() + "; see " + worker.log_file);
        }
      }
      std::size_t enrolled = 0;
      for (auto n : opened) enrolled += n;
      if (auto interrupted = check_interrupted(); !interrupted) return interrupted;
      snapshot.phase =
          "enrolling devices " + std::to_string(enrolled) + "/" + std::to_string(roster_.devices);
      snapshot.devices = roster_.devices;
      display_.show(snapshot);
      std::this_thread::sleep_for(kTick);
    }
    display_.finish();
    display_.message("enrolled " + std::to_string(roster_.devices) + " devices");
    return {};
  }

  void add_worker(const WorkerPlan& plan, bool supervisors) {
    Worker worker;
    worker.plan_file = night_dir_ + "/worker-" + std::to_string(plan.index) + ".json";
    worker.log_file = night_dir_ + "/worker-" + std::to_string(plan.index) + ".log";
    worker.supervisors = supervisors;
    (void)write_file(worker.plan_file, to_json(plan));
    workers_.push_back(std::move(worker));
  }

  Status spawn(Worker& worker, const std::vector<std::string>& extra) {
    std::vector<std::string> argv{self_executable(),
                                  worker.supervisors ? "supervisors" : "officers", "--plan",
                                  worker.plan_file};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto child =
        ChildProcess::spawn({argv, worker.supervisors, true, worker.log_file, false, true});
    if (!child) return std::move(child).error();
    worker.child = std::move(child).value();
    worker.current = WorkerStatus{};
    return {};
  }

  std::vector<std::string> night_arguments(bool restarted) const {
    std::vector<std::string> extra{"--start-ms", std::to_string(night_start_ms_)};
    if (restarted) extra.emplace_back("--restarted");
    return extra;
  }

  // The SIGKILLs: moments in the busy part of the night, each on a seeded worker.
  void plan_kills() {
    std::mt19937_64 random(stable_hash(options_.seed, "kills"));
    const std::size_t officers = workers_.size() - 1;
    const auto night = static_cast<double>(options_.night_seconds) * 1000.0;
    for (std::size_t k = 0; k < options_.kills; ++k) {
      const double at = std::uniform_real_distribution<double>(0.15, 0.75)(random) * night;
      kills_.emplace_back(night_start_ + std::chrono::milliseconds(static_cast<std::int64_t>(at)),
                          k % officers);
    }
    std::sort(kills_.begin(), kills_.end());
  }

  Status kill_and_restart(Worker& worker, std::size_t index) {
    if (worker.done || !worker.child.running()) return {};
    worker.child.send_signal(SIGKILL);
    worker.child.wait_for(std::chrono::seconds(10));
    for (const auto& line : worker.child.read_lines()) {
      if (auto status = parse_status(line)) worker.current = *status;
    }
    worker.previous.sessions += worker.current.sessions;
    worker.previous.entered += worker.current.entered;
    ++worker.kills;
    ++kills_done_;
    display_.message("SIGKILL worker " + std::to_string(index) + " (pid " +
                     std::to_string(worker.child.pid()) + ", " +
                     std::to_string(worker.current.devices) +
                     " devices) mid-entry; restarting it on its stores");
    return spawn(worker, night_arguments(true));
  }

  static void read_worker_lines(Worker& worker) {
    for (const auto& line : worker.child.read_lines()) {
      if (auto status = parse_status(line)) {
        worker.current = *status;
      } else if (line.rfind("counter ", 0) == 0) {
        std::istringstream words(line.substr(8));
        std::string device;
        std::uint64_t counter = 0;
        if (words >> device >> counter) worker.counters[device] = counter;
      }
    }
  }

  Status play() {
    night_start_ms_ = unix_ms() + 1000;
    night_start_ = Clock::now() + std::chrono::milliseconds(1000);
    for (auto& worker : workers_) {
      if (auto spawned = spawn(worker, night_arguments(false)); !spawned) return spawned;
    }
    plan_kills();
    Worker& supervisors = workers_.back();
    bool finish_sent = false;
    const auto deadline = started_ + std::chrono::seconds(options_.timeout_seconds);
    auto next_poll = Clock::now();
    NightSnapshot snapshot;
    snapshot.devices = roster_.devices;
    while (!supervisors.done) {
      if (auto interrupted = check_interrupted(); !interrupted) return interrupted;
      if (Clock::now() > deadline) {
        return night_error("the night did not finish within --timeout " +
                           std::to_string(options_.timeout_seconds) + " s");
      }
      while (!kills_.empty() && kills_.front().first <= Clock::now()) {
        const std::size_t index = kills_.front().second;
        kills_.erase(kills_.begin());
        if (auto restarted = kill_and_restart(workers_[index], index); !restarted) return restarted;
      }
      bool officers_done = true;
      for (std::size_t w = 0; w < workers_.size(); ++w) {
        auto& worker = workers_[w];
        read_worker_lines(worker);
        if (!worker.done && worker.child.poll()) {
          read_worker_lines(worker);
          if (!worker.child.status()->ok()) {
            return night_error("worker " + std::to_string(w) + " ended with " +
                               worker.child.status()->describe() + "; see " + worker.log_file);
          }
          worker.done = true;
        }
        if (!worker.supervisors) officers_done = officers_done && worker.done;
      }
      if (officers_done && !finish_sent) {
        supervisors.child.write_line("finish");
        finish_sent = true;
        officers_done_at_ = Clock::now();
      }
      if (Clock::now() >= next_poll) {
        poll_server(snapshot);
        next_poll = Clock::now() + kApiPollInterval;
      }
      snapshot.phase = finish_sent ? "adjudicating" : "night";
      snapshot.devices_online = 0;
      for (const auto& worker : workers_) snapshot.devices_online += worker.current.online;
      snapshot.conflicts_resolved = supervisors.current.resolved;
      snapshot.kills = kills_done_;
      display_.show(snapshot);
      std::this_thread::sleep_for(kTick);
    }
    poll_server(snapshot);
    display_.show(snapshot, true);
    display_.finish();
    night_end_ = Clock::now();
    return {};
  }

  // The second round (second_round.hpp): opened, entered and accepted; then the ground
  // truth, and the definition the audit is checked against, are both rounds'.
  Status play_second_round() {
    std::cout << "\nSecond round: opening the supplementary elections and re-votes polling "
                 "day's tally calls for...\n";
    auto round = run_second_round(*api_, dataset_, device_dir_, options_.seed,
                                  /*force=*/options_.missing_percent > 0, options_.timeout_seconds);
    if (!round) return std::move(round).error();
    if (round->units == 0) {
      std::cout << "Second round: none needed (no unit short of seats or below half turnout)\n";
      return {};
    }
    if (auto written = write_file(night_dir_ + "/election.json", round->definition_json);
        !written) {
      return written;
    }
    std::cout << "Second round: " << round->units << " units, " << round->stations
              << " station records entered on their officers' devices and accepted in "
              << static_cast<int>(round->seconds) << " s\n";
    second_round_counters_ = std::move(round->counters);
    dataset_.definition = std::move(round->definition);
    for (auto& record : round->records) {
      dataset_.record_index[record.form] = dataset_.records.size();
      dataset_.records.push_back(std::move(record));
    }
    auto truth = engine::tally_all(dataset_.definition, dataset_.records);
    if (!truth) return std::move(truth).error();
    dataset_.truth = std::move(truth).value();
    // The night's paper records, both rounds: what the export's records must equal.
    return write_file(night_dir_ + "/records.json",
                      engine::records_to_json(dataset_.definition.id(), dataset_.records));
  }

  void poll_server(NightSnapshot& snapshot) {
    if (auto metrics = api_->get_text("/metrics")) {
      snapshot.ops_acked =
          static_cast<std::uint64_t>(metric_value(*metrics, "tally_ops_ingested_total"));
      snapshot.conflicts_open =
          static_cast<std::uint64_t>(metric_value(*metrics, "tally_conflicts_open"));
    }
    auto progress = api_->get_json("/api/v1/progress");
    if (!progress || !progress->is_object()) return;
    snapshot.levels.clear();
    for (const auto& level : progress->at("levels").as_array()) {
      snapshot.levels.emplace_back(
          std::string(level.at("level").as_string()),
          std::make_pair(level.at("forms_accepted").to_number<std::int64_t>(),
                         level.at("forms_expected").to_number<std::int64_t>()));
    }
  }

  int conclude() {
    auto server_tally = api_->get_json("/api/v1/tally");
    std::vector<std::string> differences =
        server_tally ? tally_differences(*server_tally, dataset_.truth)
                     : std::vector<std::string>{"cannot read the server's tally: " +
                                                server_tally.error().to_string()};
    // Beyond the figures compared one by one: the whole document, member for member.
    if (differences.empty() &&
        *server_tally != json::parse(engine::tally_to_json(dataset_.definition, dataset_.truth))) {
      differences.push_back("the server's tally document differs from the engine's tally_to_json");
    }
    RunFigures figures;
    if (auto metrics = api_->get_text("/metrics")) {
      figures.ops = static_cast<std::uint64_t>(metric_value(*metrics, "tally_log_index"));
    }
    const Worker& supervisors = workers_.back();
    figures.conflicts_raised = supervisors.current.raised;
    figures.conflicts_resolved = supervisors.current.resolved;
    figures.forms_adjudicated = supervisors.current.forms_adjudicated;
    figures.devices = roster_.devices;
    figures.kills = kills_done_;
    std::uint64_t sessions = 0;
    for (const auto& worker : workers_) {
      sessions += worker.sessions();
      if (worker.done) figures.kills_survived += worker.kills;
    }
    figures.reconnects = sessions > roster_.devices ? sessions - roster_.devices : 0;

    const bool keep = options_.keep;
    std::map<std::string, std::uint64_t> counters;
    for (const auto& worker : workers_)
      counters.insert(worker.counters.begin(), worker.counters.end());
    // The second round's ops come after the night's on the same devices.
    for (const auto& [device, counter] : second_round_counters_) counters[device] = counter;
    AuditOutcome audit =
        check_audit(*tallyd_, night_dir_ + "/election.json", data_dir_ + "/export", counters);
    figures.night_seconds = std::chrono::duration<double>(night_end_ - night_start_).count();
    figures.wall_seconds = std::chrono::duration<double>(Clock::now() - started_).count();

    std::cout << "\nTally per level (tallyd's /api/v1/tally) vs the ground truth tallied offline "
                 "by the engine: "
              << (differences.empty() ? "MATCH" : "MISMATCH") << "\n";
    for (std::size_t i = 0; i < differences.size() && i < 20; ++i) {
      std::cout << "  MISMATCH " << differences[i] << "\n";
    }
    std::cout << engine::tally_to_table(dataset_.definition, dataset_.truth);
    print_missing(std::cout);
    std::cout << "\nAudit (tallyd export, then tallyd verify in its own process): "
              << (audit.verified ? "VERIFIED" : "FAILED") << "\n"
              << audit.summary;
    std::cout << "\nFigures of the run:\n";
    print_figures(std::cout, figures);
    print_where(keep);
    if (!keep)
      tallyd_->stop();
    else
      tallyd_->detach();
    return differences.empty() && audit.verified ? 0 : 1;
  }

  // The stations that never reported a level (the ground truth lacks their records): shown
  // as missing, never waited for.
  void print_missing(std::ostream& out) const {
    const auto missing = dataset_.missing_stations();
    if (missing.empty()) return;
    out << "\nStations missing (no record reported): " << missing.size() << "\n ";
    constexpr std::size_t kShown = 40;
    for (std::size_t i = 0; i < missing.size() && i < kShown; ++i) out << " " << missing[i];
    if (missing.size() > kShown) out << " ... and " << missing.size() - kShown << " more";
    out << "\n";
  }

  void print_where(bool keep) const {
    const std::string dir = tallyd_->data_dir();
    const std::string& bin = tallyd_->binary();
    std::cout << "\nData directory: " << data_dir_ << "\n"
              << "  tallyd's data " << dir << " (log: " << tallyd_->log_file() << ")\n"
              << "  the night's definition, paper records, plans and worker logs: " << night_dir_
              << "\n"
              << "  device stores: " << device_dir_
              << (stores_kept()
                      ? ""
                      : " (in memory: removed now; --keep or --device-stores DIR keeps them)")
              << "\n"
              << "  audit export: " << data_dir_ << "/export\n";
    // The certificate is tallyd's own (DATA/tls-cert.pem): a browser asks to trust it once.
    const std::string console = "  console " + tallyd_->api_url() + "/  log in as " +
                                console_login_.name + ", password " + console_login_.password +
                                " (also in " + console_login_.password_file + ")\n";
    if (keep) {
      std::cout << "tallyd keeps running (pid " << tallyd_->pid() << ") at " << tallyd_->api_url()
                << "; open the console in a browser (its certificate is tallyd's own, " << dir
                << "/tls-cert.pem):\n"
                << console << "or look at it with:\n"
                << "  " << bin << " progress --data " << dir << "\n"
                << "  " << bin << " tally --data " << dir << "\n"
                << "  " << bin << " conflicts --data " << dir << "\n"
                << "  " << bin << " devices --data " << dir << "\n"
                << "stop it with: kill " << tallyd_->pid() << "\n";
    } else {
      std::cout << "tallyd has stopped (--keep leaves it running); to look again, start it,\n"
                << "open the console, or ask:\n"
                << "  " << bin << " serve --data " << dir << " &\n"
                << console << "  " << bin << " tally --data " << dir
                << "   (also: progress, conflicts, devices)\n";
    }
    std::cout << "  " << bin << " verify "
              << audit_verify_arguments(night_dir_ + "/election.json", data_dir_ + "/export")
              << "\n";
    if (stores_kept()) {
      std::cout << "  tally-officer --store " << device_dir_ << "/"
                << dataset_.records.front().form.station_id << ".a.db show "
                << dataset_.records.front().form.to_string() << "\n";
    }
  }

  const NightOptions& options_;
  Clock::time_point started_;
  std::string data_dir_;
  std::string night_dir_;
  std::string device_dir_;
  Dataset dataset_;
  std::optional<Tallyd> tallyd_;
  Tallyd::ConsoleLogin console_login_;
  http::ApiTarget api_endpoint_;
  std::optional<OperatorApi> api_;
  Roster roster_;
  std::vector<Worker> workers_;
  std::vector<std::pair<Clock::time_point, std::size_t>> kills_;
  std::size_t kills_done_ = 0;
  std::int64_t night_start_ms_ = 0;
  Clock::time_point night_start_;
  Clock::time_point officers_done_at_;
  Clock::time_point night_end_;
  ProgressDisplay display_;
  std::map<std::string, std::uint64_t> second_round_counters_;
};

}  // namespace

int run_night(const NightOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  NightRun night(options);
  return night.run();
}

}  // namespace tally::demo

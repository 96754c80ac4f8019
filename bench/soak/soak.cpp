// tally-soak (issue 21, "Soak"): the real tallyd over TLS for a long run at a steady rate,
// watched for growth. One officer device per station of a Thái Nguyên-sized synthetic
// election (1,439 stations) uploads batches of edits so that the whole fleet keeps the
// asked rate; every 10 s the server's RSS and open descriptors are sampled. At the end
// tallyd is restarted and every device says Hello again: the counter tallyd holds for each
// device must equal its last Ack (nothing acked lost) and the log must hold exactly the
// acked ops (nothing twice).
//
// Not part of the test command: scripts/soak.sh runs it (an hour by default) and writes its
// figures to bench/soak-run.md and docs/reliability.md ("Soak").
// Exit codes: 0 every goal met; 1 a goal missed or the run failed; 2 usage error.
#include <boost/asio/steady_timer.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/rig.hpp"
#include "ingest/workload.hpp"
#include "tally/engine/messages.hpp"

namespace tally::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Thái Nguyên's polling stations.
constexpr std::size_t kStations = 1'439;
// Ops per upload batch: an officer's few edits between two syncs.
constexpr std::uint64_t kBatchOps = 10;
constexpr auto kTick = std::chrono::milliseconds(100);
constexpr auto kSampleEvery = std::chrono::seconds(10);
// Growth is measured from this point on: start-up, caches and SQLite's page cache fill
// in the first minutes.
constexpr auto kSettle = std::chrono::minutes(5);
constexpr double kMaxRssGrowthPct = 5.0;

struct Sample {
  double minutes = 0;
  std::size_t rss_kib = 0;
  std::size_t open_fds = 0;
  std::uint64_t acked = 0;
};

// One device's part of the load.
struct DeviceLoad {
  std::uint64_t next_counter = 1;
  std::uint64_t acked = 0;
  bool busy = false;
  engine::DotSet context;  // the device's ops so far
};

class Soak {
 public:
  Soak(IngestRig& rig, double rate, Clock::duration length)
      : rig_(rig), rate_(rate), length_(length), loads_(rig.devices()), timer_(rig.io()) {}

  // Runs the load for the whole length, then waits for the batches in flight; the first
  // upload error stops it.
  Status run() {
    started_ = Clock::now();
    next_sample_ = started_;
    tick();
    rig_.io().restart();
    rig_.io().run();
    return failure_;
  }

  [[nodiscard]] const std::vector<Sample>& samples() const { return samples_; }
  [[nodiscard]] std::uint64_t acked() const { return acked_; }
  [[nodiscard]] std::uint64_t acked_of(std::size_t device) const { return loads_[device].acked; }
  [[nodiscard]] double seconds() const {
    return std::chrono::duration<double>(finished_ - started_).count();
  }

 private:
  void tick() {
    const auto now = Clock::now();
    if (now >= next_sample_) sample(now);
    if (!failure_ || now - started_ >= length_) {
      if (in_flight_ == 0) {
        finished_ = now;
        sample(now);
        rig_.io().stop();  // the idle devices' reads would keep it running
        return;
      }
    } else {
      const double elapsed = std::chrono::duration<double>(now - started_).count();
      while (static_cast<double>(sent_ + kBatchOps) <= rate_ * elapsed && send_next()) {
      }
    }
    timer_.expires_after(kTick);
    timer_.async_wait([this](const boost::system::error_code&) { tick(); });
  }

  // The next idle device (round robin) uploads its next batch; false if all are busy.
  bool send_next() {
    for (std::size_t tried = 0; tried < loads_.size(); ++tried) {
      const std::size_t index = cursor_++ % loads_.size();
      auto& load = loads_[index];
      if (load.busy) continue;
      auto& device = rig_.device(index);
      engine::UploadBatchMessage batch;
      for (std::uint64_t i = 0; i < kBatchOps; ++i) {
        const std::uint64_t counter = load.next_counter++;
        batch.ops.push_back(soak_op(index, device.id(), counter, load.context));
        load.context.add(batch.ops.back().dot);
      }
      load.busy = true;
      ++in_flight_;
      sent_ += kBatchOps;
      device.upload(engine::encode(batch), [this, index](const Status& status) {
        auto& done = loads_[index];
        done.busy = false;
        --in_flight_;
        if (!status) {
          if (failure_) failure_ = status;
          return;
        }
        const std::uint64_t now_acked = rig_.device(index).last_ack().acked_counter;
        acked_ += now_acked - done.acked;
        done.acked = now_acked;
      });
      return true;
    }
    return false;
  }

  void sample(Clock::time_point now) {
    const auto stats = rig_.server_stats();
    samples_.push_back({std::chrono::duration<double, std::ratio<60>>(now - started_).count(),
                        stats.rss_kib, stats.open_fds, acked_});
    next_sample_ = now + kSampleEvery;
  }

  IngestRig& rig_;
  double rate_;
  Clock::duration length_;
  std::vector<DeviceLoad> loads_;
  boost::asio::steady_timer timer_;
  Clock::time_point started_;
  Clock::time_point finished_;
  Clock::time_point next_sample_;
  std::vector<Sample> samples_;
  std::size_t cursor_ = 0;
  std::size_t in_flight_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t acked_ = 0;
  Status failure_;
};

// The first sample at or after `minutes`, or the last.
const Sample& sample_at(const std::vector<Sample>& samples, double minutes) {
  for (const auto& sample : samples) {
    if (sample.minutes >= minutes) return sample;
  }
  return samples.back();
}

// Reports a failed step of the run; the exit code of a failed run.
int failed(const Error& error) {
  std::cerr << "tally-soak: " << error.to_string() << "\n";
  return 1;
}

int soak(double minutes, double rate, const std::string& out_path) {
  const std::string load_before = [] {
    std::ifstream loadavg("/proc/loadavg");
    std::string one, five, fifteen;
    loadavg >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
  }();
  auto rig = IngestRig::prepare(kStations);
  if (!rig) return failed(rig.error());
  if (auto status = (*rig)->restart(true); !status) {
    return failed(status.error());
  }
  if (auto hello = (*rig)->hello_all(100); !hello) {
    return failed(hello.error());
  }
  std::cerr << "tally-soak: " << kStations << " devices connected over TLS; " << rate
            << " ops/s for " << minutes << " min\n";
  Soak load(**rig, rate,
            std::chrono::duration_cast<Clock::duration>(
                std::chrono::duration<double, std::ratio<60>>(minutes)));
  if (auto status = load.run(); !status) {
    return failed(status.error());
  }

  // Restart tallyd (recovery from its store) and ask every device what tallyd holds.
  (*rig)->disconnect_all();
  const auto restart_began = Clock::now();
  const auto restarted = (*rig)->restart(true);
  const double restart_seconds =
      std::chrono::duration<double>(Clock::now() - restart_began).count();
  if (!restarted) return failed(restarted.error());
  if (auto hello = (*rig)->hello_all(100); !hello) {
    return failed(hello.error());
  }
  std::uint64_t lost = 0;
  std::uint64_t held = 0;
  for (std::size_t i = 0; i < (*rig)->devices(); ++i) {
    const std::uint64_t welcomed = (*rig)->device(i).welcomed_counter();
    held += welcomed;
    if (welcomed < load.acked_of(i)) lost += load.acked_of(i) - welcomed;
  }
  auto figures = (*rig)->commit_figures();
  if (!figures) return failed(figures.error());
  const auto log = static_cast<std::uint64_t>(figures->log_index);
  // The log holds exactly the devices' gap-free counters: more entries would be ops
  // logged twice. (Ops sent but not acked may be held: the device would resend them.)
  const std::uint64_t duplicated = log > held ? log - held : 0;

  const auto& samples = load.samples();
  const double settle = std::chrono::duration<double, std::ratio<60>>(kSettle).count();
  const Sample& settled = sample_at(samples, std::min(settle, samples.back().minutes));
  const Sample& last = samples.back();
  std::size_t peak_kib = 0;
  for (const auto& sample : samples) peak_kib = std::max(peak_kib, sample.rss_kib);
  const double growth_pct =
      100.0 * (static_cast<double>(last.rss_kib) - static_cast<double>(settled.rss_kib)) /
      static_cast<double>(settled.rss_kib);
  const long fd_growth = static_cast<long>(last.open_fds) - static_cast<long>(settled.open_fds);
  const bool met = growth_pct <= kMaxRssGrowthPct && fd_growth <= 0 && lost == 0 &&
                   duplicated == 0 && minutes * 60.0 <= load.seconds() + 1.0;

  std::ostringstream report;
  report << std::fixed << std::setprecision(1);
  char date[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  report << "## Soak (tally-soak, issue 21)\n"
         << "Recorded by `scripts/soak.sh` (" << date
         << "; load average before the run: " << load_before << "): `tally-soak --minutes "
         << minutes << " --rate " << rate << "`, " << kStations
         << " officer devices over TLS, batches of " << kBatchOps << " ops.\n\n"
         << "| figure | value | goal | met |\n| --- | ---: | ---: | :---: |\n"
         << "| run | " << load.seconds() / 60.0 << " min, " << load.acked() << " ops acked ("
         << static_cast<double>(load.acked()) / load.seconds() << " ops/s) | " << minutes
         << " min at " << rate << " ops/s | "
         << (static_cast<double>(load.acked()) / load.seconds() >= 0.98 * rate ? "yes" : "no")
         << " |\n"
         << "| server RSS | " << settled.rss_kib / 1024 << " MiB at " << settled.minutes << " min, "
         << last.rss_kib / 1024 << " MiB at the end (peak " << peak_kib / 1024
         << " MiB): " << (growth_pct >= 0 ? "+" : "") << growth_pct << "% | ≤ +" << kMaxRssGrowthPct
         << "% after " << settle << " min | " << (growth_pct <= kMaxRssGrowthPct ? "yes" : "no")
         << " |\n"
         << "| open descriptors | " << settled.open_fds << " at " << settled.minutes << " min, "
         << last.open_fds << " at the end | no growth | " << (fd_growth <= 0 ? "yes" : "no")
         << " |\n"
         << "| acked ops lost (tallyd restarted, every device's Welcome against its last Ack) | "
         << lost << " | 0 | " << (lost == 0 ? "yes" : "no") << " |\n"
         << "| tallyd restarted on the soak's log (stop, start-up replay, listening) | "
         << restart_seconds << " s | | |\n"
         << "| ops logged twice (log entries " << log << ", counters held " << held << ") | "
         << duplicated << " | 0 | " << (duplicated == 0 ? "yes" : "no") << " |\n\n"
         << "Samples (minute: server RSS MiB, descriptors, ops acked):";
  double next_minute = 0;
  for (const auto& sample : samples) {
    if (sample.minutes + 1e-9 < next_minute && &sample != &samples.back()) continue;
    report << " " << static_cast<int>(sample.minutes) << ": " << sample.rss_kib / 1024 << ", "
           << sample.open_fds << ", " << sample.acked << ";";
    next_minute = sample.minutes + std::max(1.0, minutes / 12.0);
  }
  report << "\n";
  std::cout << report.str();
  if (!out_path.empty()) std::ofstream(out_path) << report.str();
  return met ? 0 : 1;
}

}  // namespace
}  // namespace tally::bench

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  double minutes = 60;
  double rate = 4'600;
  std::string out;
  po::options_description options("options");
  options.add_options()("help,h", "print this help")(
      "minutes", po::value(&minutes)->default_value(minutes), "length of the run")(
      "rate", po::value(&rate)->default_value(rate),
      "ops per second of the whole fleet (default: twice the demo night's 2,300)")(
      "out", po::value(&out), "also write the report (markdown) to this file");
  po::variables_map values;
  try {
    po::store(po::parse_command_line(argc, argv, options), values);
    po::notify(values);
  } catch (const po::error& error) {
    std::cerr << "tally-soak: " << error.what() << "\n";
    return 2;
  }
  if (values.count("help") != 0) {
    std::cout << "usage: tally-soak [options]\n" << options;
    return 0;
  }
  if (minutes <= 0 || rate <= 0) {
    std::cerr << "tally-soak: --minutes and --rate must be positive\n";
    return 2;
  }
  return tally::bench::soak(minutes, rate, out);
}

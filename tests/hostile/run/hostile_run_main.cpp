// hostile-run: the long hostile run of docs/security.md ("Hostile run"), driven by
// scripts/hostile-run.sh against a real tallyd (TLS, loopback) it started. For --seconds
// it cycles through attacks from 127.0.0.2..9 while it checks, from 127.0.0.1, that
// /healthz answers within 1 s (a fresh TLS connection every 250 ms) and that two devices
// connected before the attack keep syncing (an upload acked and pushed live every 500 ms).
// Prints the figures; exit 0 when every probe and every sync held.
#include <atomic>
#include <boost/program_options.hpp>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "raw_connection.hpp"
#include "raw_tls_connection.hpp"
#include "tally/engine/dot_set.hpp"
#include "test_device.hpp"

namespace tally::testkit {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

const engine::FormId kGoodForm{"TN-0002", "NA-01"};
constexpr milliseconds kHealthBound{1000};
constexpr std::size_t kAttackAddresses = 8;  // 127.0.0.2 .. 127.0.0.9

// A figure of the run: how many, how many failed, the slowest.
struct Figure {
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> failed{0};
  std::atomic<std::int64_t> max_ms{0};
  void record(bool ok, milliseconds took) {
    ++count;
    if (!ok) ++failed;
    std::int64_t seen = max_ms.load();
    while (took.count() > seen && !max_ms.compare_exchange_weak(seen, took.count())) {
    }
  }
};

std::string attack_address(std::size_t i) {
  return "127.0.0." + std::to_string(2 + i % kAttackAddresses);
}

std::string header_of(std::size_t bytes) {
  return "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(bytes, 'a') + "\r\n\r\n";
}

class HostileRun {
 public:
  HostileRun(unsigned short port, std::string ca_file)
      : port_(port), ca_file_(std::move(ca_file)) {}

  bool connect_devices(const std::string& uploader_code, const std::string& listener_code) {
    for (auto [device, code] :
         {std::pair{&uploader_, uploader_code}, {&listener_, listener_code}}) {
      *device = std::make_unique<TestDevice>("127.0.0.1", port_, ca_file_);
      auto enrolled = (*device)->enrol(code);
      auto welcome =
          enrolled ? (*device)->hello() : Result<engine::WelcomeMessage>(enrolled.error());
      if (!welcome) {
        std::cerr << "hostile-run: device: " << welcome.error().to_string() << "\n";
        return false;
      }
    }
    // The listener asks for its station's ops once; from then on they are pushed live.
    if (!listener_->send(engine::DownloadRequestMessage{0})) return false;
    while (true) {
      auto page = listener_->receive_a<engine::PushedOpsMessage>();
      if (!page) return false;
      if (page->up_to_date) return true;
    }
  }

  void run(std::chrono::seconds duration) {
    const auto end = Clock::now() + duration;
    std::thread health([&] {
      while (Clock::now() < end) probe_health();
    });
    std::thread sync([&] {
      while (Clock::now() < end) sync_once();
    });
    const std::vector<std::pair<const char*, void (HostileRun::*)()>> attacks{
        {"descriptor exhaustion", &HostileRun::exhaust_descriptors},
        {"silent TLS handshakes", &HostileRun::silent_handshakes},
        {"oversized headers and garbage", &HostileRun::oversized_headers},
        {"slowloris", &HostileRun::slowloris},
        {"bad enrolments and Hellos", &HostileRun::bad_devices}};
    for (std::size_t round = 0; Clock::now() < end; ++round) {
      const auto& [name, attack] = attacks[round % attacks.size()];
      std::cout << "attack " << round << ": " << name << std::endl;
      (this->*attack)();
    }
    health.join();
    sync.join();
  }

  bool report() const {
    std::cout << "healthz probes: " << health_.count << ", failed or over 1 s: " << health_.failed
              << ", slowest " << health_.max_ms << " ms\n"
              << "syncs (upload acked and pushed): " << syncs_.count
              << ", failed: " << syncs_.failed << ", slowest " << syncs_.max_ms << " ms\n"
              << "attack connections: " << attack_connections_ << "\n";
    return health_.failed == 0 && syncs_.failed == 0 && health_.count > 0 && syncs_.count > 0;
  }

 private:
  void probe_health() {
    const auto started = Clock::now();
    RawTlsConnection connection(port_, kHealthBound);
    bool closed = false;
    const std::string answer =
        connection.ok() &&
                connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            ? connection.receive_until_closed(kHealthBound, &closed)
            : std::string{};
    const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    const bool ok = answer.rfind("HTTP/1.1 200", 0) == 0 && took < kHealthBound;
    if (!ok) std::cout << "healthz failed after " << took.count() << " ms" << std::endl;
    health_.record(ok, took);
    std::this_thread::sleep_for(milliseconds(250));
  }

  void sync_once() {
    const auto started = Clock::now();
    auto op = uploader_->set_op(kGoodForm, "notes", "hostile run " + std::to_string(++edits_));
    // The note covers the device's earlier one: the field keeps one value all night.
    op.context = engine::DotSet::from_devices({{uploader_->id(), {op.dot.counter - 1, {}}}});
    auto ack = uploader_->upload({op});
    bool pushed = false;
    while (ack && !pushed) {
      auto push = listener_->receive_a<engine::PushedOpsMessage>();
      if (!push) break;
      for (const auto& entry : push->entries) pushed = pushed || entry.op.dot == op.dot;
    }
    const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    if (!pushed) {
      std::cout << "sync failed: " << (ack ? std::string("no push") : ack.error().to_string())
                << std::endl;
    }
    syncs_.record(pushed, took);
    std::this_thread::sleep_for(milliseconds(500));
  }

  // More idle TCP connections than tallyd has descriptors (1,024 in the script), from
  // eight addresses, held past the handshake timeout, then dropped.
  void exhaust_descriptors() {
    std::vector<RawConnection> flood;
    for (std::size_t i = 0; i < 1600; ++i) {
      flood.emplace_back(port_, attack_address(i));
      if (flood.back().ok()) ++attack_connections_;
    }
    std::this_thread::sleep_for(std::chrono::seconds(12));
  }

  // `count` TLS connections that have completed their handshake, from the attack addresses.
  std::vector<std::unique_ptr<RawTlsConnection>> tls_attackers(std::size_t count) {
    std::vector<std::unique_ptr<RawTlsConnection>> connections;
    for (std::size_t i = 0; i < count; ++i) {
      connections.push_back(
          std::make_unique<RawTlsConnection>(port_, milliseconds(5000), attack_address(i)));
      ++attack_connections_;
    }
    return connections;
  }

  void silent_handshakes() {
    const auto silent = tls_attackers(300);
    std::this_thread::sleep_for(std::chrono::seconds(12));
  }

  void oversized_headers() {
    for (int i = 0; i < 40; ++i) {
      RawTlsConnection connection(port_, milliseconds(5000),
                                  attack_address(static_cast<std::size_t>(i)));
      bool closed = false;
      if (connection.ok() && connection.send(header_of(i % 4 == 0 ? 1024 * 1024 : 16 * 1024))) {
        connection.receive_until_closed(milliseconds(5000), &closed);
      }
      RawConnection garbage(port_, attack_address(static_cast<std::size_t>(i)));
      garbage.send(std::string(4096, '\x16'));
      garbage.wait_closed(milliseconds(5000));
      attack_connections_ += 2;
    }
  }

  // Header bytes trickled every 500 ms over TLS, past the HTTP timeout.
  void slowloris() {
    const auto slow = tls_attackers(100);
    const std::string header = header_of(64);
    for (std::size_t at = 0; at < 40; ++at) {
      for (auto& connection : slow) {
        if (connection->ok()) connection->send(header.substr(at % header.size(), 1));
      }
      std::this_thread::sleep_for(milliseconds(500));
    }
  }

  // Devices the server must refuse over the protocol: a made-up enrolment code, a Hello
  // of a key never enrolled.
  void bad_devices() {
    for (int i = 0; i < 50; ++i) {
      TestDevice stranger("127.0.0.1", port_, ca_file_);
      (void)stranger.enrol("AAAA-BBBB-CCCC-DDDD");
      TestDevice unknown("127.0.0.1", port_, ca_file_);
      (void)unknown.hello();
      attack_connections_ += 2;
    }
  }

  unsigned short port_;
  std::string ca_file_;
  std::unique_ptr<TestDevice> uploader_;
  std::unique_ptr<TestDevice> listener_;
  int edits_ = 0;
  Figure health_;
  Figure syncs_;
  std::atomic<std::uint64_t> attack_connections_{0};
};

}  // namespace
}  // namespace tally::testkit

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  unsigned short port = 0;
  std::string ca_file;
  std::vector<std::string> codes;
  unsigned seconds = 600;
  po::options_description options("hostile-run options");
  options.add_options()("port", po::value(&port)->required(), "tallyd's port on 127.0.0.1")(
      "ca", po::value(&ca_file)->required(), "tallyd's certificate (DATA/tls-cert.pem)")(
      "code", po::value(&codes)->required(), "two officer codes of TN-0002 (given twice)")(
      "seconds", po::value(&seconds), "length of the run");
  po::variables_map values;
  try {
    po::store(po::parse_command_line(argc, argv, options), values);
    po::notify(values);
  } catch (const std::exception& error) {
    std::cerr << "hostile-run: " << error.what() << "\n" << options;
    return 1;
  }
  if (codes.size() != 2) {
    std::cerr << "hostile-run: give --code twice\n";
    return 1;
  }
  tally::testkit::HostileRun run(port, ca_file);
  if (!run.connect_devices(codes[0], codes[1])) return 1;
  run.run(std::chrono::seconds(seconds));
  return run.report() ? 0 : 1;
}

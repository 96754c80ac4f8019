// chaos-proxy: the fault tests' chaos TCP proxy as a command, for trying faults by hand
// between a client (tally-officer, tally-night's devices) and tallyd. Prints the port it
// listens on, forwards until SIGINT/SIGTERM, then prints what it did. docs/reliability.md
// lists the flags.
#include <boost/program_options.hpp>
#include <csignal>
#include <iostream>
#include <thread>

#include "chaos_proxy.hpp"

namespace {

namespace po = boost::program_options;
using tally::faults::LinkFaults;

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// The flags of one direction, prefixed "up-" (client → target) or "down-".
struct DirectionFlags {
  std::int64_t latency_ms = 0;
  std::int64_t jitter_ms = 0;
  std::size_t bandwidth = 0;
  double reset = 0;
  double cut = 0;
  double stall = 0;
  std::int64_t stall_ms = 0;

  void add(po::options_description& options, const std::string& prefix, const std::string& what) {
    options.add_options()((prefix + "latency-ms").c_str(), po::value(&latency_ms)->default_value(0),
                          ("added latency " + what).c_str())(
        (prefix + "jitter-ms").c_str(), po::value(&jitter_ms)->default_value(0),
        ("plus uniform [0, this] " + what).c_str())(
        (prefix + "bandwidth").c_str(), po::value(&bandwidth)->default_value(0),
        ("bytes per second " + what + " (0: no cap)").c_str())(
        (prefix + "reset-chance").c_str(), po::value(&reset)->default_value(0),
        ("chance per chunk " + what + " to reset the connection").c_str())(
        (prefix + "cut-chance").c_str(), po::value(&cut)->default_value(0),
        ("chance per chunk " + what + " to forward part of it and close").c_str())(
        (prefix + "stall-chance").c_str(), po::value(&stall)->default_value(0),
        ("chance per chunk " + what + " to stall first").c_str())(
        (prefix + "stall-ms").c_str(), po::value(&stall_ms)->default_value(0),
        ("length of a stall " + what).c_str());
  }

  [[nodiscard]] LinkFaults faults() const {
    LinkFaults faults;
    faults.latency = std::chrono::milliseconds(latency_ms);
    faults.jitter = std::chrono::milliseconds(jitter_ms);
    faults.bytes_per_second = bandwidth;
    faults.reset_chance = reset;
    faults.cut_chance = cut;
    faults.stall_chance = stall;
    faults.stall = std::chrono::milliseconds(stall_ms);
    return faults;
  }
};

}  // namespace

int main(int argc, char** argv) {
  tally::faults::ProxyOptions options;
  DirectionFlags up;
  DirectionFlags down;
  po::options_description described("chaos-proxy options");
  described.add_options()("help,h", "show this help")(
      "listen", po::value(&options.listen_port)->default_value(0),
      "port on 127.0.0.1 to listen on (0: any)")(
      "target-port", po::value(&options.target_port)->required(), "tallyd's port on --target-host")(
      "target-host", po::value(&options.target_host)->default_value("127.0.0.1"), "IP address")(
      "seed", po::value(&options.seed)->default_value(1), "seed of every random choice");
  up.add(described, "up-", "client to target");
  down.add(described, "down-", "target to client");
  po::variables_map values;
  try {
    po::store(po::parse_command_line(argc, argv, described), values);
    if (values.count("help") != 0) {
      std::cout << "usage: chaos-proxy --target-port P [options]\n" << described;
      return 0;
    }
    po::notify(values);
  } catch (const po::error& error) {
    std::cerr << "chaos-proxy: " << error.what() << "\n" << described;
    return 2;
  }
  options.upstream = up.faults();
  options.downstream = down.faults();
  auto proxy = tally::faults::ChaosProxy::start(options);
  if (!proxy) {
    std::cerr << "chaos-proxy: " << proxy.error().to_string() << "\n";
    return 1;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::cout << "listening 127.0.0.1:" << (*proxy)->port() << " -> " << options.target_host << ":"
            << options.target_port << std::endl;
  while (g_stop == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto figures = (*proxy)->figures();
  std::cout << "connections " << figures.connections << ", refused " << figures.refused
            << ", resets " << figures.resets << ", cuts " << figures.cuts << ", stalls "
            << figures.stalls << ", bytes up " << figures.bytes_up << ", down "
            << figures.bytes_down << std::endl;
  return 0;
}

// A chaos TCP proxy for fault tests: listens on 127.0.0.1 and forwards every connection to
// a target (tallyd), injecting faults per direction: latency and jitter, a bandwidth cap,
// connections reset at random (RST), connections cut after a random prefix of a chunk (a
// frame cut in the middle, then FIN), and stalls. It also partitions on demand: every open
// connection is reset and new ones are closed at once until heal(). TLS passes through
// untouched (it is plain TCP). Seeded; runs on its own thread. Used by tests/faults and by
// the chaos-proxy tool (tools/chaos_proxy_main.cpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "tally/error.hpp"

namespace tally::faults {

// The faults of one direction of every connection. Chunks are what one read returns
// (at most 16 KiB); each is delayed, then forwarded whole, in order, one at a time.
struct LinkFaults {
  std::chrono::milliseconds latency{0};  // added to every chunk
  std::chrono::milliseconds jitter{0};   // plus uniform [0, jitter]
  std::size_t bytes_per_second = 0;      // bandwidth cap (0: none)
  double reset_chance = 0;               // per chunk: reset the connection instead (RST)
  double cut_chance = 0;                 // per chunk: forward a random prefix, then close
  double stall_chance = 0;               // per chunk: stop forwarding for `stall` first
  std::chrono::milliseconds stall{0};
};

struct ProxyOptions {
  unsigned short listen_port = 0;  // 0: any free port (see ChaosProxy::port())
  std::string target_host = "127.0.0.1";
  unsigned short target_port = 0;
  std::uint64_t seed = 1;
  LinkFaults upstream;    // client → target
  LinkFaults downstream;  // target → client
};

// What the proxy did so far.
struct ProxyFigures {
  std::uint64_t connections = 0;  // accepted and forwarded
  std::uint64_t refused = 0;      // accepted during a partition (closed at once) or target down
  std::uint64_t resets = 0;       // connections reset by reset_chance or a partition
  std::uint64_t cuts = 0;         // connections cut in the middle of a chunk
  std::uint64_t stalls = 0;
  std::uint64_t bytes_up = 0;
  std::uint64_t bytes_down = 0;
};

class ChaosProxy {
 public:
  // Binds 127.0.0.1:listen_port and starts forwarding.
  static Result<std::unique_ptr<ChaosProxy>> start(const ProxyOptions& options);
  ~ChaosProxy();  // stops the thread, closing every connection
  ChaosProxy(const ChaosProxy&) = delete;
  ChaosProxy& operator=(const ChaosProxy&) = delete;

  [[nodiscard]] unsigned short port() const;
  // Replaces the faults for chunks forwarded from now on.
  void set_faults(const LinkFaults& upstream, const LinkFaults& downstream);
  // Cuts the network: resets every open connection and closes new ones at once.
  void partition();
  // Ends a partition.
  void heal();
  [[nodiscard]] ProxyFigures figures() const;

 private:
  struct Impl;
  explicit ChaosProxy(std::unique_ptr<Impl> impl);
  // Runs `task` on the proxy's thread and waits for it.
  void run_on_io(std::function<void()> task);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::faults

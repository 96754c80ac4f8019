// The real tallyd for the client's integration tests: `tallyd init` with the test
// election (test_reference.hpp) into a temporary data directory, `tallyd serve` over TLS
// on a loopback port that stays the same across restarts (a device keeps its server URL),
// stop with SIGTERM or crash with SIGKILL, one-time codes with `tallyd enrol`, and copies
// of the data directory to play "restored from an old backup".
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tally/engine/messages.hpp"

namespace tally::client::testing {

class TallydServer {
 public:
  // Initialises the data directory under `dir`; check initialised().
  explicit TallydServer(const std::string& dir);
  ~TallydServer();  // SIGKILL if still running
  TallydServer(const TallydServer&) = delete;
  TallydServer& operator=(const TallydServer&) = delete;

  [[nodiscard]] bool initialised() const { return initialised_; }
  // Starts `tallyd serve` (TLS) on the port of the first start (any free port then) and
  // waits until it listens.
  bool start();
  // SIGTERM and wait (graceful shutdown).
  void stop();
  // SIGKILL and wait: a crash.
  void kill_hard();
  [[nodiscard]] bool running() const { return pid_ > 0; }

  // wss://127.0.0.1:PORT/sync and the server's certificate (PEM), which devices trust.
  [[nodiscard]] std::string url() const;
  [[nodiscard]] std::string ca_pem() const;
  [[nodiscard]] std::string ca_file() const;
  // A one-time code for a device of `station` (empty for non-officers) with `role`.
  std::string enrolment_code(const std::string& station, const std::string& role);

  // Copies the data directory aside / puts the copy back (server stopped).
  void backup(const std::string& name);
  void restore(const std::string& name);

 private:
  std::string dir_;
  std::string data_;
  bool initialised_ = false;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace tally::client::testing

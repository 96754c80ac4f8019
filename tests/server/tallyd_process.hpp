// Runs the real tallyd binary for integration tests: `tallyd init` into a temporary data
// directory, then `tallyd serve` on 127.0.0.1 port 0 in a child process, waiting for the
// port file. The child is stopped (SIGTERM, or SIGKILL to simulate a crash) by the test
// or, at the latest, by the destructor.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace tally::server::testing {

// Runs tallyd with `args` to completion; returns its exit code (stdout into `output`).
int run_tallyd(const std::vector<std::string>& args, std::string* output = nullptr);

class TallydProcess {
 public:
  // Initialises a data directory with the test election and the station-count schema.
  TallydProcess();
  TallydProcess(const TallydProcess&) = delete;
  TallydProcess& operator=(const TallydProcess&) = delete;
  ~TallydProcess();

  // Starts `tallyd serve` (plain unless `tls`) with `extra` flags and waits for its port.
  bool start(bool tls = false, const std::vector<std::string>& extra = {});
  // SIGTERM and wait (graceful); returns the exit status.
  int stop();
  // SIGKILL and wait: a crash.
  void kill_hard();

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] const std::string& data_dir() const { return data_; }
  [[nodiscard]] std::string file(const std::string& name) const { return data_ + "/" + name; }
  [[nodiscard]] std::string operator_token() const;
  [[nodiscard]] std::string url() const;
  [[nodiscard]] bool initialised() const { return initialised_; }

 private:
  TempDir dir_;
  std::string data_;
  bool initialised_ = false;
  bool tls_ = false;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

// The repository's test election and schema.
std::string test_election_path();
std::string test_schema_path();

}  // namespace tally::server::testing

// The real tallyd binary for tests and benchmarks: `tallyd init` into a temporary data
// directory, then `tallyd serve` on 127.0.0.1 in a child process, waiting for the port
// file. The first start takes any free port; a restart reuses it (a device keeps its
// server URL), retrying while a crashed predecessor's socket lingers. The child is stopped
// (SIGTERM, or SIGKILL to simulate a crash) by the test or, at the latest, by the
// destructor. A sanitizer report in tallyd's stderr fails the running test (asan-ubsan
// and tsan presets).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace tally::testkit {

// Runs `binary` with `args` to completion; returns its exit code (stdout into `output`,
// stderr into `errors`); a sanitizer report in its stderr fails the running test.
int run_program(const std::string& binary, const std::vector<std::string>& args,
                std::string* output = nullptr, std::string* errors = nullptr);

// Runs tallyd with `args` to completion; returns its exit code (stdout into `output`,
// stderr into `errors`).
int run_tallyd(const std::vector<std::string>& args, std::string* output = nullptr,
               std::string* errors = nullptr);

// The repository's small test election (tests/server/data) and the station-count schema.
std::string test_election_path();
std::string test_schema_path();

// The text of a file, empty if it cannot be read.
std::string read_file(const std::string& path);

class TallydProcess {
 public:
  // Initialises a data directory with `definition_path` (default: the test election) and
  // the station-count schema; check initialised().
  explicit TallydProcess(const std::string& definition_path = test_election_path());
  TallydProcess(const TallydProcess&) = delete;
  TallydProcess& operator=(const TallydProcess&) = delete;
  ~TallydProcess();

  // Starts `tallyd serve` (plain unless `tls`) with `extra` flags and waits until it
  // listens. False if it exited or never listened (see file("serve.log")).
  bool start(bool tls = false, const std::vector<std::string>& extra = {});
  // SIGTERM and wait (graceful); returns the exit status (-1 if not running).
  int stop();
  // SIGKILL and wait: a crash.
  void kill_hard();
  [[nodiscard]] bool running() const { return pid_ > 0; }
  [[nodiscard]] pid_t pid() const { return pid_; }

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] const std::string& data_dir() const { return data_; }
  [[nodiscard]] std::string file(const std::string& name) const { return data_ + "/" + name; }
  [[nodiscard]] std::string operator_token() const;
  // The URL tallyd wrote once it listened (DATA/tallyd.url).
  [[nodiscard]] std::string url() const;
  // The WebSocket URL devices are given: ws(s)://127.0.0.1:PORT/sync.
  [[nodiscard]] std::string sync_url() const;
  // The server's certificate (PEM file, and its text), which devices trust.
  [[nodiscard]] std::string ca_file() const { return file("tls-cert.pem"); }
  [[nodiscard]] std::string ca_pem() const { return read_file(ca_file()); }
  [[nodiscard]] bool initialised() const { return initialised_; }

  // A one-time code from `tallyd enrol` for `role` (with `station` for an officer);
  // empty on failure.
  std::string enrolment_code(const std::string& station, const std::string& role);
  // Runs `tallyd SUBCOMMAND --data DATA args...`; returns its exit code.
  int run(const std::string& subcommand, const std::vector<std::string>& args = {},
          std::string* output = nullptr, std::string* errors = nullptr) const;

  // Copies the data directory aside / puts the copy back (server stopped).
  void backup(const std::string& name) const;
  void restore(const std::string& name) const;

 private:
  // Fails the running test if tallyd's stderr (serve.log) got a sanitizer report since the
  // last check; called whenever the server process has ended.
  void check_serve_log();

  TempDir dir_;
  std::string data_;
  bool initialised_ = false;
  bool tls_ = false;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::size_t serve_log_checked_ = 0;  // bytes of serve.log already checked
};

}  // namespace tally::testkit

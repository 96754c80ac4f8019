// The real tallyd as tally-night drives it: `tallyd init` of a fresh data directory,
// `tallyd serve` as a child process (TLS on 127.0.0.1, port 0, its log in DATA/tallyd.log),
// waiting until it listens, stopping it (SIGTERM), and the offline operator commands run
// in their own processes: `tallyd user add` (the console's login), `tallyd export` and the
// auditor's `tallyd verify`.
#pragma once

#include <chrono>
#include <string>

#include "process.hpp"
#include "tally/error.hpp"

namespace tally::demo {

class Tallyd {
 public:
  Tallyd(std::string binary, std::string data_dir);

  // `tallyd init --data DIR --definition F --schema F`.
  Status init(const std::string& definition, const std::string& schema);
  // A console account (`tallyd user add NAME --role ROLE`) with a fresh random password,
  // kept in DATA/console-NAME.password (owner-only) for the report to show.
  struct ConsoleLogin {
    std::string name;
    std::string password;
    std::string password_file;
  };
  Result<ConsoleLogin> add_console_login(const std::string& name, const std::string& role) const;
  // Starts `tallyd serve` and waits (up to `timeout`) for it to write its URL, from which
  // the devices' URL is made (same host and port, path /sync).
  Status start(std::chrono::milliseconds timeout);
  // Asks tallyd to stop (SIGTERM) and waits for it; true if it stopped cleanly.
  bool stop();
  // Leaves tallyd running when this object goes away (--keep).
  void detach() { process_.detach(); }
  [[nodiscard]] pid_t pid() const { return process_.pid(); }
  [[nodiscard]] bool running() { return !process_.poll(); }

  [[nodiscard]] const std::string& data_dir() const { return data_dir_; }
  [[nodiscard]] const std::string& binary() const { return binary_; }
  [[nodiscard]] const std::string& api_url() const { return api_url_; }  // https://127.0.0.1:P
  [[nodiscard]] const std::string& sync_url() const { return sync_url_; }  // wss://…:P/sync
  [[nodiscard]] std::string ca_file() const { return data_dir_ + "/tls-cert.pem"; }
  [[nodiscard]] std::string token_file() const { return data_dir_ + "/operator.token"; }
  [[nodiscard]] std::string log_file() const { return data_dir_ + "/tallyd.log"; }

  // Runs a tallyd subcommand to its end in its own process; its stdout is returned in
  // `output`, its stderr goes to DATA/tallyd.log.
  Result<ExitStatus> run(const std::vector<std::string>& arguments, std::string* output) const;

 private:
  std::string binary_;
  std::string data_dir_;
  std::string api_url_;
  std::string sync_url_;
  ChildProcess process_;
};

}  // namespace tally::demo

// Process control for tally-night: starts a program (fork + exec) with its stdin and
// stdout on pipes, reads its output line by line without blocking, kills it (SIGTERM or
// SIGKILL) and reaps it. Used by the orchestrator for tallyd, the device workers and the
// supervisors; nothing else in the demo forks.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "tally/error.hpp"

namespace tally::demo {

// How a child ended.
struct ExitStatus {
  bool exited = false;  // exited normally (else: killed by a signal)
  int code = 0;         // exit code, or the signal number
  [[nodiscard]] bool ok() const { return exited && code == 0; }
  [[nodiscard]] std::string describe() const;
};

// One child process. Not copyable; the destructor kills (SIGKILL) and reaps a child that
// is still running, unless it was released with detach().
class ChildProcess {
 public:
  struct Spec {
    std::vector<std::string> argv;  // argv[0] is the program path
    bool pipe_stdin = false;        // else /dev/null
    bool pipe_stdout = false;       // else inherited
    std::string stderr_file;        // empty: inherited
    bool stdout_to_stderr_file = false;  // without pipe_stdout: stdout into stderr_file too
    bool die_with_parent = false;        // SIGKILLed by the kernel if this process dies
  };

  static Result<ChildProcess> spawn(const Spec& spec);

  ChildProcess() = default;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] bool running() const { return pid_ > 0 && !status_; }
  [[nodiscard]] const std::optional<ExitStatus>& status() const { return status_; }

  // Complete lines the child has written to its stdout pipe since the last call (without
  // waiting); the stdout pipe's end is reported by stdout_closed().
  std::vector<std::string> read_lines();
  [[nodiscard]] bool stdout_closed() const { return stdout_fd_ < 0; }
  // Writes a line to the child's stdin pipe; false if the pipe is closed.
  bool write_line(const std::string& line);
  // Closes the child's stdin (the child sees end of file).
  void close_stdin();

  void send_signal(int signal);
  // Reaps the child if it has ended (without waiting); true once it has.
  bool poll();
  // Waits up to `timeout` for the child to end; true if it has.
  bool wait_for(std::chrono::milliseconds timeout);
  // Leaves the child running when this object goes away (tallyd under --keep).
  void detach();

 private:
  void reset();

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string pending_;
  std::optional<ExitStatus> status_;
};

// Runs a program to its end and returns its status, with stdout captured into `output`
// (if not null). Fails only if the program cannot be started.
Result<ExitStatus> run_to_end(const std::vector<std::string>& argv, std::string* output,
                              const std::string& stderr_file = {});

// This executable's own path (/proc/self/exe), for starting its worker subcommands.
std::string self_executable();

}  // namespace tally::demo

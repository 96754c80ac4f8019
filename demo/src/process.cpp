#include "process.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace tally::demo {
namespace {

Error system_error(const std::string& what) {
  return make_error(ErrorCode::kIoError, what + ": " + std::strerror(errno));
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

ExitStatus decode(int raw) {
  if (WIFEXITED(raw)) return ExitStatus{true, WEXITSTATUS(raw)};
  return ExitStatus{false, WIFSIGNALED(raw) ? WTERMSIG(raw) : 0};
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const ChildProcess::Spec& spec, std::vector<char*>& argv,
                             int stdin_read, int stdout_write, int stderr_fd) {
  if (stdin_read >= 0) {
    ::dup2(stdin_read, STDIN_FILENO);
  } else {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  }
  if (stdout_write >= 0) {
    ::dup2(stdout_write, STDOUT_FILENO);
  } else if (spec.stdout_to_stderr_file && stderr_fd >= 0) {
    ::dup2(stderr_fd, STDOUT_FILENO);
  }
  if (stderr_fd >= 0) ::dup2(stderr_fd, STDERR_FILENO);
  if (spec.die_with_parent) ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The orchestrator's other pipes must not leak into the child (a worker holding a
  // copy of another worker's stdin would keep it open after the orchestrator closes it).
  for (int fd = 3; fd < 1024; ++fd) ::close(fd);
  ::execv(spec.argv[0].c_str(), argv.data());
  _exit(127);
}

}  // namespace

std::string ExitStatus::describe() const {
  if (exited) return "exit code " + std::to_string(code);
  return std::string("signal ") + (code == SIGKILL ? "SIGKILL" : std::to_string(code));
}

Result<ChildProcess> ChildProcess::spawn(const Spec& spec) {
  std::array<int, 2> in_pipe{-1, -1};
  std::array<int, 2> out_pipe{-1, -1};
  if (spec.pipe_stdin && ::pipe2(in_pipe.data(), O_CLOEXEC) != 0) return system_error("pipe");
  if (spec.pipe_stdout && ::pipe2(out_pipe.data(), O_CLOEXEC) != 0) {
    close_fd(in_pipe[0]);
    close_fd(in_pipe[1]);
    return system_error("pipe");
  }
  int stderr_fd = -1;
  if (!spec.stderr_file.empty()) {
    stderr_fd = ::open(spec.stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (stderr_fd < 0) return system_error("opening " + spec.stderr_file);
  }
  std::vector<char*> argv;
  argv.reserve(spec.argv.size() + 1);
  for (const auto& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) return system_error("fork");
  if (pid == 0) exec_child(spec, argv, in_pipe[0], out_pipe[1], stderr_fd);

  close_fd(in_pipe[0]);
  close_fd(out_pipe[1]);
  close_fd(stderr_fd);
  ChildProcess child;
  child.pid_ = pid;
  child.stdin_fd_ = in_pipe[1];
  child.stdout_fd_ = out_pipe[0];
  if (child.stdout_fd_ >= 0) ::fcntl(child.stdout_fd_, F_SETFL, O_NONBLOCK);
  if (child.stdin_fd_ >= 0) ::fcntl(child.stdin_fd_, F_SETFL, O_NONBLOCK);
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept { *this = std::move(other); }

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    reset();
    pid_ = other.pid_;
    stdin_fd_ = other.stdin_fd_;
    stdout_fd_ = other.stdout_fd_;
    pending_ = std::move(other.pending_);
    status_ = other.status_;
    other.pid_ = -1;
    other.stdin_fd_ = -1;
    other.stdout_fd_ = -1;
    other.status_.reset();
  }
  return *this;
}

ChildProcess::~ChildProcess() { reset(); }

void ChildProcess::reset() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    int raw = 0;
    ::waitpid(pid_, &raw, 0);
  }
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
  pid_ = -1;
}

void ChildProcess::detach() {
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
  pid_ = -1;
}

std::vector<std::string> ChildProcess::read_lines() {
  std::vector<std::string> lines;
  std::array<char, 8192> buffer{};
  while (stdout_fd_ >= 0) {
    const ssize_t got = ::read(stdout_fd_, buffer.data(), buffer.size());
    if (got > 0) {
      pending_.append(buffer.data(), static_cast<std::size_t>(got));
      continue;
    }
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) break;
    close_fd(stdout_fd_);  // end of file (or a read error): the child closed its stdout
  }
  std::size_t start = 0;
  for (std::size_t end = pending_.find('\n'); end != std::string::npos;
       end = pending_.find('\n', start)) {
    lines.push_back(pending_.substr(start, end - start));
    start = end + 1;
  }
  pending_.erase(0, start);
  if (stdout_fd_ < 0 && !pending_.empty()) lines.push_back(std::move(pending_));
  pending_.clear();
  return lines;
}

bool ChildProcess::write_line(const std::string& line) {
  if (stdin_fd_ < 0) return false;
  const std::string text = line + "\n";
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t put = ::write(stdin_fd_, text.data() + written, text.size() - written);
    if (put < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd fd{stdin_fd_, POLLOUT, 0};
      ::poll(&fd, 1, 100);
      continue;
    }
    if (put <= 0) return false;
    written += static_cast<std::size_t>(put);
  }
  return true;
}

void ChildProcess::close_stdin() { close_fd(stdin_fd_); }

void ChildProcess::send_signal(int signal) {
  if (running()) ::kill(pid_, signal);
}

bool ChildProcess::poll() {
  if (!running()) return pid_ > 0;
  int raw = 0;
  if (::waitpid(pid_, &raw, WNOHANG) == pid_) status_ = decode(raw);
  return status_.has_value();
}

bool ChildProcess::wait_for(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!poll()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

Result<ExitStatus> run_to_end(const std::vector<std::string>& argv, std::string* output,
                              const std::string& stderr_file) {
  auto child = ChildProcess::spawn({argv, false, output != nullptr, stderr_file, false, true});
  if (!child) return std::move(child).error();
  while (!child->stdout_closed()) {
    for (auto& line : child->read_lines()) *output += line + "\n";
    if (child->stdout_closed()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int raw = 0;
  if (::waitpid(child->pid(), &raw, 0) != child->pid()) return system_error("waitpid");
  const ExitStatus status = decode(raw);
  child->detach();
  return status;
}

std::string self_executable() {
  std::array<char, 4096> path{};
  const ssize_t size = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
  return size > 0 ? std::string(path.data(), static_cast<std::size_t>(size)) : std::string{};
}

}  // namespace tally::demo

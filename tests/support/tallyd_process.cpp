#include "tallyd_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "sanitizer_report.hpp"

namespace tally::testkit {

namespace {

// How long start() waits for a started tallyd to listen.
constexpr auto kStartDeadline = std::chrono::minutes(5);

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// fork + exec of `binary` with stdout to `stdout_path` and stderr appended to `stderr_path`.
pid_t spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::string& stdout_path, const std::string& stderr_path) {
  std::vector<std::string> argv_storage{binary};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = ::open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (out >= 0) ::dup2(out, 1);
    if (err >= 0) ::dup2(err, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

// Under the sanitizer presets a report of tallyd lands in its stderr file: fail the test.
void expect_no_sanitizer_report(const std::string& what, std::string_view log) {
  if (auto report = sanitizer_report(log); !report.empty()) {
    ADD_FAILURE() << what << " reported a sanitizer error:\n" << report;
  }
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string test_election_path() {
  return std::string(TALLY_SOURCE_ROOT) + "/tests/server/data/mini-election.json";
}

std::string test_schema_path() {
  return std::string(TALLY_SOURCE_ROOT) + "/schemas/forms/station-count-1.json";
}

int run_program(const std::string& binary, const std::vector<std::string>& args,
                std::string* output, std::string* errors) {
  TempDir scratch;
  const std::string out_path = scratch.file("stdout");
  const std::string err_path = scratch.file("stderr");
  const pid_t pid = spawn(binary, args, out_path, err_path);
  if (pid < 0) return -1;
  const int code = wait_exit(pid);
  if (output != nullptr) *output = read_file(out_path);
  const std::string stderr_text = read_file(err_path);
  expect_no_sanitizer_report(binary + " " + (args.empty() ? std::string{} : args.front()),
                             stderr_text);
  if (errors != nullptr) *errors = stderr_text;
  return code;
}

int run_tallyd(const std::vector<std::string>& args, std::string* output, std::string* errors) {
  return run_program(TALLYD_BINARY, args, output, errors);
}

TallydProcess::TallydProcess(const std::string& definition_path) : data_(dir_.file("data")) {
  initialised_ = run_tallyd({"init", "--data", data_, "--definition", definition_path, "--schema",
                             test_schema_path()}) == 0;
}

TallydProcess::~TallydProcess() { kill_hard(); }

bool TallydProcess::start(bool tls, const std::vector<std::string>& extra) {
  if (pid_ > 0) return true;
  tls_ = tls;
  std::vector<std::string> args{"serve", "--data", data_, "--listen",
                                "127.0.0.1:" + std::to_string(port_)};
  if (!tls) args.emplace_back("--plain");
  args.insert(args.end(), extra.begin(), extra.end());
  // A restart right after a crash may find the port still held for a moment: retry.
  for (int attempt = 0; attempt < 50; ++attempt) {
    ::unlink(file("tallyd.port").c_str());
    pid_ = spawn(TALLYD_BINARY, args, file("serve.out"), file("serve.log"));
    // Only catches a hang: start-up replays the whole log first (an hour's soak of 16
    // million ops took longer than the 20 s this once was).
    const auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string port = trimmed(read_file(file("tallyd.port")));
      if (!port.empty()) {
        port_ = static_cast<unsigned short>(std::stoul(port));
        return true;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (pid_ > 0) return false;    // running but never listened
    if (port_ == 0) return false;  // exited without a port conflict to wait out
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

int TallydProcess::stop() {
  if (pid_ <= 0) return -1;
  const std::string log_path = file("serve.log");
  const std::size_t log_before = read_file(log_path).size();
  ::kill(pid_, SIGTERM);
  // Under ThreadSanitizer a signal that reaches an idle tallyd can stay undelivered (its
  // runtime defers handlers to a point the blocked threads never reach; seen once in CI's
  // tsan stage). tallyd logs "shutting_down" when its handler runs: until it has, the
  // signal is sent again now and then. A second SIGTERM after that changes nothing.
  int code = -1;
  for (auto resend = std::chrono::steady_clock::now() + std::chrono::seconds(20);;) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= resend &&
        read_file(log_path).find("shutting_down", log_before) == std::string::npos) {
      std::cerr << "tallyd " << pid_ << " has not handled SIGTERM yet: sending it again\n";
      ::kill(pid_, SIGTERM);
      resend = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  check_serve_log();
  return code;
}

void TallydProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_exit(pid_);
  pid_ = -1;
  check_serve_log();
}

void TallydProcess::check_serve_log() {
  const std::string log = read_file(file("serve.log"));
  // restore() may have put back a shorter log: then all of it is new.
  const std::size_t from = log.size() >= serve_log_checked_ ? serve_log_checked_ : 0;
  expect_no_sanitizer_report("tallyd serve", std::string_view(log).substr(from));
  serve_log_checked_ = log.size();
}

std::string TallydProcess::operator_token() const {
  return trimmed(read_file(file("operator.token")));
}

std::string TallydProcess::url() const { return trimmed(read_file(file("tallyd.url"))); }

std::string TallydProcess::sync_url() const {
  return std::string(tls_ ? "wss" : "ws") + "://127.0.0.1:" + std::to_string(port_) + "/sync";
}

int TallydProcess::run(const std::string& subcommand, const std::vector<std::string>& args,
                       std::string* output, std::string* errors) const {
  std::vector<std::string> full{subcommand, "--data", data_};
  full.insert(full.end(), args.begin(), args.end());
  return run_tallyd(full, output, errors);
}

std::string TallydProcess::enrolment_code(const std::string& station, const std::string& role) {
  std::vector<std::string> args{"--role", role};
  if (!station.empty()) {
    args.emplace_back("--station");
    args.push_back(station);
  }
  std::string output;
  if (run("enrol", args, &output) != 0) return {};
  return trimmed(output);
}

void TallydProcess::backup(const std::string& name) const {
  std::filesystem::copy(data_, dir_.file(name), std::filesystem::copy_options::recursive);
}

void TallydProcess::restore(const std::string& name) const {
  std::filesystem::remove_all(data_);
  std::filesystem::copy(dir_.file(name), data_, std::filesystem::copy_options::recursive);
}

}  // namespace tally::testkit

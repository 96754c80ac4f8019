#include "tallyd_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace tally::server::testing {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// fork + exec of tallyd with stdout to `stdout_path` and stderr to `stderr_path`.
pid_t spawn(const std::vector<std::string>& args, const std::string& stdout_path,
            const std::string& stderr_path) {
  std::vector<std::string> argv_storage{TALLYD_BINARY};
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

}  // namespace

std::string test_election_path() {
  return std::string(TALLY_SOURCE_ROOT) + "/tests/server/data/mini-election.json";
}

std::string test_schema_path() {
  return std::string(TALLY_SOURCE_ROOT) + "/schemas/forms/station-count-1.json";
}

int run_tallyd(const std::vector<std::string>& args, std::string* output) {
  TempDir scratch;
  const std::string out_path = scratch.file("stdout");
  const pid_t pid = spawn(args, out_path, scratch.file("stderr"));
  if (pid < 0) return -1;
  const int code = wait_exit(pid);
  if (output != nullptr) *output = slurp(out_path);
  return code;
}

TallydProcess::TallydProcess() : data_(dir_.file("data")) {
  initialised_ = run_tallyd({"init", "--data", data_, "--definition", test_election_path(),
                             "--schema", test_schema_path()}) == 0;
}

TallydProcess::~TallydProcess() {
  if (pid_ > 0) kill_hard();
}

bool TallydProcess::start(bool tls, const std::vector<std::string>& extra) {
  tls_ = tls;
  ::unlink(file("tallyd.port").c_str());
  std::vector<std::string> args{"serve", "--data", data_, "--listen", "127.0.0.1:0"};
  if (!tls) args.emplace_back("--plain");
  args.insert(args.end(), extra.begin(), extra.end());
  pid_ = spawn(args, file("serve.out"), file("serve.log"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string port = trimmed(slurp(file("tallyd.port")));
    if (!port.empty()) {
      port_ = static_cast<unsigned short>(std::stoul(port));
      return true;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int TallydProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int code = wait_exit(pid_);
  pid_ = -1;
  return code;
}

void TallydProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_exit(pid_);
  pid_ = -1;
}

std::string TallydProcess::operator_token() const { return trimmed(slurp(file("operator.token"))); }

std::string TallydProcess::url() const { return trimmed(slurp(file("tallyd.url"))); }

}  // namespace tally::server::testing

#include "tallyd_server.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "test_reference.hpp"

namespace tally::client::testing {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// fork + exec of tallyd; stdout to `out_path`, stderr appended to `err_path`.
pid_t spawn(const std::vector<std::string>& args, const std::string& out_path,
            const std::string& err_path) {
  std::vector<std::string> storage{TALLYD_BINARY};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
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
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs tallyd to completion; its stdout goes to `output`.
int run(const std::vector<std::string>& args, const std::string& scratch, std::string* output) {
  std::string out_path = scratch + "/cli.out";
  pid_t pid = spawn(args, out_path, scratch + "/cli.err");
  if (pid < 0) return -1;
  int code = wait_exit(pid);
  if (output != nullptr) *output = read_text(out_path);
  return code;
}

}  // namespace

TallydServer::TallydServer(const std::string& dir) : dir_(dir), data_(dir + "/tallyd-data") {
  std::string definition = dir_ + "/election.json";
  std::ofstream(definition) << kDefinitionJson;
  std::string schema = std::string(TALLY_SOURCE_ROOT) + "/schemas/forms/station-count-1.json";
  initialised_ = run({"init", "--data", data_, "--definition", definition, "--schema", schema},
                     dir_, nullptr) == 0;
}

TallydServer::~TallydServer() { kill_hard(); }

bool TallydServer::start() {
  if (pid_ > 0) return true;
  std::string port_file = data_ + "/tallyd.port";
  // A restart right after a crash may find the port still held for a moment: retry.
  for (int attempt = 0; attempt < 50; ++attempt) {
    ::unlink(port_file.c_str());
    pid_ = spawn({"serve", "--data", data_, "--listen", "127.0.0.1:" + std::to_string(port_)},
                 dir_ + "/serve.out", dir_ + "/serve.log");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      std::string port = trimmed(read_text(port_file));
      if (!port.empty()) {
        port_ = static_cast<std::uint16_t>(std::stoul(port));
        return true;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (pid_ > 0) return false;  // running but never listened
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void TallydServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  wait_exit(pid_);
  pid_ = -1;
}

void TallydServer::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_exit(pid_);
  pid_ = -1;
}

std::string TallydServer::url() const {
  return "wss://127.0.0.1:" + std::to_string(port_) + "/sync";
}

std::string TallydServer::ca_file() const { return data_ + "/tls-cert.pem"; }

std::string TallydServer::ca_pem() const { return read_text(ca_file()); }

std::string TallydServer::enrolment_code(const std::string& station, const std::string& role) {
  std::vector<std::string> args{"enrol", "--data", data_, "--role", role};
  if (!station.empty()) {
    args.emplace_back("--station");
    args.push_back(station);
  }
  std::string output;
  if (run(args, dir_, &output) != 0) return {};
  return trimmed(output);
}

void TallydServer::backup(const std::string& name) {
  std::filesystem::copy(data_, dir_ + "/" + name, std::filesystem::copy_options::recursive);
}

void TallydServer::restore(const std::string& name) {
  std::filesystem::remove_all(data_);
  std::filesystem::copy(dir_ + "/" + name, data_, std::filesystem::copy_options::recursive);
}

}  // namespace tally::client::testing

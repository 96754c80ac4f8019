#include "tallyd_control.hpp"

#include <array>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "dataset.hpp"
#include "tally/engine/crypto_random.hpp"
#include "tally/engine/hex.hpp"
#include "tally/http/url.hpp"

namespace tally::demo {

Tallyd::Tallyd(std::string binary, std::string data_dir)
    : binary_(std::move(binary)), data_dir_(std::move(data_dir)) {}

Result<ExitStatus> Tallyd::run(const std::vector<std::string>& arguments,
                               std::string* output) const {
  std::vector<std::string> argv{binary_};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return run_to_end(argv, output, log_file());
}

Status Tallyd::init(const std::string& definition, const std::string& schema) {
  std::string output;
  // tallyd init creates the directory itself; its log goes beside it until then.
  const std::string log = data_dir_ + ".init.log";
  auto status = run_to_end({binary_, "init", "--data", data_dir_, "--definition", definition,
                            "--schema", schema},
                           &output, log);
  if (!status) return std::move(status).error();
  if (!status->ok()) {
    auto message = read_file(log);
    return make_error(ErrorCode::kInternal, "tallyd init failed (" + status->describe() +
                                                "): " + (message ? *message : std::string{}));
  }
  std::filesystem::rename(log, log_file());
  return {};
}

Result<Tallyd::ConsoleLogin> Tallyd::add_console_login(const std::string& name,
                                                       const std::string& role) const {
  std::array<std::uint8_t, 12> secret{};
  if (auto status = engine::random_bytes(secret); !status) return std::move(status).error();
  ConsoleLogin login{name, engine::to_hex(secret), data_dir_ + "/console-" + name + ".password"};
  {
    std::ofstream file(login.password_file, std::ios::trunc);
    file << login.password << "\n";
    if (!file) return make_error(ErrorCode::kIoError, "cannot write " + login.password_file);
  }
  std::filesystem::permissions(login.password_file, std::filesystem::perms::owner_read |
                                                        std::filesystem::perms::owner_write);
  auto status = run({"user", "add", name, "--role", role, "--data", data_dir_, "--password-file",
                     login.password_file},
                    nullptr);
  if (!status) return std::move(status).error();
  if (!status->ok()) {
    return make_error(ErrorCode::kInternal,
                      "tallyd user add failed (" + status->describe() + "); see " + log_file());
  }
  return login;
}

Status Tallyd::start(std::chrono::milliseconds timeout) {
  const std::string url_file = data_dir_ + "/tallyd.url";
  std::filesystem::remove(url_file);
  // Every device is on 127.0.0.1: no cap per address. The cap in all is tallyd's default,
  // which it lowers to fit its descriptor limit (an explicit one above it is refused).
  auto child = ChildProcess::spawn({{binary_, "serve", "--data", data_dir_, "--listen",
                                     "127.0.0.1:0", "--max-connections-per-address", "100000"},
                                    false,
                                    false,
                                    log_file(),
                                    true,
                                    false});
  if (!child) return std::move(child).error();
  process_ = std::move(child).value();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (process_.poll()) {
      return make_error(
          ErrorCode::kInternal,
          "tallyd serve ended (" + process_.status()->describe() + "); see " + log_file());
    }
    if (auto url = read_file(url_file); url && !url->empty() && url->back() == '\n') {
      url->pop_back();
      auto parsed = http::parse_url(*url);
      if (!parsed) return std::move(parsed).error();
      api_url_ = *url;
      sync_url_ = "wss://" + parsed->authority() + "/sync";
      return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return make_error(ErrorCode::kTimeout,
                    "tallyd serve did not start listening in time; see " + log_file(), true);
}

bool Tallyd::stop() {
  process_.send_signal(SIGTERM);
  if (!process_.wait_for(std::chrono::seconds(20))) {
    process_.send_signal(SIGKILL);
    process_.wait_for(std::chrono::seconds(5));
    return false;
  }
  return process_.status() && process_.status()->ok();
}

}  // namespace tally::demo

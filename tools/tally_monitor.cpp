// tally-monitor: an observer's check that a tallyd shows one log that only grows
// (docs/audit.md, "Monitoring the log"). `follow` polls the server's signed tree heads and
// proves each new one consistent with the last one it saw (RFC 9162 consistency proofs),
// keeping what it saw in a state file; `compare` puts two monitors' state files side by
// side to catch a split view (a server showing different logs to different observers).
// Exit codes (docs/cli.md): 0 consistent, 1 failure, 2 usage, 3 inconsistency found (the
// message names both heads), 4 try again later.
#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tally/cli/command_line.hpp"
#include "tally/cli/exit_codes.hpp"
#include "tally/cli/report.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/transparency_log.hpp"
#include "tally/files/read_file.hpp"
#include "tally/files/write_file.hpp"
#include "tally/http/log_client.hpp"

namespace po = boost::program_options;
namespace json = boost::json;
using tally::Error;
using tally::ErrorCode;
using tally::engine::TreeHead;

namespace {

constexpr const char* kTool = "tally-monitor";
constexpr std::string_view kStateFormat = "tally-monitor-state/1";

volatile std::sig_atomic_t stop_requested = 0;
extern "C" void request_stop(int /*signal*/) { stop_requested = 1; }

// What a monitor keeps between runs: the server, its pinned key, and every tree head it
// saw, smallest first (the last is the one the next head must extend).
struct MonitorState {
  std::string url;
  tally::engine::Ed25519PublicKey server_key{};
  std::vector<TreeHead> heads;
};

std::string describe(const TreeHead& head) {
  return std::to_string(head.tree_size) + " entries, root " + tally::engine::to_hex(head.root) +
         ", signed at " + std::to_string(head.timestamp_ms) + " ms";
}

tally::Result<MonitorState> load_state(const std::string& path) {
  auto text = tally::read_file(path, tally::kMaxDocumentBytes);
  if (!text) return std::move(text).error();
  const Error unreadable =
      tally::make_error(ErrorCode::kMalformed, path + " is not a tally-monitor state file");
  json::error_code error;
  const json::value document = json::parse(*text, error);
  const json::object* object = error ? nullptr : document.if_object();
  if (object == nullptr) return unreadable;
  const auto* format = object->if_contains("format");
  const auto* url = object->if_contains("url");
  const auto* key = object->if_contains("server_key");
  const auto* heads = object->if_contains("heads");
  if (format == nullptr || !format->is_string() || format->as_string() != kStateFormat ||
      url == nullptr || !url->is_string() || key == nullptr || !key->is_string() ||
      heads == nullptr || !heads->is_array()) {
    return unreadable;
  }
  MonitorState state;
  state.url = std::string(url->as_string());
  if (!tally::engine::from_hex(key->as_string(), state.server_key)) return unreadable;
  for (const auto& head : heads->as_array()) {
    auto parsed = tally::engine::parse_tree_head_json(json::serialize(head));
    if (!parsed)
      return tally::make_error(ErrorCode::kMalformed, path + ": " + parsed.error().message);
    state.heads.push_back(*parsed);
  }
  return state;
}

tally::Status save_state(const std::string& path, const MonitorState& state) {
  json::array heads;
  for (const TreeHead& head : state.heads)
    heads.push_back(json::parse(tally::engine::tree_head_json(head)));
  return tally::write_file_atomically(
      path, json::serialize(json::object{{"format", kStateFormat},
                                         {"url", state.url},
                                         {"server_key", tally::engine::to_hex(state.server_key)},
                                         {"heads", std::move(heads)}}) +
                "\n");
}

tally::http::ApiTarget target_of(const std::string& url, const std::string& ca_file) {
  tally::http::ApiTarget target;
  target.url = url;
  target.ca_file = ca_file;
  target.user_agent = kTool;
  return target;
}

// An inconsistency: reported with both heads (the signed evidence), exit 3.
int inconsistent(const std::string& who, const Error& error) {
  return tally::cli::report(who, error, tally::cli::kExitVerifyFailed);
}

bool is_finding(const Error& error) {
  return error.code == ErrorCode::kLogInconsistent || error.code == ErrorCode::kProofFailed ||
         error.code == ErrorCode::kBadSignature;
}

int follow(const std::vector<std::string>& args) {
  std::string url;
  std::string state_path;
  std::string ca_file;
  std::string key_hex;
  int interval = 10;
  const tally::cli::CommandUsage usage{
      kTool, "follow",
      "--state FILE [--url URL] [--ca FILE] [--key HEX] [--interval SECONDS] [--once]",
      "Polls the server's signed tree head and checks that each new one extends the last one\n"
      "seen (a consistency proof), keeping every head seen in the state file. The first run\n"
      "needs --url; it pins --key, or the key the server publishes.\n"
      "Exit 0 when stopped (SIGINT/SIGTERM) or after --once; 3 on an inconsistency."};
  po::options_description options;
  options.add_options()("state", po::value(&state_path)->required(), "the monitor's state file")(
      "url", po::value(&url), "the server's origin, e.g. https://tally.example:8443")(
      "ca", po::value(&ca_file), "certificate to trust for https (the server's tls-cert.pem)")(
      "key", po::value(&key_hex), "the server's log key (hex), as published by the election")(
      "interval", po::value(&interval)->default_value(10), "seconds between polls")(
      "once", "poll once and exit");
  po::variables_map values;
  if (auto exit = tally::cli::parse_command_line(usage, options, args, values)) return *exit;
  const std::string who = usage.who();
  if (interval < 1) return tally::cli::usage_error(who, "--interval must be at least 1");

  MonitorState state;
  if (auto loaded = load_state(state_path); loaded) {
    state = std::move(loaded).value();
    if (!url.empty() && url != state.url) {
      return tally::cli::usage_error(who, state_path + " follows " + state.url + ", not " + url);
    }
  } else if (loaded.error().code != ErrorCode::kNotFound) {
    return tally::cli::report(who, loaded.error());
  } else if (url.empty()) {
    return tally::cli::usage_error(who, "the first run needs --url");
  } else {
    state.url = url;
    if (!key_hex.empty()) {
      if (!tally::engine::from_hex(key_hex, state.server_key)) {
        return tally::cli::usage_error(who, "--key must be 64 hex digits");
      }
    } else {
      auto key = tally::http::LogClient::fetch_key(target_of(state.url, ca_file));
      if (!key) return tally::cli::report(who, key.error());
      state.server_key = *key;
      std::cout << "pinned the server's log key " << tally::engine::to_hex(state.server_key)
                << "\n";
    }
  }
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  tally::http::LogClient log(target_of(state.url, ca_file), state.server_key);
  const bool once = values.count("once") > 0;
  while (stop_requested == 0) {
    auto head = log.tree_head();
    tally::Status checked = head ? tally::Status{} : tally::Status(head.error());
    if (head && !state.heads.empty()) {
      const TreeHead& last = state.heads.back();
      if (head->tree_size == last.tree_size && head->root != last.root) {
        checked = tally::make_error(ErrorCode::kLogInconsistent,
                                    "two signed tree heads of " + std::to_string(last.tree_size) +
                                        " entries with different roots: " + describe(last) +
                                        " and " + describe(*head));
      } else if (*head != last) {
        checked = log.check_extends(last, *head);
        if (!checked && is_finding(checked.error())) {
          checked = tally::make_error(
              checked.error().code, checked.error().message + " (earlier head: " + describe(last) +
                                        "; new head: " + describe(*head) + ")");
        }
      }
    }
    if (!checked && is_finding(checked.error())) return inconsistent(who, checked.error());
    if (!checked) {
      if (once) return tally::cli::report(who, checked.error());
      tally::cli::warn(who, checked.error());
    } else if (state.heads.empty() || *head != state.heads.back()) {
      std::cout << "tree head " << describe(*head)
                << (state.heads.empty()
                        ? ": first seen"
                        : ": extends the one of " + std::to_string(state.heads.back().tree_size) +
                              " entries")
                << std::endl;
      state.heads.push_back(*head);
      if (auto saved = save_state(state_path, state); !saved) {
        return tally::cli::report(who, saved.error());
      }
    }
    if (once) break;
    for (int tick = 0; tick < interval * 10 && stop_requested == 0; ++tick) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  return tally::cli::kExitOk;
}

int compare(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  std::string ca_file;
  const tally::cli::CommandUsage usage{
      kTool, "compare", "STATE_A STATE_B [--ca FILE]",
      "Compares what two monitors saw of the same server: heads of the same size must have\n"
      "the same root, and the larger of the two latest heads must extend the smaller (a\n"
      "consistency proof from the server). Exit 0 when they agree; 3 on a split view."};
  po::options_description options;
  options.add_options()("states", po::value(&files)->composing(), "two state files")(
      "ca", po::value(&ca_file), "certificate to trust for https");
  po::positional_options_description positional;
  positional.add("states", 2);
  po::variables_map values;
  if (auto exit = tally::cli::parse_command_line(usage, options, args, values, positional)) {
    return *exit;
  }
  const std::string who = usage.who();
  if (files.size() != 2) return tally::cli::usage_error(who, "give two state files");
  auto a = load_state(files[0]);
  if (!a) return tally::cli::report(who, a.error());
  auto b = load_state(files[1]);
  if (!b) return tally::cli::report(who, b.error());
  if (a->server_key != b->server_key) {
    return inconsistent(who, tally::make_error(ErrorCode::kLogInconsistent,
                                               "the monitors pinned different server keys"));
  }
  if (a->heads.empty() || b->heads.empty()) {
    return tally::cli::usage_error(who, "a state file holds no tree head yet");
  }
  for (const TreeHead& seen_by_a : a->heads) {
    for (const TreeHead& seen_by_b : b->heads) {
      if (seen_by_a.tree_size == seen_by_b.tree_size && seen_by_a.root != seen_by_b.root) {
        return inconsistent(
            who, tally::make_error(ErrorCode::kLogInconsistent,
                                   "split view: " + files[0] + " saw " + describe(seen_by_a) +
                                       ", " + files[1] + " saw " + describe(seen_by_b) +
                                       ": the server signed two different logs of that size"));
      }
    }
  }
  const bool a_smaller = a->heads.back().tree_size <= b->heads.back().tree_size;
  const TreeHead& older = a_smaller ? a->heads.back() : b->heads.back();
  const TreeHead& newer = a_smaller ? b->heads.back() : a->heads.back();
  tally::http::LogClient log(target_of(a->url, ca_file), a->server_key);
  if (auto extends = log.check_extends(older, newer); !extends) {
    if (!is_finding(extends.error())) return tally::cli::report(who, extends.error());
    return inconsistent(who, tally::make_error(ErrorCode::kLogInconsistent,
                                               "split view: " + extends.error().message + " (" +
                                                   describe(older) + "; " + describe(newer) + ")"));
  }
  std::cout << "consistent: " << files[0] << " saw up to " << a->heads.back().tree_size
            << " entries, " << files[1] << " up to " << b->heads.back().tree_size << "; one log\n";
  return tally::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args = tally::cli::arguments_of(argc, argv);
  if (!args.empty() && (args[0] == "--version")) {
    std::cout << tally::cli::version_line(kTool) << "\n";
    return tally::cli::kExitOk;
  }
  const std::string command = args.empty() ? "" : args[0];
  if (!args.empty()) args.erase(args.begin());
  if (command == "follow") return follow(args);
  if (command == "compare") return compare(args);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << "usage: tally-monitor follow --state FILE [--url URL] [--ca FILE] [--key HEX]\n"
                 "                            [--interval SECONDS] [--once]\n"
                 "       tally-monitor compare STATE_A STATE_B [--ca FILE]\n"
                 "       tally-monitor --version\n"
                 "Follows a tallyd's signed tree heads and checks the log only grows "
                 "(docs/audit.md).\n";
    return tally::cli::kExitOk;
  }
  return tally::cli::usage_error(kTool, command.empty() ? "give a command: follow or compare"
                                                        : "unknown command '" + command + "'");
}

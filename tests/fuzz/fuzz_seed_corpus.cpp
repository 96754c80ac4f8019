// Writes (or checks) the generated part of the fuzz seed corpus: one file per sample
// message type, one per sample op kind, and three small audit logs, all built from
// tests/engine/wire_samples.hpp. The hand-written seeds (schemas, expressions,
// definitions) sit beside them and are not touched.
//
// Usage: fuzz-seed-corpus <corpus-dir>           write the files
//        fuzz-seed-corpus --check <corpus-dir>   exit 1, naming each stale file, unless the
//                                                committed files equal what would be written
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_keys.hpp"
#include "tally/engine/audit_log_file.hpp"
#include "tally/engine/messages.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"
#include "wire_samples.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tally;
using namespace tally::engine;

const char* type_name(MessageType type) {
  switch (type) {
    case MessageType::kChallenge:
      return "challenge";
    case MessageType::kHello:
      return "hello";
    case MessageType::kEnrol:
      return "enrol";
    case MessageType::kEnrolled:
      return "enrolled";
    case MessageType::kWelcome:
      return "welcome";
    case MessageType::kError:
      return "error";
    case MessageType::kUploadBatch:
      return "upload-batch";
    case MessageType::kAck:
      return "ack";
    case MessageType::kDownloadRequest:
      return "download-request";
    case MessageType::kPushedOps:
      return "pushed-ops";
    case MessageType::kSubmissionReceipt:
      return "submission-receipt";
    case MessageType::kHeadRequest:
      return "head-request";
    case MessageType::kSignedHead:
      return "signed-head";
  }
  return "unknown";
}

const char* kind_name(OpKind kind) {
  switch (kind) {
    case OpKind::kSet:
      return "set";
    case OpKind::kSubmit:
      return "submit";
    case OpKind::kAdjudicate:
      return "adjudicate";
    case OpKind::kWithdraw:
      return "withdraw";
    case OpKind::kOpenRound:
      return "open-round";
  }
  return "unknown";
}

std::string two_digits(std::size_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// The first `count` sample ops with the submission signed by dev-a, logged one after the
// other, with signed heads at `signed_indices`.
std::string audit_log(const fuzz::FuzzKeys& keys, std::size_t count,
                      const std::vector<std::uint64_t>& signed_indices) {
  AuditChain chain;
  std::vector<AuditEntry> entries;
  std::uint64_t receive_ms = 1'621'749'600'000;
  std::vector<Op> ops = samples::ops_of_every_kind();
  ops.resize(std::min(count, ops.size()));
  for (Op op : ops) {
    if (op.kind == OpKind::kSubmit) {
      auto signature =
          keys.device.sign(submission_signing_bytes(op.dot, op.form, op.submission.values_hash));
      fuzz::require(signature.ok(), "dev-a signs the sample submission");
      op.submission.signature = *signature;
    }
    entries.push_back(chain.append(encode_op(op), receive_ms += 250));
  }
  std::vector<SignedHead> heads;
  for (std::uint64_t index : signed_indices) {
    auto head = sign_head(keys.server, index, entries[index - 1].hash);
    fuzz::require(head.ok(), "the server signs a sample head");
    heads.push_back(*head);
  }
  auto log = export_audit_log(entries, heads);
  fuzz::require(log.ok(), "the sample log exports");
  return *log;
}

// Relative path → content of every generated seed.
std::map<std::string, std::string> generated_seeds() {
  std::map<std::string, std::string> seeds;
  std::size_t n = 0;
  for (const Message& message : samples::messages_of_every_type()) {
    seeds["wire_message/" + two_digits(++n) + "-" + type_name(message_type(message)) + ".bin"] =
        encode(message);
  }
  n = 0;
  for (const Op& op : samples::ops_of_every_kind()) {
    seeds["op_codec/" + two_digits(++n) + "-" + kind_name(op.kind) + ".bin"] = encode_op(op);
  }
  const fuzz::FuzzKeys keys;
  seeds["audit_log/01-header-only.bin"] = audit_log(keys, 0, {});
  seeds["audit_log/02-signed-at-3-and-6.bin"] = audit_log(keys, 6, {3, 6});
  seeds["audit_log/03-unsigned-tail.bin"] = audit_log(keys, 6, {3});
  return seeds;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

}  // namespace

int main(int argc, char** argv) {
  bool check = argc == 3 && std::string(argv[1]) == "--check";
  if (argc != 2 && !check) {
    std::cerr << "usage: " << argv[0] << " [--check] <corpus-dir>\n";
    return 2;
  }
  fs::path root(argv[argc - 1]);
  int stale = 0;
  for (const auto& [relative, content] : generated_seeds()) {
    fs::path path = root / relative;
    if (check) {
      if (!fs::is_regular_file(path) || read_file(path) != content) {
        std::cerr << "stale seed: " << path.string() << " (run fuzz-seed-corpus " << root.string()
                  << ")\n";
        ++stale;
      }
      continue;
    }
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    std::cout << "wrote " << path.string() << "\n";
  }
  return stale == 0 ? 0 : 1;
}

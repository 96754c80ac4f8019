// Test and benchmark helper: sample ops of every kind and sample messages of every type,
// shared by the op codec, message and audit-chain tests and the codec benchmarks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tally/engine/messages.hpp"
#include "tally/engine/op.hpp"

namespace tally::engine::samples {

// A context that knows devices a and b fully up to a few counters, with one exception.
inline DotSet sample_context() {
  DotSet context;
  for (std::uint64_t c = 1; c <= 3; ++c) context.add(Dot{"dev-a", c});
  context.add(Dot{"dev-b", 1});
  context.add(Dot{"dev-b", 5});  // out of order: an exception above prefix 1
  return context;
}

// An officer's edit of one count field.
inline Op set_op(std::string device, std::uint64_t counter, Count value) {
  Op op;
  op.dot = Dot{std::move(device), counter};
  op.hlc = Hlc{1'621'749'600'000 + counter, static_cast<std::uint32_t>(counter % 3)};
  op.kind = OpKind::kSet;
  op.form = FormId{"TN-0001", "NA-01"};
  op.field = "votes.NA-01-C2";
  op.value = value;
  op.context = sample_context();
  return op;
}

// One op of every kind, and every value alternative.
inline std::vector<Op> ops_of_every_kind() {
  Op count = set_op("dev-a", 4, 1234);
  Op text = set_op("dev-a", 5, 0);
  text.field = "notes";
  text.value = std::string("Hai phiếu bị rách, đã lập biên bản");
  Op cleared = set_op("dev-a", 6, 0);
  cleared.value = Cleared{};
  cleared.context = DotSet{};
  Op submit = set_op("dev-a", 7, 0);
  submit.kind = OpKind::kSubmit;
  submit.field.clear();
  submit.value = Cleared{};
  submit.submission.values_hash.fill(0xab);
  submit.submission.signature.fill(0xcd);
  Op adjudicate = set_op("sup-1", 1, 1200);
  adjudicate.kind = OpKind::kAdjudicate;
  Op withdraw = set_op("dev-a", 8, 0);
  withdraw.kind = OpKind::kWithdraw;
  withdraw.field.clear();
  withdraw.value = Cleared{};
  return {count, text, cleared, submit, adjudicate, withdraw};
}

// One message of every type, with non-default values in every field.
inline std::vector<Message> messages_of_every_type() {
  Sha256Digest head{};
  head.fill(0x42);
  Ed25519Signature signature{};
  signature.fill(0x17);
  Nonce nonce{};
  nonce.fill(0x99);
  Ed25519PublicKey key{};
  key.fill(0x33);
  std::vector<LogOp> pushed;
  std::uint64_t index = 100;
  for (const Op& op : ops_of_every_kind()) pushed.push_back(LogOp{index++, op});
  return {
      ChallengeMessage{"tallyd-tn", nonce},
      HelloMessage{kProtocolVersion, "dev-a", signature},
      EnrolMessage{"K7Q-22X", key, "Tổ bầu cử số 1, phường Phan Đình Phùng"},
      EnrolledMessage{"dev-a", "TN-0001", Role::kOfficer},
      WelcomeMessage{"tallyd-tn", Role::kSupervisor, "", 41, 9000, head,
                     R"({"election":"TN-2021"})", R"({"schema":"station-count/1"})"},
      ErrorMessage{ErrorCode::kCounterGap, "counter 7 follows 5", true},
      UploadBatchMessage{ops_of_every_kind()},
      AckMessage{"dev-a", 8, 9001, head},
      DownloadRequestMessage{77},
      PushedOpsMessage{pushed, 106, true},
      SubmissionReceiptMessage{FormId{"TN-0001", "NA-01"}, Dot{"dev-a", 7}, 9002, head,
                               signature},
      HeadRequestMessage{},
      SignedHeadMessage{SignedHead{9002, head, signature}},
  };
}

}  // namespace tally::engine::samples

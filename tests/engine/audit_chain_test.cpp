#include "tally/engine/audit_chain.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tally/engine/audit_log_file.hpp"
#include "tally/engine/merkle_tree.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"
#include "tally/engine/transparency_log.hpp"
#include "wire_samples.hpp"

namespace tally::engine {
namespace {

Ed25519KeyPair key_from(std::uint8_t fill) {
  Ed25519Seed seed{};
  seed.fill(fill);
  auto pair = keypair_from_seed(seed);
  EXPECT_TRUE(pair.ok());
  return std::move(pair).value();
}

// A small log: the sample ops of every kind (the submission properly signed by its
// device), with signed heads at the given indices.
struct SampleLog {
  Ed25519KeyPair server = key_from(1);
  Ed25519KeyPair device = key_from(2);
  std::vector<AuditEntry> entries;
  std::vector<SignedHead> heads;

  explicit SampleLog(const std::vector<std::uint64_t>& signed_indices) {
    AuditChain chain;
    std::uint64_t receive_ms = 1'621'749'600'000;
    for (Op op : samples::ops_of_every_kind()) {
      if (op.kind == OpKind::kSubmit) {
        auto signature = device.sign(
            submission_signing_bytes(op.dot, op.form, op.submission.values_hash));
        EXPECT_TRUE(signature.ok());
        op.submission.signature = *signature;
      }
      entries.push_back(chain.append(encode_op(op), receive_ms += 250));
    }
    for (std::uint64_t index : signed_indices) {
      auto head = sign_head(server, index, entries[index - 1].hash);
      EXPECT_TRUE(head.ok());
      heads.push_back(*head);
    }
  }

  // Signed tree heads of the log's tree at the given sizes.
  [[nodiscard]] std::vector<TreeHead> tree_heads(const std::vector<std::uint64_t>& sizes) const {
    MerkleTree tree;
    for (const AuditEntry& entry : entries) {
      tree.append_leaf_hash(audit_leaf_hash(entry.index, entry.receive_ms, entry.op_bytes));
    }
    std::vector<TreeHead> signed_trees;
    for (std::uint64_t size : sizes) {
      signed_trees.push_back(
          *sign_tree_head(server, size, 1'700'000'000'000 + size, *merkle_root(tree, size)));
    }
    return signed_trees;
  }

  [[nodiscard]] DeviceKeyLookup lookup() const {
    return [key = device.public_key()](const std::string& id) -> std::optional<Ed25519PublicKey> {
      if (id == "dev-a") return key;
      return std::nullopt;
    };
  }
  [[nodiscard]] ChainVerdict verify() const {
    return verify_chain(entries, heads, server.public_key(), lookup());
  }
};

TEST(AuditChainTest, EntryBytesAreIndexTimeLengthAndOpLittleEndian) {
  EXPECT_EQ(audit_entry_bytes(1, 2, "abc"),
            std::string("\x01\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0\x03\0\0\0abc", 23));
}

TEST(AuditChainTest, EachHeadHashesThePreviousHeadAndTheEntryBytes) {
  AuditChain chain;
  AuditEntry first = chain.append("abc", 2);
  EXPECT_EQ(first.index, 1u);
  Sha256Digest zero{};
  std::string genesis(zero.begin(), zero.end());
  EXPECT_EQ(first.hash, sha256(genesis + audit_entry_bytes(1, 2, "abc")));
  AuditEntry second = chain.append("de", 3);
  std::string previous(first.hash.begin(), first.hash.end());
  EXPECT_EQ(second.hash, sha256(previous + audit_entry_bytes(2, 3, "de")));
  EXPECT_EQ(chain.index(), 2u);
  EXPECT_EQ(chain.head(), second.hash);
}

TEST(AuditChainTest, AResumedChainContinuesLikeTheOriginal) {
  AuditChain original;
  original.append("a", 1);
  AuditChain resumed(original.index(), original.head());
  EXPECT_EQ(original.append("b", 2), resumed.append("b", 2));
}

TEST(AuditChainTest, SignedHeadsVerifyOnlyUnchanged) {
  Ed25519KeyPair server = key_from(1);
  Sha256Digest head{};
  head.fill(9);
  auto signed_head = sign_head(server, 12, head);
  ASSERT_TRUE(signed_head.ok());
  EXPECT_TRUE(verify_head(server.public_key(), *signed_head));
  SignedHead other_index = *signed_head;
  other_index.log_index = 13;
  EXPECT_FALSE(verify_head(server.public_key(), other_index));
  EXPECT_FALSE(verify_head(key_from(3).public_key(), *signed_head));
}

TEST(AuditChainTest, AnIntactSignedLogVerifies) {
  SampleLog log({3, 6});
  ChainVerdict verdict = log.verify();
  EXPECT_TRUE(verdict.ok()) << verdict.message;
  EXPECT_EQ(verdict.entries, 6u);
  EXPECT_EQ(verdict.signed_through, 6u);
}

TEST(AuditChainTest, NamesTheFirstBadIndexForEachFault) {
  struct Case {
    const char* name;
    void (*damage)(SampleLog&);
    ChainFault fault;
    std::uint64_t index;
  };
  const Case cases[] = {
      {"skipped index", [](SampleLog& l) { l.entries.erase(l.entries.begin() + 1); },
       ChainFault::kNonConsecutiveIndex, 2},
      {"changed time", [](SampleLog& l) { l.entries[2].receive_ms += 1; },
       ChainFault::kHashMismatch, 3},
      {"changed op", [](SampleLog& l) { l.entries[4].op_bytes[5] ^= 1; },
       ChainFault::kHashMismatch, 5},
      {"undecodable op",
       [](SampleLog& l) {
         l.entries[3].op_bytes = "junk";
         AuditChain chain(3, l.entries[2].hash);  // re-hash so only the op is wrong
         for (std::size_t i = 3; i < l.entries.size(); ++i) {
           l.entries[i] = chain.append(l.entries[i].op_bytes, l.entries[i].receive_ms);
         }
       },
       ChainFault::kUndecodableOp, 4},
      {"forged head", [](SampleLog& l) { l.heads[0].signature[0] ^= 1; },
       ChainFault::kBadHeadSignature, 3},
      {"head not in chain", [](SampleLog& l) { l.heads[0].head[0] ^= 1; },
       ChainFault::kHeadMismatch, 3},
      {"unsigned tail", [](SampleLog& l) { l.heads.pop_back(); }, ChainFault::kUnsignedTail, 6},
  };
  for (const Case& c : cases) {
    SampleLog log({3, 6});
    c.damage(log);
    ChainVerdict verdict = log.verify();
    EXPECT_EQ(verdict.fault, c.fault) << c.name << ": " << verdict.message;
    EXPECT_EQ(verdict.bad_index, c.index) << c.name << ": " << verdict.message;
  }
}

TEST(AuditChainTest, ChecksSubmissionSignaturesAgainstTheDeviceKeys) {
  SampleLog log({6});
  ChainVerdict unknown = verify_chain(log.entries, log.heads, log.server.public_key(),
                                      [](const std::string&) { return std::nullopt; });
  EXPECT_EQ(unknown.fault, ChainFault::kUnknownDevice);
  EXPECT_EQ(unknown.bad_index, 4u);  // the submission is the 4th sample op
  Ed25519PublicKey wrong = key_from(5).public_key();
  ChainVerdict forged = verify_chain(log.entries, log.heads, log.server.public_key(),
                                     [&](const std::string&) { return wrong; });
  EXPECT_EQ(forged.fault, ChainFault::kBadSubmissionSignature);
  EXPECT_EQ(forged.bad_index, 4u);
  EXPECT_TRUE(verify_chain(log.entries, log.heads, log.server.public_key()).ok());
}

TEST(AuditLogFileTest, ExportReadsBackExactly) {
  SampleLog log({2, 6});
  auto bytes = export_audit_log(log.entries, log.heads);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  auto read = read_audit_log(*bytes);
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  EXPECT_EQ(read->entries, log.entries);
  EXPECT_EQ(read->heads, log.heads);
  EXPECT_TRUE(verify_audit_log(*bytes, log.server.public_key(), log.lookup()).ok());
}

TEST(AuditLogFileTest, AVersion2ExportCarriesSignedTreeHeadsAndVerifiesThem) {
  SampleLog log({2, 6});
  const auto tree_heads = log.tree_heads({2, 6});
  auto bytes = export_audit_log(log.entries, log.heads, tree_heads);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  EXPECT_EQ(static_cast<std::uint8_t>((*bytes)[kAuditLogMagic.size()]), 2);
  auto read = read_audit_log(*bytes);
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  EXPECT_EQ(read->version, 2);
  EXPECT_EQ(read->tree_heads, tree_heads);
  const ChainVerdict verdict = verify_audit_log(*bytes, log.server.public_key(), log.lookup());
  ASSERT_TRUE(verdict.ok()) << verdict.message;
  EXPECT_EQ(verdict.tree_heads, 2u);
  EXPECT_EQ(verdict.tree_signed_through, 6u);
  // The old format still reads and verifies, without tree heads.
  const ChainVerdict old = verify_audit_log(*export_audit_log(log.entries, log.heads),
                                            log.server.public_key(), log.lookup());
  EXPECT_TRUE(old.ok()) << old.message;
  EXPECT_EQ(old.tree_heads, 0u);
}

TEST(AuditLogFileTest, ATreeHeadOverARewrittenLogIsCaughtAtItsSize) {
  SampleLog log({2, 6});
  // Heads signed with the server's key over a log whose entry 2 had other bytes.
  SampleLog rewritten({2, 6});
  rewritten.entries[1].op_bytes = log.entries[2].op_bytes;
  auto tree_heads = log.tree_heads({2});
  tree_heads.push_back(rewritten.tree_heads({6}).front());
  const ChainVerdict verdict = verify_audit_log(
      *export_audit_log(log.entries, log.heads, tree_heads), log.server.public_key(), log.lookup());
  EXPECT_EQ(verdict.fault, ChainFault::kTreeHeadMismatch);
  EXPECT_EQ(verdict.bad_index, 6u);
  EXPECT_NE(verdict.message.find("tree of the log's first 6 entries"), std::string::npos)
      << verdict.message;
  // A tree head with a bad signature, and a version-2 log whose tail no tree head covers.
  auto forged = log.tree_heads({2, 6});
  forged[0].signature[3] ^= 1;
  EXPECT_EQ(verify_audit_log(*export_audit_log(log.entries, log.heads, forged),
                             log.server.public_key(), log.lookup())
                .fault,
            ChainFault::kBadTreeHeadSignature);
  const ChainVerdict tail =
      verify_audit_log(*export_audit_log(log.entries, log.heads, log.tree_heads({2})),
                       log.server.public_key(), log.lookup());
  EXPECT_EQ(tail.fault, ChainFault::kUnsignedTail);
  EXPECT_NE(tail.message.find("signed tree head"), std::string::npos);
}

TEST(AuditLogFileTest, RefusesToExportAHeadWithoutItsEntry) {
  SampleLog log({6});
  log.heads[0].log_index = 7;
  EXPECT_EQ(export_audit_log(log.entries, log.heads).error().code, ErrorCode::kInvalidArgument);
}

TEST(AuditLogFileTest, RefusesALyingOpLengthWithoutReadingIt) {
  SampleLog log({6});
  std::string bytes = *export_audit_log(log.entries, log.heads);
  const std::size_t length_offset = kAuditLogMagic.size() + 1 + 8 + 8;
  for (std::size_t i = 0; i < 4; ++i) bytes[length_offset + i] = '\xff';
  EXPECT_EQ(read_audit_log(bytes).error().code, ErrorCode::kBadLength);
}

// Which entry each byte of an export belongs to: 0 for the header, else the index of the
// record it is part of (the entry bytes, its hash, its flag and its head signature).
std::vector<std::uint64_t> owners_of_bytes(const std::vector<AuditEntry>& entries,
                                           const std::vector<SignedHead>& heads) {
  std::map<std::uint64_t, bool> is_signed;
  for (const SignedHead& head : heads) is_signed[head.log_index] = true;
  std::vector<std::uint64_t> owners(kAuditLogMagic.size() + 1, 0);
  for (const AuditEntry& entry : entries) {
    std::size_t size = 20 + entry.op_bytes.size() + 32 + 1 + (is_signed[entry.index] ? 64 : 0);
    owners.insert(owners.end(), size, entry.index);
  }
  return owners;
}

TEST(AuditLogFileTest, FlippingAnyByteIsDetectedAtTheEntryItBelongsTo) {
  SampleLog log({2, 5, 6});
  const std::string bytes = *export_audit_log(log.entries, log.heads);
  std::vector<std::uint64_t> owners = owners_of_bytes(log.entries, log.heads);
  ASSERT_EQ(owners.size(), bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(~flipped[i]);
    ChainVerdict verdict = verify_audit_log(flipped, log.server.public_key(), log.lookup());
    ASSERT_FALSE(verdict.ok()) << "byte " << i;
    EXPECT_EQ(verdict.bad_index, owners[i]) << "byte " << i << ": " << verdict.message;
  }
}

TEST(AuditLogFileTest, FlippingAnyByteOfAVersion2ExportIsDetectedAtItsEntry) {
  SampleLog log({2, 5, 6});
  const std::vector<std::uint64_t> sizes = {1, 5, 6};
  const std::string bytes = *export_audit_log(log.entries, log.heads, log.tree_heads(sizes));
  std::map<std::uint64_t, bool> is_signed;
  for (const SignedHead& head : log.heads) is_signed[head.log_index] = true;
  std::map<std::uint64_t, bool> tree_signed;
  for (std::uint64_t size : sizes) tree_signed[size] = true;
  std::vector<std::uint64_t> owners(kAuditLogMagic.size() + 1, 0);
  for (const AuditEntry& entry : log.entries) {
    const std::size_t size = 20 + entry.op_bytes.size() + 32 + 1 +
                             (is_signed[entry.index] ? 64 : 0) + 1 +
                             (tree_signed[entry.index] ? 8 + 32 + 64 : 0);
    owners.insert(owners.end(), size, entry.index);
  }
  ASSERT_EQ(owners.size(), bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(~flipped[i]);
    const ChainVerdict verdict = verify_audit_log(flipped, log.server.public_key(), log.lookup());
    ASSERT_FALSE(verdict.ok()) << "byte " << i;
    // The version byte turned into an unknown version is the header's fault.
    EXPECT_EQ(verdict.bad_index, owners[i]) << "byte " << i << ": " << verdict.message;
  }
}

TEST(AuditLogFileTest, FlippingAnySingleBitIsDetected) {
  SampleLog log({3, 6});
  const std::string bytes = *export_audit_log(log.entries, log.heads);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      EXPECT_FALSE(verify_audit_log(flipped, log.server.public_key(), log.lookup()).ok())
          << "byte " << i << " bit " << bit;
    }
  }
}

TEST(AuditLogFileTest, TruncationIsDetectedAtTheRecordItCuts) {
  SampleLog log({6});
  const std::string bytes = *export_audit_log(log.entries, log.heads);
  std::vector<std::uint64_t> owners = owners_of_bytes(log.entries, log.heads);
  const std::size_t header = kAuditLogMagic.size() + 1;
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    ChainVerdict verdict =
        verify_audit_log(bytes.substr(0, cut), log.server.public_key(), log.lookup());
    bool between_records = cut == header || (cut > header && owners[cut - 1] != owners[cut]);
    if (!between_records) {
      EXPECT_EQ(verdict.fault, ChainFault::kUnreadable) << "cut " << cut;
      EXPECT_EQ(verdict.bad_index, owners[cut]) << "cut " << cut << ": " << verdict.message;
    } else if (cut == header) {
      EXPECT_TRUE(verdict.ok()) << "an empty log is a valid log";
    } else {
      // Whole records only: the chain holds, but its last entry carries no signed head.
      EXPECT_EQ(verdict.fault, ChainFault::kUnsignedTail) << "cut " << cut;
      EXPECT_EQ(verdict.bad_index, owners[cut - 1]) << "cut " << cut;
    }
  }
}

}  // namespace
}  // namespace tally::engine

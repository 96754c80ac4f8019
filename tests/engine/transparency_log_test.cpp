// Signed tree heads and the checks of inclusion and consistency proofs
// (transparency_log.hpp): what a device's receipt check and tally-monitor rely on, over a
// log of real audit entries; and the proofs' JSON, strict both ways.
#include "tally/engine/transparency_log.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tally/engine/audit_chain.hpp"

namespace tally::engine {
namespace {

Ed25519KeyPair server_key(std::uint8_t fill = 7) {
  Ed25519Seed seed{};
  seed.fill(fill);
  return std::move(keypair_from_seed(seed)).value();
}

// A log of `size` entries, kept as the tree and the entries' parts.
struct Log {
  MerkleTree tree;
  std::vector<std::string> ops;
  std::vector<std::uint64_t> receive_ms;

  explicit Log(std::uint64_t size) {
    for (std::uint64_t index = 1; index <= size; ++index) {
      ops.push_back("op bytes " + std::to_string(index));
      receive_ms.push_back(1'000 + index);
      tree.append_leaf_hash(audit_leaf_hash(index, receive_ms.back(), ops.back()));
    }
  }
  TreeHead head(std::uint64_t size, const Ed25519KeyPair& key) const {
    return *sign_tree_head(key, size, 5'000 + size, *merkle_root(tree, size));
  }
  InclusionProof inclusion(std::uint64_t log_index, std::uint64_t size) const {
    return InclusionProof{size, log_index, receive_ms[log_index - 1], ops[log_index - 1],
                          *merkle_inclusion_proof(tree, log_index - 1, size)};
  }
  ConsistencyProof consistency(std::uint64_t first, std::uint64_t second) const {
    return ConsistencyProof{first, second, *merkle_consistency_proof(tree, first, second)};
  }
};

TEST(TransparencyLogTest, ALeafIsTheRfcLeafHashOfTheBytesTheChainHashes) {
  EXPECT_EQ(audit_leaf_hash(3, 44, "op"), merkle_leaf_hash(audit_entry_bytes(3, 44, "op")));
}

TEST(TransparencyLogTest, ATreeHeadVerifiesWithItsKeyOnlyAndUnaltered) {
  const auto key = server_key();
  const Log log(10);
  const TreeHead head = log.head(10, key);
  EXPECT_TRUE(verify_tree_head(key.public_key(), head));
  EXPECT_FALSE(verify_tree_head(server_key(8).public_key(), head));
  for (auto alter :
       {+[](TreeHead& h) { ++h.tree_size; }, +[](TreeHead& h) { ++h.timestamp_ms; },
        +[](TreeHead& h) { h.root[5] ^= 1; }, +[](TreeHead& h) { h.signature[0] ^= 1; }}) {
    TreeHead changed = head;
    alter(changed);
    EXPECT_FALSE(verify_tree_head(key.public_key(), changed));
  }
}

TEST(TransparencyLogTest, EveryEntrysInclusionChecksAndAnAlteredEntryOrPathFails) {
  const auto key = server_key();
  const Log log(37);
  const TreeHead head = log.head(37, key);
  for (std::uint64_t index = 1; index <= 37; ++index) {
    const InclusionProof proof = log.inclusion(index, 37);
    EXPECT_TRUE(check_inclusion(proof, head).ok()) << index;
    InclusionProof other_op = proof;
    other_op.op_bytes += "x";
    EXPECT_EQ(check_inclusion(other_op, head).error().code, ErrorCode::kProofFailed);
    InclusionProof other_time = proof;
    ++other_time.receive_ms;
    EXPECT_FALSE(check_inclusion(other_time, head).ok());
    InclusionProof other_path = proof;
    other_path.audit_path.back()[0] ^= 1;
    EXPECT_FALSE(check_inclusion(other_path, head).ok());
  }
  // A proof for another size than the head's is refused, whatever it proves.
  const auto wrong_size = check_inclusion(log.inclusion(3, 20), head);
  ASSERT_FALSE(wrong_size.ok());
  EXPECT_NE(wrong_size.error().message.find("tree of 20 entries"), std::string::npos);
  InclusionProof beyond = log.inclusion(3, 37);
  beyond.log_index = 38;
  EXPECT_FALSE(check_inclusion(beyond, head).ok());
}

TEST(TransparencyLogTest, ConsistencyHoldsAlongTheLogAndFailsForARewrittenOne) {
  const auto key = server_key();
  const Log log(64);
  for (std::uint64_t first = 0; first <= 64; first += 7) {
    for (std::uint64_t second = first; second <= 64; second += 5) {
      EXPECT_TRUE(check_consistency(log.head(first, key), log.head(second, key),
                                    log.consistency(first, second))
                      .ok())
          << first << " -> " << second;
    }
  }
  // The same log with entry 9 rewritten: every head at or past it disagrees with the
  // honest heads of sizes 9 and up, and the message says so.
  Log rewritten(64);
  rewritten.tree = MerkleTree{};
  rewritten.ops[8] = "another op";
  for (std::uint64_t index = 1; index <= 64; ++index) {
    rewritten.tree.append_leaf_hash(
        audit_leaf_hash(index, rewritten.receive_ms[index - 1], rewritten.ops[index - 1]));
  }
  const auto split =
      check_consistency(log.head(20, key), rewritten.head(50, key), rewritten.consistency(20, 50));
  ASSERT_FALSE(split.ok());
  EXPECT_EQ(split.error().code, ErrorCode::kLogInconsistent);
  EXPECT_NE(split.error().message.find("not consistent"), std::string::npos);
  EXPECT_TRUE(
      check_consistency(log.head(8, key), rewritten.head(50, key), rewritten.consistency(8, 50))
          .ok())
      << "the first 8 entries were not touched";
  const auto same_size =
      check_consistency(log.head(30, key), rewritten.head(30, key), rewritten.consistency(30, 30));
  EXPECT_EQ(same_size.error().code, ErrorCode::kLogInconsistent);
  const auto shrank =
      check_consistency(log.head(30, key), log.head(20, key), log.consistency(20, 30));
  EXPECT_EQ(shrank.error().code, ErrorCode::kLogInconsistent);
  EXPECT_EQ(
      check_consistency(log.head(10, key), log.head(30, key), log.consistency(11, 30)).error().code,
      ErrorCode::kProofFailed);
}

TEST(TransparencyLogTest, TheDocumentsRoundTripThroughTheirJson) {
  const auto key = server_key();
  const Log log(12);
  const TreeHead head = log.head(12, key);
  EXPECT_EQ(*parse_tree_head_json(tree_head_json(head)), head);
  const InclusionProof inclusion = log.inclusion(5, 12);
  EXPECT_EQ(*parse_inclusion_proof_json(inclusion_proof_json(inclusion, Dot{"dev-1", 4})),
            inclusion);
  EXPECT_NE(inclusion_proof_json(inclusion, Dot{"dev-1", 4}).find("\"device\":\"dev-1\""),
            std::string::npos);
  const ConsistencyProof consistency = log.consistency(5, 12);
  EXPECT_EQ(*parse_consistency_proof_json(consistency_proof_json(consistency)), consistency);
}

TEST(TransparencyLogTest, MalformedDocumentsAreRefusedNamingTheMember) {
  const auto refused = [](const Result<TreeHead>& result, std::string_view member) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kMalformed);
    EXPECT_NE(result.error().message.find(member), std::string::npos) << result.error().message;
  };
  const std::string root(64, 'a');
  const std::string signature(128, 'b');
  refused(parse_tree_head_json("{"), "tree head");
  refused(parse_tree_head_json(R"({"tree_size":-1,"timestamp_ms":1,"root_hash":")" + root +
                               R"(","signature":")" + signature + R"("})"),
          "tree_size");
  refused(parse_tree_head_json(R"({"tree_size":1,"timestamp_ms":1,"root_hash":"zz","signature":")" +
                               signature + R"("})"),
          "root_hash");
  refused(parse_tree_head_json(R"({"tree_size":1,"timestamp_ms":1,"root_hash":")" + root +
                               R"(","signature":")" + signature + R"(","extra":1})"),
          "extra");
  const auto odd_op = parse_inclusion_proof_json(
      R"({"tree_size":1,"log_index":1,"receive_ms":1,"op":"abc","audit_path":[]})");
  ASSERT_FALSE(odd_op.ok());
  EXPECT_NE(odd_op.error().message.find("op"), std::string::npos);
  std::string long_path = R"({"first":1,"second":2,"proof":[)";
  for (int i = 0; i < 131; ++i) long_path += (i ? ",\"" : "\"") + root + "\"";
  EXPECT_FALSE(parse_consistency_proof_json(long_path + "]}").ok());
}

}  // namespace
}  // namespace tally::engine

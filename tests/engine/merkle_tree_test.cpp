// The RFC 9162 Merkle tree (merkle_tree.hpp): the tree hashes and proofs published with
// Certificate Transparency's reference implementation (the eight-entry test tree of its
// merkle_tree_test, reused by Trillian and transparency-dev/merkle), then properties over
// every size and pair of sizes up to 70 and over random large trees: every proof verifies,
// and any altered hash, index or size makes it fail.
#include "tally/engine/merkle_tree.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <string>
#include <vector>

#include "seeded_rng.hpp"
#include "tally/engine/hex.hpp"

namespace tally::engine {
namespace {

Sha256Digest digest(std::string_view hex) {
  Sha256Digest out{};
  EXPECT_TRUE(from_hex(hex, out).ok()) << hex;
  return out;
}

std::vector<Sha256Digest> digests(std::initializer_list<std::string_view> hexes) {
  std::vector<Sha256Digest> out;
  for (const auto hex : hexes) out.push_back(digest(hex));
  return out;
}

std::string bytes(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  EXPECT_TRUE(from_hex(hex, {reinterpret_cast<std::uint8_t*>(out.data()), out.size()}).ok());
  return out;
}

// The reference tree's entries and its root at each size 1..8.
const std::vector<std::string> kEntries = {bytes(""),
                                           bytes("00"),
                                           bytes("10"),
                                           bytes("2021"),
                                           bytes("3031"),
                                           bytes("40414243"),
                                           bytes("5051525354555657"),
                                           bytes("606162636465666768696a6b6c6d6e6f")};
const std::vector<std::string_view> kRoots = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

MerkleTree reference_tree() {
  MerkleTree tree;
  for (const auto& entry : kEntries) tree.append(entry);
  return tree;
}

// A tree of `size` distinct entries.
MerkleTree tree_of(std::uint64_t size) {
  MerkleTree tree;
  for (std::uint64_t i = 0; i < size; ++i) tree.append("entry " + std::to_string(i));
  return tree;
}

Sha256Digest altered(Sha256Digest hash, std::size_t byte = 0) {
  hash[byte % hash.size()] ^= 0x01;
  return hash;
}

TEST(MerkleTreeTest, TheEmptyTreeAndEachSizeOfTheReferenceTreeHaveThePublishedRoot) {
  EXPECT_EQ(to_hex(merkle_empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(*merkle_root(MerkleTree{}, 0), merkle_empty_root());
  const MerkleTree tree = reference_tree();
  for (std::uint64_t size = 1; size <= kRoots.size(); ++size) {
    EXPECT_EQ(to_hex(*merkle_root(tree, size)), kRoots[size - 1]) << "size " << size;
  }
  EXPECT_EQ(to_hex(tree.root()), kRoots.back());
  // The leaf of the empty entry is SHA-256(0x00): the root of the one-entry tree.
  EXPECT_EQ(to_hex(merkle_leaf_hash("")), kRoots[0]);
}

TEST(MerkleTreeTest, InclusionProofsAreThePublishedOnes) {
  const MerkleTree tree = reference_tree();
  struct Vector {
    std::uint64_t index;
    std::uint64_t size;
    std::vector<Sha256Digest> proof;
  };
  const std::vector<Vector> vectors = {
      {0, 1, {}},
      {0, 8,
       digests({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {5, 8,
       digests({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 3, digests({"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"})},
  };
  for (const auto& vector : vectors) {
    auto proof = merkle_inclusion_proof(tree, vector.index, vector.size);
    ASSERT_TRUE(proof.ok()) << proof.error().to_string();
    EXPECT_EQ(*proof, vector.proof) << vector.index << " of " << vector.size;
    EXPECT_TRUE(verify_merkle_inclusion(vector.index, vector.size,
                                        merkle_leaf_hash(kEntries[vector.index]), vector.proof,
                                        digest(kRoots[vector.size - 1])));
  }
}

TEST(MerkleTreeTest, ConsistencyProofsAreThePublishedOnes) {
  const MerkleTree tree = reference_tree();
  struct Vector {
    std::uint64_t first;
    std::uint64_t second;
    std::vector<Sha256Digest> proof;
  };
  const std::vector<Vector> vectors = {
      // From one entry: the old tree is the first leaf, so the proof is its path.
      {1, 8,
       digests({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {2, 8,
       digests({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {6, 8,
       digests({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
  };
  for (const auto& vector : vectors) {
    auto proof = merkle_consistency_proof(tree, vector.first, vector.second);
    ASSERT_TRUE(proof.ok()) << proof.error().to_string();
    EXPECT_EQ(*proof, vector.proof) << vector.first << " to " << vector.second;
    EXPECT_TRUE(verify_merkle_consistency(vector.first, vector.second,
                                          digest(kRoots[vector.first - 1]),
                                          digest(kRoots[vector.second - 1]), vector.proof));
  }
}

TEST(MerkleTreeTest, EveryInclusionProofOfEverySizeUpTo70VerifiesAndAnyAlterationFails) {
  constexpr std::uint64_t kLargest = 70;
  const MerkleTree tree = tree_of(kLargest);
  for (std::uint64_t size = 1; size <= kLargest; ++size) {
    const Sha256Digest root = *merkle_root(tree, size);
    for (std::uint64_t index = 0; index < size; ++index) {
      const Sha256Digest leaf = tree.node(0, index);
      auto proof = merkle_inclusion_proof(tree, index, size);
      ASSERT_TRUE(proof.ok());
      ASSERT_TRUE(verify_merkle_inclusion(index, size, leaf, *proof, root))
          << index << " of " << size;
      EXPECT_LE(proof->size(), 7u);  // ⌈log2 70⌉
      EXPECT_FALSE(verify_merkle_inclusion(index, size, altered(leaf), *proof, root));
      EXPECT_FALSE(verify_merkle_inclusion(index, size, leaf, *proof, altered(root)));
      EXPECT_FALSE(verify_merkle_inclusion(size, size, leaf, *proof, root));
      if (index + 1 < size) {
        EXPECT_FALSE(verify_merkle_inclusion(index + 1, size, leaf, *proof, root));
      }
      for (std::size_t i = 0; i < proof->size(); ++i) {
        auto changed = *proof;
        changed[i] = altered(changed[i], i);
        EXPECT_FALSE(verify_merkle_inclusion(index, size, leaf, changed, root));
      }
      if (!proof->empty()) {
        auto shorter = *proof;
        shorter.pop_back();
        EXPECT_FALSE(verify_merkle_inclusion(index, size, leaf, shorter, root));
      }
      auto longer = *proof;
      longer.push_back(root);
      EXPECT_FALSE(verify_merkle_inclusion(index, size, leaf, longer, root));
    }
  }
}

TEST(MerkleTreeTest, EveryConsistencyProofBetweenSizesUpTo70VerifiesAndAnyAlterationFails) {
  constexpr std::uint64_t kLargest = 70;
  const MerkleTree tree = tree_of(kLargest);
  std::vector<Sha256Digest> roots;
  for (std::uint64_t size = 0; size <= kLargest; ++size) roots.push_back(*merkle_root(tree, size));
  for (std::uint64_t second = 0; second <= kLargest; ++second) {
    for (std::uint64_t first = 0; first <= second; ++first) {
      auto proof = merkle_consistency_proof(tree, first, second);
      ASSERT_TRUE(proof.ok());
      ASSERT_TRUE(verify_merkle_consistency(first, second, roots[first], roots[second], *proof))
          << first << " to " << second;
      EXPECT_LE(proof->size(), 2 * 7u);
      if (first == 0) {
        // Every tree extends the empty one: only the empty tree's root and no proof do.
        EXPECT_TRUE(proof->empty());
        EXPECT_FALSE(verify_merkle_consistency(0, second, altered(roots[0]), roots[second], {}));
        EXPECT_FALSE(verify_merkle_consistency(0, second, roots[0], roots[second],
                                               std::vector<Sha256Digest>{roots[0]}));
        continue;
      }
      if (first == second) {
        EXPECT_TRUE(proof->empty());
        EXPECT_FALSE(
            verify_merkle_consistency(first, second, roots[first], altered(roots[second]), {}));
        continue;
      }
      EXPECT_FALSE(
          verify_merkle_consistency(first, second, altered(roots[first]), roots[second], *proof));
      EXPECT_FALSE(
          verify_merkle_consistency(first, second, roots[first], altered(roots[second]), *proof));
      EXPECT_FALSE(verify_merkle_consistency(second, first, roots[second], roots[first], *proof));
      if (first + 1 < second) {
        EXPECT_FALSE(
            verify_merkle_consistency(first + 1, second, roots[first], roots[second], *proof));
      }
      for (std::size_t i = 0; i < proof->size(); ++i) {
        auto changed = *proof;
        changed[i] = altered(changed[i], i);
        EXPECT_FALSE(
            verify_merkle_consistency(first, second, roots[first], roots[second], changed));
      }
      auto shorter = *proof;
      shorter.pop_back();
      EXPECT_FALSE(verify_merkle_consistency(first, second, roots[first], roots[second], shorter));
      auto longer = *proof;
      longer.push_back(roots[first]);
      EXPECT_FALSE(verify_merkle_consistency(first, second, roots[first], roots[second], longer));
    }
  }
}

TEST(MerkleTreeTest, ALogRewrittenBeforeAnOldHeadFailsItsConsistencyProof) {
  // A log shown at size 1,000 and later at 5,000 with entry 500 rewritten: no proof the
  // rewritten tree can make takes the old root to the new one.
  const MerkleTree honest = tree_of(5000);
  MerkleTree rewritten;
  for (std::uint64_t i = 0; i < 5000; ++i) {
    rewritten.append(i == 500 ? std::string("rewritten") : "entry " + std::to_string(i));
  }
  const Sha256Digest old_root = *merkle_root(honest, 1000);
  auto proof = merkle_consistency_proof(rewritten, 1000, 5000);
  ASSERT_TRUE(proof.ok());
  EXPECT_FALSE(verify_merkle_consistency(1000, 5000, old_root, rewritten.root(), *proof));
  EXPECT_TRUE(verify_merkle_consistency(1000, 5000, old_root, honest.root(),
                                        *merkle_consistency_proof(honest, 1000, 5000)));
  // And the rewritten entry's receipt (its inclusion in the old tree) fails on the new one.
  const auto receipt = *merkle_inclusion_proof(rewritten, 500, 5000);
  EXPECT_FALSE(
      verify_merkle_inclusion(500, 5000, merkle_leaf_hash("entry 500"), receipt, rewritten.root()));
}

TEST(MerkleTreeTest, RandomProofsInALargeTreeVerify) {
  testkit::SeededRng rng(20261207);
  const MerkleTree tree = tree_of(100'003);
  for (int round = 0; round < 300; ++round) {
    const std::uint64_t second = rng.between(1, tree.size());
    const std::uint64_t first = rng.between(0, second);
    const std::uint64_t index = rng.below(second);
    const Sha256Digest root = *merkle_root(tree, second);
    const auto inclusion = *merkle_inclusion_proof(tree, index, second);
    ASSERT_TRUE(verify_merkle_inclusion(index, second, tree.node(0, index), inclusion, root))
        << index << " of " << second;
    EXPECT_LE(inclusion.size(), 17u);  // ⌈log2 100,003⌉
    const auto consistency = *merkle_consistency_proof(tree, first, second);
    ASSERT_TRUE(
        verify_merkle_consistency(first, second, *merkle_root(tree, first), root, consistency))
        << first << " to " << second;
  }
}

// The tree of `size` copies of one entry: every node of a level has the same hash, so a
// log of any size costs one hash per level, and its proofs can be made and checked
// without ten million entries in memory.
class UniformTree final : public MerkleNodes {
 public:
  explicit UniformTree(std::uint64_t size) : size_(size) {
    level_hashes_.push_back(merkle_leaf_hash("the same entry"));
    for (std::uint64_t width = 2; width <= size; width *= 2) {
      level_hashes_.push_back(merkle_node_hash(level_hashes_.back(), level_hashes_.back()));
    }
  }
  [[nodiscard]] std::uint64_t size() const override { return size_; }
  [[nodiscard]] Sha256Digest node(unsigned level, std::uint64_t index) const override {
    EXPECT_LE((index + 1) << level, size_) << "a node beyond the tree";
    return level_hashes_.at(level);
  }

 private:
  std::uint64_t size_;
  std::vector<Sha256Digest> level_hashes_;
};

// Inclusion proofs of a 10,000,000-entry log hold at most ⌈log2 n⌉ = 24 hashes; a
// consistency proof at most one more (RFC 9162's proof from an old size that is not a
// power of two also carries the old tree's last node: 25 from 3, 5,000,001 or 8,388,607).
TEST(MerkleTreeTest, ProofsOfATenMillionEntryLogAreShortAndVerify) {
  constexpr std::uint64_t kSize = 10'000'000;
  const UniformTree nodes(kSize);
  const Sha256Digest root = *merkle_root(nodes, kSize);
  std::size_t longest_inclusion = 0;
  for (const std::uint64_t index :
       {0ULL, 1ULL, 4'999'999ULL, 8'388'607ULL, 8'388'608ULL, 9'999'998ULL, 9'999'999ULL}) {
    const auto proof = *merkle_inclusion_proof(nodes, index, kSize);
    EXPECT_TRUE(verify_merkle_inclusion(index, kSize, nodes.node(0, index), proof, root)) << index;
    longest_inclusion = std::max(longest_inclusion, proof.size());
  }
  EXPECT_EQ(longest_inclusion, 24u);
  std::size_t longest_consistency = 0;
  for (const std::uint64_t first : {1ULL, 2ULL, 3ULL, 1'000'000ULL, 5'000'001ULL, 8'388'607ULL,
                                    8'388'608ULL, 8'388'609ULL, 9'999'999ULL}) {
    const auto proof = *merkle_consistency_proof(nodes, first, kSize);
    EXPECT_TRUE(verify_merkle_consistency(first, kSize, *merkle_root(nodes, first), root, proof))
        << first;
    longest_consistency = std::max(longest_consistency, proof.size());
  }
  EXPECT_EQ(longest_consistency, 25u);
}

TEST(MerkleTreeTest, SizesBeyondTheTreeAreRefusedWithAClearError) {
  const MerkleTree tree = tree_of(8);
  EXPECT_EQ(merkle_root(tree, 9).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(merkle_inclusion_proof(tree, 8, 8).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(merkle_inclusion_proof(tree, 0, 9).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(merkle_consistency_proof(tree, 5, 3).error().code, ErrorCode::kInvalidArgument);
  const auto beyond = merkle_consistency_proof(tree, 1, 9);
  ASSERT_FALSE(beyond.ok());
  EXPECT_NE(beyond.error().message.find("9 entries"), std::string::npos) << beyond.error().message;
  EXPECT_TRUE(merkle_consistency_proof(tree, 0, 8)->empty());
  EXPECT_TRUE(merkle_consistency_proof(tree, 8, 8)->empty());
}

TEST(MerkleTreeTest, AppendsKeepEveryNodeTheRootsOfEarlierSizesNeed) {
  // Built leaf by leaf, the tree's root at each size is the one computed at that size.
  MerkleTree growing;
  const MerkleTree full = tree_of(300);
  for (std::uint64_t size = 1; size <= 300; ++size) {
    EXPECT_EQ(growing.append("entry " + std::to_string(size - 1)), size - 1);
    EXPECT_EQ(growing.root(), *merkle_root(full, size)) << size;
  }
}

TEST(MerkleFrontierTest, ItsRootAtEverySizeIsTheTreesAndItCompletesEveryNodeOnce) {
  const MerkleTree full = tree_of(300);
  MerkleFrontier frontier;
  EXPECT_EQ(frontier.root(), merkle_empty_root());
  std::uint64_t nodes_completed = 0;
  for (std::uint64_t size = 1; size <= 300; ++size) {
    frontier.append(merkle_leaf_hash("entry " + std::to_string(size - 1)),
                    [&](const MerkleNode& node) {
                      ++nodes_completed;
                      EXPECT_EQ(node.hash, full.node(node.level, node.index))
                          << "level " << node.level << " index " << node.index;
                      EXPECT_LE((node.index + 1) << node.level, size);
                    });
    ASSERT_EQ(frontier.size(), size);
    EXPECT_EQ(frontier.root(), *merkle_root(full, size)) << size;
    // Resumed from the stored nodes, the frontier is the same one.
    auto resumed = MerkleFrontier::of(full, size);
    ASSERT_TRUE(resumed.ok());
    EXPECT_EQ(resumed->root(), frontier.root()) << size;
  }
  // A tree of n leaves has 2n - popcount(n) perfect subtrees, each completed once.
  EXPECT_EQ(nodes_completed, 2 * 300 - std::popcount(300u));
  EXPECT_FALSE(MerkleFrontier::of(full, 301).ok());
}

}  // namespace
}  // namespace tally::engine

// The Merkle tree of RFC 9162 (Certificate Transparency 2.0), §2.1, over a log's entries
// (issue 22): leaf hash SHA-256(0x00 || entry), interior node SHA-256(0x01 || left ||
// right), the empty tree's hash SHA-256(""). An inclusion proof (§2.1.3) shows that an
// entry is in the tree of a given size; a consistency proof (§2.1.4) that the tree of one
// size is a prefix of a larger one. Both have O(log n) hashes; the verifiers follow the
// RFC's algorithms step by step, so a proof any RFC 9162 implementation makes checks here
// and the other way round (tests/engine/merkle_tree_test.cpp holds the published vectors).
//
// A tree's hashes come from its perfect subtrees ("nodes"): node (level, index) is the
// hash of leaves [index·2^level, (index+1)·2^level). Whoever keeps the nodes (MerkleTree
// in memory, a store on disk) offers them as a MerkleNodes; the root of any size up to
// its own, and every proof, reads O(log n) of them. Pure: no I/O, no clock.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "tally/engine/sha256.hpp"
#include "tally/error.hpp"

namespace tally::engine {

// SHA-256(0x00 || entry).
Sha256Digest merkle_leaf_hash(std::string_view entry);
// SHA-256(0x01 || left || right).
Sha256Digest merkle_node_hash(const Sha256Digest& left, const Sha256Digest& right);
// The hash of the tree of no entries: SHA-256 of the empty string.
Sha256Digest merkle_empty_root();

// The perfect subtrees of a tree of size() leaves: node(level, index) for every
// (index + 1)·2^level ≤ size().
class MerkleNodes {
 public:
  virtual ~MerkleNodes() = default;
  [[nodiscard]] virtual std::uint64_t size() const = 0;
  [[nodiscard]] virtual Sha256Digest node(unsigned level, std::uint64_t index) const = 0;
};

// The root of the tree of the first `size` leaves; kInvalidArgument beyond nodes.size().
Result<Sha256Digest> merkle_root(const MerkleNodes& nodes, std::uint64_t size);
// The inclusion proof of leaf `index` in the tree of `size` leaves (RFC 9162 PATH),
// nearest sibling first; kInvalidArgument unless index < size ≤ nodes.size().
Result<std::vector<Sha256Digest>> merkle_inclusion_proof(const MerkleNodes& nodes,
                                                         std::uint64_t index, std::uint64_t size);
// The consistency proof from the tree of `first` leaves to that of `second` (RFC 9162
// PROOF); empty when first is 0 or equal to second; kInvalidArgument unless
// first ≤ second ≤ nodes.size().
Result<std::vector<Sha256Digest>> merkle_consistency_proof(const MerkleNodes& nodes,
                                                           std::uint64_t first,
                                                           std::uint64_t second);

// Whether `proof` shows the leaf `leaf_hash` at `index` in the tree of `size` leaves whose
// root is `root` (RFC 9162 §2.1.3.2).
bool verify_merkle_inclusion(std::uint64_t index, std::uint64_t size, const Sha256Digest& leaf_hash,
                             std::span<const Sha256Digest> proof, const Sha256Digest& root);
// Whether `proof` shows the tree of `first` leaves (root `first_root`) to be a prefix of
// the tree of `second` leaves (root `second_root`) (RFC 9162 §2.1.4.2). The RFC defines it
// for 0 < first < second; here first == second holds with an empty proof and equal roots,
// and first == 0 with an empty proof and the empty tree's root (every tree extends it).
bool verify_merkle_consistency(std::uint64_t first, std::uint64_t second,
                               const Sha256Digest& first_root, const Sha256Digest& second_root,
                               std::span<const Sha256Digest> proof);

// A Merkle tree kept in memory: every node, appended leaf by leaf. An append stores the
// leaf and completes the nodes it closes: O(log n) hashes at worst, one on average.
class MerkleTree final : public MerkleNodes {
 public:
  // Appends the entry (its leaf hash) and returns its leaf index (0, 1, 2, ...).
  std::uint64_t append(std::string_view entry);
  std::uint64_t append_leaf_hash(const Sha256Digest& leaf_hash);

  [[nodiscard]] std::uint64_t size() const override;
  [[nodiscard]] Sha256Digest node(unsigned level, std::uint64_t index) const override;
  // The root of the whole tree.
  [[nodiscard]] Sha256Digest root() const;

 private:
  std::vector<std::vector<Sha256Digest>> levels_;  // levels_[L][i]: node (L, i)
};

// One perfect subtree's hash: node (level, index) covers leaves [index·2^level,
// (index+1)·2^level).
struct MerkleNode {
  unsigned level = 0;
  std::uint64_t index = 0;
  Sha256Digest hash{};
};

// The right edge of a tree: the hashes of the perfect subtrees its size decomposes into
// (one per set bit of the size, at most 64). That is all an append needs, O(log n) hashes
// at worst and one on average, and it gives the root. tallyd keeps one for its log and
// stores the nodes each append completes; a streaming verifier keeps one to recompute the
// root at every signed tree head.
class MerkleFrontier {
 public:
  // The empty tree.
  MerkleFrontier() = default;
  // The edge of the tree of `size` leaves, read from `nodes` (one node per set bit).
  static Result<MerkleFrontier> of(const MerkleNodes& nodes, std::uint64_t size);

  // Appends a leaf; `completed` (if set) sees every node the append completes, the leaf
  // itself (level 0) first, then upwards.
  void append(const Sha256Digest& leaf_hash,
              const std::function<void(const MerkleNode&)>& completed = {});

  [[nodiscard]] std::uint64_t size() const { return size_; }
  [[nodiscard]] Sha256Digest root() const;

 private:
  std::uint64_t size_ = 0;
  std::array<Sha256Digest, 64> edge_{};  // edge_[L]: the subtree of bit L of size_, if set
};

}  // namespace tally::engine

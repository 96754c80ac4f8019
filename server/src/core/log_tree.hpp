// The audit log's Merkle tree as tallyd keeps it (docs/audit.md, "Merkle tree"): the
// frontier in memory for O(log n) appends, the nodes of every kStoredMerkleLevelStep-th
// level written with the ops of each group commit, a tree head signed at every commit,
// and the proofs of the public log endpoints computed from the store on request. At
// start-up only the frontier's nodes are read (at most 64); a log stored before the tree
// existed gets its nodes once, then never again.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "tally/engine/ed25519.hpp"
#include "tally/engine/merkle_tree.hpp"
#include "tally/engine/transparency_log.hpp"
#include "tally/server/store.hpp"

namespace tally::server {

// The nodes of the stored tree of `size` entries, read from the store as a proof needs
// them. A read that fails makes node() return zeros; status() then says why, and whoever
// computed something from them must drop it.
class StoredMerkleNodes final : public engine::MerkleNodes {
 public:
  StoredMerkleNodes(Store& store, std::uint64_t size) : store_(store), size_(size) {}
  [[nodiscard]] std::uint64_t size() const override { return size_; }
  [[nodiscard]] engine::Sha256Digest node(unsigned level, std::uint64_t index) const override;
  [[nodiscard]] const Status& status() const { return status_; }

 private:
  // `count` consecutive nodes of a stored level (0: leaf hashes from the ops).
  std::vector<engine::Sha256Digest> stored(unsigned level, std::uint64_t first,
                                           std::size_t count) const;

  Store& store_;
  std::uint64_t size_;
  mutable Status status_;
};

class LogTree {
 public:
  // The tree of the stored log of `size` entries, with its last signed tree head (signed
  // now, at `now_ms`, if the store has none for that size).
  static Result<std::unique_ptr<LogTree>> open(Store& store, const engine::Ed25519KeyPair& key,
                                               std::uint64_t size, std::uint64_t now_ms);

  // Writer thread, before a group commit: appends the group's ops to the tree and puts the
  // nodes they complete and a tree head signed at `now_ms` into the group.
  Status prepare(WriteSet& group, std::uint64_t now_ms);
  // After a successful commit: its tree head becomes the published one.
  void published(const WriteSet& group);

  // The latest published tree head.
  [[nodiscard]] engine::TreeHead head() const;
  // The inclusion proof of log entry `log_index` in the tree of `tree_size` entries (0:
  // the latest head's). kInvalidArgument for sizes beyond the latest head or an index
  // outside the tree.
  // With the proof, the entry's op identity.
  using Inclusion = std::pair<engine::InclusionProof, engine::Dot>;
  Result<Inclusion> inclusion(std::uint64_t log_index, std::uint64_t tree_size);
  // The same for the entry of op `dot`; kNotFound if no entry has it.
  Result<Inclusion> inclusion_of(const engine::Dot& dot, std::uint64_t tree_size);
  // Log entries start, start + 1, ..., at most `count` of them.
  Result<std::vector<LogRow>> entries(std::uint64_t start, std::size_t count);
  // The consistency proof from the tree of `first` entries to that of `second`.
  Result<engine::ConsistencyProof> consistency(std::uint64_t first, std::uint64_t second);

 private:
  LogTree(Store& store, const engine::Ed25519KeyPair& key) : store_(store), key_(key) {}
  // The tree size a request names, checked against the latest head.
  Result<std::uint64_t> published_size(std::uint64_t tree_size) const;
  Result<Inclusion> proof_for(const LogRow& row, std::uint64_t tree_size);

  Store& store_;
  const engine::Ed25519KeyPair& key_;
  engine::MerkleFrontier frontier_;  // writer thread (and open)
  mutable std::mutex head_mutex_;
  engine::TreeHead head_;
};

}  // namespace tally::server

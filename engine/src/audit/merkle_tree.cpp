#include "tally/engine/merkle_tree.hpp"

#include <bit>
#include <optional>
#include <string>

namespace tally::engine {

namespace {

constexpr std::string_view kLeafPrefix("\x00", 1);
constexpr std::string_view kNodePrefix("\x01", 1);

// RFC 9162's k for a tree of n ≥ 2 leaves: the largest power of two smaller than n.
std::uint64_t split_of(std::uint64_t n) { return std::bit_floor(n - 1); }

// MTH(D[begin:end]) for 0 ≤ begin < end ≤ nodes.size(). A perfect, aligned range is one
// stored node; any other is split as the RFC splits it. Every range the RFC's recursions
// reach from [0, n) starts at a multiple of the power of two its size rounds up to, so
// its left part is always a stored node and this reads O(log n) nodes.
Sha256Digest subtree_hash(const MerkleNodes& nodes, std::uint64_t begin, std::uint64_t end) {
  const std::uint64_t n = end - begin;
  if (std::has_single_bit(n) && begin % n == 0) {
    const auto level = static_cast<unsigned>(std::countr_zero(n));
    return nodes.node(level, begin >> level);
  }
  const std::uint64_t k = split_of(n);
  return merkle_node_hash(subtree_hash(nodes, begin, begin + k),
                          subtree_hash(nodes, begin + k, end));
}

// PATH(m, D[begin:end]), m relative to begin, appended to `path`.
void inclusion_path(const MerkleNodes& nodes, std::uint64_t m, std::uint64_t begin,
                    std::uint64_t end, std::vector<Sha256Digest>& path) {
  const std::uint64_t n = end - begin;
  if (n == 1) return;
  const std::uint64_t k = split_of(n);
  if (m < k) {
    inclusion_path(nodes, m, begin, begin + k, path);
    path.push_back(subtree_hash(nodes, begin + k, end));
  } else {
    inclusion_path(nodes, m - k, begin + k, end, path);
    path.push_back(subtree_hash(nodes, begin, begin + k));
  }
}

// SUBPROOF(m, D[begin:end], whole), appended to `proof`: `whole` says D[begin:end]'s first
// m leaves are the whole old tree, whose root the verifier already has.
void consistency_path(const MerkleNodes& nodes, std::uint64_t m, std::uint64_t begin,
                      std::uint64_t end, bool whole, std::vector<Sha256Digest>& proof) {
  const std::uint64_t n = end - begin;
  if (m == n) {
    if (!whole) proof.push_back(subtree_hash(nodes, begin, end));
    return;
  }
  const std::uint64_t k = split_of(n);
  if (m <= k) {
    consistency_path(nodes, m, begin, begin + k, whole, proof);
    proof.push_back(subtree_hash(nodes, begin + k, end));
  } else {
    consistency_path(nodes, m - k, begin + k, end, false, proof);
    proof.push_back(subtree_hash(nodes, begin, begin + k));
  }
}

Error beyond(std::uint64_t size, const MerkleNodes& nodes) {
  return make_error(ErrorCode::kInvalidArgument, "a tree of " + std::to_string(size) +
                                                     " entries, but the log has " +
                                                     std::to_string(nodes.size()));
}

// One level of RFC 9162's walk up a proof (§2.1.3.2 step 4, §2.1.4.2 step 6): whether
// this level's proof hash is a left sibling, fn and sn moved to the next level. After a
// left sibling the walk also skips the levels where the path's edge has none (the
// RFC's "right-shift until LSB(fn) is set or fn is 0").
bool left_sibling_then_climb(std::uint64_t& fn, std::uint64_t& sn) {
  const bool left = (fn & 1) == 1 || fn == sn;
  while (left && fn != 0 && (fn & 1) == 0) {
    fn >>= 1;
    sn >>= 1;
  }
  fn >>= 1;
  sn >>= 1;
  return left;
}

}  // namespace

Sha256Digest merkle_leaf_hash(std::string_view entry) { return sha256_of({kLeafPrefix, entry}); }

Sha256Digest merkle_node_hash(const Sha256Digest& left, const Sha256Digest& right) {
  const auto bytes = [](const Sha256Digest& digest) {
    return std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
  };
  return sha256_of({kNodePrefix, bytes(left), bytes(right)});
}

Sha256Digest merkle_empty_root() { return sha256(std::string_view{}); }

Result<Sha256Digest> merkle_root(const MerkleNodes& nodes, std::uint64_t size) {
  if (size > nodes.size()) return beyond(size, nodes);
  if (size == 0) return merkle_empty_root();
  return subtree_hash(nodes, 0, size);
}

Result<std::vector<Sha256Digest>> merkle_inclusion_proof(const MerkleNodes& nodes,
                                                         std::uint64_t index, std::uint64_t size) {
  if (size > nodes.size()) return beyond(size, nodes);
  if (index >= size) {
    return make_error(ErrorCode::kInvalidArgument,
                      "entry " + std::to_string(index) + " is not in a tree of " +
                          std::to_string(size) + " entries (indices start at 0)");
  }
  std::vector<Sha256Digest> path;
  inclusion_path(nodes, index, 0, size, path);
  return path;
}

Result<std::vector<Sha256Digest>> merkle_consistency_proof(const MerkleNodes& nodes,
                                                           std::uint64_t first,
                                                           std::uint64_t second) {
  if (second > nodes.size()) return beyond(second, nodes);
  if (first > second) {
    return make_error(ErrorCode::kInvalidArgument, "no consistency proof from " +
                                                       std::to_string(first) + " entries back to " +
                                                       std::to_string(second));
  }
  std::vector<Sha256Digest> proof;
  if (first != 0 && first != second) consistency_path(nodes, first, 0, second, true, proof);
  return proof;
}

bool verify_merkle_inclusion(std::uint64_t index, std::uint64_t size, const Sha256Digest& leaf_hash,
                             std::span<const Sha256Digest> proof, const Sha256Digest& root) {
  if (index >= size) return false;
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Sha256Digest r = leaf_hash;
  for (const Sha256Digest& p : proof) {
    if (sn == 0) return false;
    r = left_sibling_then_climb(fn, sn) ? merkle_node_hash(p, r) : merkle_node_hash(r, p);
  }
  return sn == 0 && r == root;
}

bool verify_merkle_consistency(std::uint64_t first, std::uint64_t second,
                               const Sha256Digest& first_root, const Sha256Digest& second_root,
                               std::span<const Sha256Digest> proof) {
  if (first > second) return false;
  if (first == second) return proof.empty() && first_root == second_root;
  if (first == 0) return proof.empty() && first_root == merkle_empty_root();
  if (proof.empty()) return false;
  // When the old tree is a perfect subtree, its root is the path's first hash.
  const bool perfect = std::has_single_bit(first);
  const Sha256Digest& start = perfect ? first_root : proof.front();
  const std::span<const Sha256Digest> rest = perfect ? proof : proof.subspan(1);
  std::uint64_t fn = first - 1;
  std::uint64_t sn = second - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Sha256Digest fr = start;
  Sha256Digest sr = start;
  for (const Sha256Digest& c : rest) {
    if (sn == 0) return false;
    if (left_sibling_then_climb(fn, sn)) {
      fr = merkle_node_hash(c, fr);
      sr = merkle_node_hash(c, sr);
    } else {
      sr = merkle_node_hash(sr, c);
    }
  }
  return fr == first_root && sr == second_root && sn == 0;
}

std::uint64_t MerkleTree::append(std::string_view entry) {
  return append_leaf_hash(merkle_leaf_hash(entry));
}

std::uint64_t MerkleTree::append_leaf_hash(const Sha256Digest& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // A node closes when its level gets an even count: its parent is the last two.
  for (std::size_t level = 0; levels_[level].size() % 2 == 0; ++level) {
    if (level + 1 == levels_.size()) levels_.emplace_back();
    const auto& done = levels_[level];
    levels_[level + 1].push_back(merkle_node_hash(done[done.size() - 2], done.back()));
  }
  return levels_[0].size() - 1;
}

std::uint64_t MerkleTree::size() const { return levels_.empty() ? 0 : levels_[0].size(); }

Sha256Digest MerkleTree::node(unsigned level, std::uint64_t index) const {
  return levels_.at(level).at(index);
}

Sha256Digest MerkleTree::root() const { return *merkle_root(*this, size()); }

Result<MerkleFrontier> MerkleFrontier::of(const MerkleNodes& nodes, std::uint64_t size) {
  if (size > nodes.size()) return beyond(size, nodes);
  MerkleFrontier frontier;
  frontier.size_ = size;
  for (unsigned level = 0; level < 64; ++level) {
    if (((size >> level) & 1) != 0) frontier.edge_[level] = nodes.node(level, (size >> level) - 1);
  }
  return frontier;
}

void MerkleFrontier::append(const Sha256Digest& leaf_hash,
                            const std::function<void(const MerkleNode&)>& completed) {
  const std::uint64_t grown = size_ + 1;
  Sha256Digest carry = leaf_hash;
  unsigned level = 0;
  if (completed) completed(MerkleNode{0, size_, carry});
  // Like a binary counter's carry: each set bit of the old size closes one more level.
  while (((size_ >> level) & 1) != 0) {
    carry = merkle_node_hash(edge_[level], carry);
    ++level;
    if (completed) completed(MerkleNode{level, (grown >> level) - 1, carry});
  }
  edge_[level] = carry;
  size_ = grown;
}

Sha256Digest MerkleFrontier::root() const {
  if (size_ == 0) return merkle_empty_root();
  std::optional<Sha256Digest> right;
  for (unsigned level = 0; level < 64; ++level) {
    if (((size_ >> level) & 1) == 0) continue;
    right = right ? merkle_node_hash(edge_[level], *right) : edge_[level];
  }
  return *right;
}

}  // namespace tally::engine

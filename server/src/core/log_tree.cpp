#include "core/log_tree.hpp"

#include <string>

#include "base/log.hpp"

namespace tally::server {

namespace {

constexpr unsigned kStep = kStoredMerkleLevelStep;

bool stored_level(unsigned level) { return level > 0 && level % kStep == 0; }

// A log stored before schema version 4 has entries but no nodes: a tree of 2^kStep entries
// or more always has node (kStep, 0) once its commit is durable.
Status complete_stored_tree(Store& store, std::uint64_t size) {
  if (size < (std::uint64_t{1} << kStep)) return {};
  auto first = store.read_merkle_nodes(kStep, 0, 1);
  if (!first) return std::move(first).error();
  if (!first->empty()) return {};
  WriteSet nodes;
  engine::MerkleFrontier frontier;
  auto scanned = store.scan_log(0, [&](const LogRow& row) {
    frontier.append(
        engine::audit_leaf_hash(row.entry.index, row.entry.receive_ms, row.entry.op_bytes),
        [&](const engine::MerkleNode& node) {
          if (stored_level(node.level)) nodes.merkle_nodes.push_back(node);
        });
    return frontier.size() < size;
  });
  if (!scanned) return scanned;
  if (frontier.size() != size) {
    return make_error(ErrorCode::kCorruption, "the log has " + std::to_string(frontier.size()) +
                                                  " entries, expected " + std::to_string(size));
  }
  log_info("merkle_tree_built", {{"log_entries", std::to_string(size)},
                                 {"nodes", std::to_string(nodes.merkle_nodes.size())}});
  return store.commit(nodes);
}

}  // namespace

std::vector<engine::Sha256Digest> StoredMerkleNodes::stored(unsigned level, std::uint64_t first,
                                                            std::size_t count) const {
  std::vector<engine::Sha256Digest> hashes;
  if (level == 0) {
    auto page = store_.read_log(first, LogScope{}, count);
    if (!page) {
      status_ = std::move(page).error();
      return {};
    }
    for (const LogRow& row : page->rows) {
      hashes.push_back(
          engine::audit_leaf_hash(row.entry.index, row.entry.receive_ms, row.entry.op_bytes));
    }
  } else {
    auto nodes = store_.read_merkle_nodes(level, first, count);
    if (!nodes) {
      status_ = std::move(nodes).error();
      return {};
    }
    hashes = std::move(nodes).value();
  }
  if (hashes.size() != count) {
    status_ = make_error(ErrorCode::kCorruption,
                         "the store lacks Merkle nodes of level " + std::to_string(level) +
                             " from " + std::to_string(first) + " (" +
                             std::to_string(hashes.size()) + " of " + std::to_string(count) + ")");
    return {};
  }
  return hashes;
}

engine::Sha256Digest StoredMerkleNodes::node(unsigned level, std::uint64_t index) const {
  if (!status_) return {};
  // The nearest stored level at or below, and the perfect subtree of it under this node.
  const unsigned base = level - level % kStep;
  const unsigned height = level - base;
  std::vector<engine::Sha256Digest> hashes =
      stored(base, index << height, std::size_t{1} << height);
  if (hashes.empty()) return {};
  for (std::size_t width = hashes.size(); width > 1; width /= 2) {
    for (std::size_t i = 0; i < width / 2; ++i) {
      hashes[i] = engine::merkle_node_hash(hashes[2 * i], hashes[2 * i + 1]);
    }
  }
  return hashes.front();
}

Result<std::unique_ptr<LogTree>> LogTree::open(Store& store, const engine::Ed25519KeyPair& key,
                                               std::uint64_t size, std::uint64_t now_ms) {
  if (auto built = complete_stored_tree(store, size); !built) return std::move(built).error();
  std::unique_ptr<LogTree> tree(new LogTree(store, key));
  const StoredMerkleNodes nodes(store, size);
  auto frontier = engine::MerkleFrontier::of(nodes, size);
  if (!frontier) return std::move(frontier).error();
  if (!nodes.status()) return nodes.status().error();
  tree->frontier_ = *frontier;
  auto heads = store.load_tree_heads(size == 0 ? 0 : size - 1, 1);
  if (!heads) return std::move(heads).error();
  if (!heads->empty() && heads->front().tree_size == size) {
    tree->head_ = heads->front();
    if (tree->head_.root != tree->frontier_.root()) {
      return make_error(ErrorCode::kCorruption,
                        "the stored tree head of " + std::to_string(size) +
                            " entries does not sign the root of the stored tree");
    }
    return tree;
  }
  // The empty log, or a log stored before the tree: its head is signed now, and kept.
  auto head = engine::sign_tree_head(key, size, now_ms, tree->frontier_.root());
  if (!head) return std::move(head).error();
  tree->head_ = *head;
  if (size > 0) {
    WriteSet signed_head;
    signed_head.tree_head = *head;
    if (auto stored = store.commit(signed_head); !stored) return std::move(stored).error();
  }
  return tree;
}

Status LogTree::prepare(WriteSet& group, std::uint64_t now_ms) {
  if (group.ops.empty()) return {};
  // After a failed commit the log continues from what is stored: so does the tree.
  const std::uint64_t before = group.ops.front().entry.index - 1;
  if (frontier_.size() != before) {
    const StoredMerkleNodes nodes(store_, before);
    auto frontier = engine::MerkleFrontier::of(nodes, before);
    if (!frontier) return std::move(frontier).error();
    if (!nodes.status()) return nodes.status();
    frontier_ = *frontier;
  }
  for (const LogRow& row : group.ops) {
    frontier_.append(
        engine::audit_leaf_hash(row.entry.index, row.entry.receive_ms, row.entry.op_bytes),
        [&](const engine::MerkleNode& node) {
          if (stored_level(node.level)) group.merkle_nodes.push_back(node);
        });
  }
  auto head = engine::sign_tree_head(key_, frontier_.size(), now_ms, frontier_.root());
  if (!head) return std::move(head).error();
  group.tree_head = *head;
  return {};
}

void LogTree::published(const WriteSet& group) {
  if (!group.tree_head) return;
  std::lock_guard lock(head_mutex_);
  head_ = *group.tree_head;
}

engine::TreeHead LogTree::head() const {
  std::lock_guard lock(head_mutex_);
  return head_;
}

Result<std::uint64_t> LogTree::published_size(std::uint64_t tree_size) const {
  const std::uint64_t latest = head().tree_size;
  if (tree_size == 0) return latest;
  if (tree_size > latest) {
    return make_error(ErrorCode::kInvalidArgument,
                      "no signed tree head of " + std::to_string(tree_size) +
                          " entries: the latest is of " + std::to_string(latest));
  }
  return tree_size;
}

Result<LogTree::Inclusion> LogTree::proof_for(const LogRow& row, std::uint64_t tree_size) {
  if (row.entry.index > tree_size) {
    return make_error(ErrorCode::kInvalidArgument, "log entry " + std::to_string(row.entry.index) +
                                                       " is not in the tree of " +
                                                       std::to_string(tree_size) + " entries");
  }
  const StoredMerkleNodes nodes(store_, tree_size);
  auto path = engine::merkle_inclusion_proof(nodes, row.entry.index - 1, tree_size);
  if (!path) return std::move(path).error();
  if (!nodes.status()) return nodes.status().error();
  return Inclusion{engine::InclusionProof{tree_size, row.entry.index, row.entry.receive_ms,
                                          row.entry.op_bytes, std::move(path).value()},
                   row.dot};
}

Result<LogTree::Inclusion> LogTree::inclusion(std::uint64_t log_index, std::uint64_t tree_size) {
  auto size = published_size(tree_size);
  if (!size) return std::move(size).error();
  if (log_index == 0 || log_index > *size) {
    return make_error(ErrorCode::kInvalidArgument,
                      "log entry " + std::to_string(log_index) + " is not in the tree of " +
                          std::to_string(*size) + " entries (entries are numbered from 1)");
  }
  auto page = store_.read_log(log_index - 1, LogScope{}, 1);
  if (!page) return std::move(page).error();
  if (page->rows.empty() || page->rows.front().entry.index != log_index) {
    return make_error(ErrorCode::kCorruption,
                      "log entry " + std::to_string(log_index) + " is missing from the store");
  }
  return proof_for(page->rows.front(), *size);
}

Result<LogTree::Inclusion> LogTree::inclusion_of(const engine::Dot& dot, std::uint64_t tree_size) {
  auto size = published_size(tree_size);
  if (!size) return std::move(size).error();
  auto row = store_.find_op(dot);
  if (!row) return std::move(row).error();
  if (!*row) {
    return make_error(ErrorCode::kNotFound, "no log entry holds op " + std::to_string(dot.counter) +
                                                " of device " + dot.device);
  }
  return proof_for(**row, *size);
}

Result<std::vector<LogRow>> LogTree::entries(std::uint64_t start, std::size_t count) {
  auto page = store_.read_log(start - 1, LogScope{}, count);
  if (!page) return std::move(page).error();
  return std::move(page->rows);
}

Result<engine::ConsistencyProof> LogTree::consistency(std::uint64_t first, std::uint64_t second) {
  auto size = published_size(second);
  if (!size) return std::move(size).error();
  if (second == 0 || first > second) {
    return make_error(ErrorCode::kInvalidArgument,
                      "a consistency proof goes from a smaller tree to a larger one (first " +
                          std::to_string(first) + ", second " + std::to_string(second) + ")");
  }
  const StoredMerkleNodes nodes(store_, second);
  auto path = engine::merkle_consistency_proof(nodes, first, second);
  if (!path) return std::move(path).error();
  if (!nodes.status()) return nodes.status().error();
  return engine::ConsistencyProof{first, second, std::move(path).value()};
}

}  // namespace tally::server

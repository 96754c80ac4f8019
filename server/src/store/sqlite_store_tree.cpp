// The SQLite store's Merkle tree: the nodes of every kStoredMerkleLevelStep-th level and
// the signed tree heads, both written in the commit of the ops they cover.
#include <utility>

#include "store/sqlite_store_impl.hpp"

namespace tally::server {

namespace {

Error no_tree() {
  return make_error(ErrorCode::kInternal,
                    "store opened below schema version 4 has no Merkle tree to read");
}

}  // namespace

Status SqliteStore::write_tree(const WriteSet& writes) {
  for (const auto& node : writes.merkle_nodes) {
    insert_merkle_node_.bind(1, static_cast<std::int64_t>(node.level))
        .bind(2, as_int(node.index))
        .bind_blob(3, as_bytes(node.hash));
    if (auto status = insert_merkle_node_.run(); !status) return status;
  }
  if (!writes.tree_head) return {};
  const engine::TreeHead& head = *writes.tree_head;
  insert_tree_head_.bind(1, as_int(head.tree_size))
      .bind(2, as_int(head.timestamp_ms))
      .bind_blob(3, as_bytes(head.root))
      .bind_blob(4, as_bytes(head.signature));
  return insert_tree_head_.run();
}

Result<std::vector<engine::Sha256Digest>> SqliteStore::read_merkle_nodes(unsigned level,
                                                                         std::uint64_t first,
                                                                         std::size_t count) {
  std::vector<engine::Sha256Digest> nodes;
  nodes.reserve(count);
  auto reader = take_reader();
  if (!reader->has_tree) return no_tree();
  auto& query = reader->merkle_nodes;
  query.bind(1, static_cast<std::int64_t>(level))
      .bind(2, as_int(first))
      .bind(3, static_cast<std::int64_t>(count));
  Status status;
  while (status) {
    auto row = query.step();
    if (!row) {
      status = std::move(row).error();
    } else if (!*row) {
      break;
    } else {
      status = copy_fixed(query.column_blob(0), nodes.emplace_back(), "merkle node");
    }
  }
  query.reset();
  if (!status) return std::move(status).error();
  return nodes;
}

Result<std::vector<engine::TreeHead>> SqliteStore::load_tree_heads(std::uint64_t after,
                                                                   std::size_t limit) {
  std::vector<engine::TreeHead> heads;
  auto reader = take_reader();
  if (!reader->has_tree) return no_tree();
  auto& query = reader->tree_heads;
  query.bind(1, as_int(after)).bind(2, static_cast<std::int64_t>(limit));
  Status status;
  while (status) {
    auto row = query.step();
    if (!row) {
      status = std::move(row).error();
      break;
    }
    if (!*row) break;
    engine::TreeHead& head = heads.emplace_back();
    head.tree_size = as_uint(query.column_int(0));
    head.timestamp_ms = as_uint(query.column_int(1));
    status = copy_fixed(query.column_blob(2), head.root, "tree head root");
    if (status) status = copy_fixed(query.column_blob(3), head.signature, "tree head signature");
  }
  query.reset();
  if (!status) return std::move(status).error();
  return heads;
}

}  // namespace tally::server

// tallyd's Merkle tree over its store (core/log_tree.hpp): the nodes it stores with each
// group and recomputes between stored levels give the same roots and proofs as the whole
// tree in memory; a log stored before the tree gets it at start-up; a restart resumes
// the tree from the stored nodes; a commit that failed leaves the tree where the store is.
#include "core/log_tree.hpp"

#include <gtest/gtest.h>

#include "tally/engine/audit_chain.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/server/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace tally::server {
namespace {

engine::Ed25519KeyPair server_key() {
  engine::Ed25519Seed seed{};
  seed.fill(3);
  return std::move(engine::keypair_from_seed(seed)).value();
}

// A store, the log it holds in memory (chain and tree) and the group it writes next.
class LogTreeTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> open() {
    SqliteStoreOptions options;
    options.path = dir_.file("t.db");
    return std::move(open_sqlite_store(options)).value();
  }

  // `count` more ops, as the sequencer makes them.
  WriteSet group_of(std::size_t count) {
    WriteSet group;
    for (std::size_t i = 0; i < count; ++i) {
      engine::Op op;
      op.dot = {"dev-a", chain_.index() + 1};
      op.form = {"TN-0001", "NA-01"};
      op.field = "voted";
      op.value = engine::Count{static_cast<engine::Count>(chain_.index())};
      LogRow row;
      row.entry = chain_.append(engine::encode_op(op), 1'000 + chain_.index());
      row.dot = op.dot;
      row.form = op.form;
      tree_.append_leaf_hash(
          engine::audit_leaf_hash(row.entry.index, row.entry.receive_ms, row.entry.op_bytes));
      group.ops.push_back(std::move(row));
    }
    return group;
  }

  // Every root, and proofs from every 97th entry, of the stored tree equal the memory's.
  void expect_same_tree(Store& store) {
    const StoredMerkleNodes stored(store, tree_.size());
    for (std::uint64_t size = 1; size <= tree_.size(); size += 13) {
      EXPECT_EQ(*engine::merkle_root(stored, size), *engine::merkle_root(tree_, size)) << size;
      for (std::uint64_t leaf = 0; leaf < size; leaf += 97) {
        EXPECT_EQ(*engine::merkle_inclusion_proof(stored, leaf, size),
                  *engine::merkle_inclusion_proof(tree_, leaf, size));
      }
      EXPECT_EQ(*engine::merkle_consistency_proof(stored, size / 3, size),
                *engine::merkle_consistency_proof(tree_, size / 3, size));
    }
    EXPECT_TRUE(stored.status().ok()) << stored.status().error().to_string();
  }

  testkit::TempDir dir_;
  engine::Ed25519KeyPair key_ = server_key();
  engine::AuditChain chain_;
  engine::MerkleTree tree_;
};

TEST_F(LogTreeTest, GroupsStoreTheNodesThatGiveEveryRootAndProof) {
  auto store = open();
  auto tree = LogTree::open(*store, key_, 0, 5);
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ((*tree)->head().tree_size, 0u);
  for (const std::size_t count : {1U, 15U, 16U, 100U, 333U, 7U}) {
    WriteSet group = group_of(count);
    ASSERT_TRUE((*tree)->prepare(group, 10 + chain_.index()).ok());
    ASSERT_TRUE(store->commit(group).ok());
    (*tree)->published(group);
    const engine::TreeHead head = (*tree)->head();
    EXPECT_EQ(head.tree_size, chain_.index());
    EXPECT_EQ(head.root, tree_.root());
    EXPECT_TRUE(engine::verify_tree_head(key_.public_key(), head));
  }
  expect_same_tree(*store);
  // Only every fourth level is stored: far fewer rows than entries.
  auto level4 = store->read_merkle_nodes(4, 0, 1000);
  EXPECT_EQ(level4->size(), chain_.index() / 16);
  // Every commit's head is stored; the proofs the endpoints serve check against them.
  auto heads = store->load_tree_heads(0, 100);
  ASSERT_EQ(heads->size(), 6u);
  const auto [proof, dot] = *(*tree)->inclusion(17, 0);
  EXPECT_EQ(dot.counter, 17u);
  EXPECT_TRUE(engine::check_inclusion(proof, (*tree)->head()).ok());
  const auto consistency = (*tree)->consistency(heads->at(1).tree_size, chain_.index());
  EXPECT_TRUE(engine::check_consistency(heads->at(1), (*tree)->head(), *consistency).ok());
  EXPECT_EQ((*tree)->inclusion(chain_.index() + 1, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ((*tree)->inclusion_of({"dev-b", 1}, 0).error().code, ErrorCode::kNotFound);

  // A restart resumes the tree and its head from the store.
  auto resumed = LogTree::open(*store, key_, chain_.index(), 99);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ((*resumed)->head(), (*tree)->head());
  WriteSet more = group_of(40);
  ASSERT_TRUE((*resumed)->prepare(more, 100).ok());
  EXPECT_EQ(more.tree_head->root, tree_.root());
}

TEST_F(LogTreeTest, ALogStoredBeforeTheTreeGetsItOnceAtStartUp) {
  auto store = open();
  // Groups committed without nodes or tree heads, as tallyd before schema version 4 did.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store->commit(group_of(50)).ok());
  auto tree = LogTree::open(*store, key_, chain_.index(), 77);
  ASSERT_TRUE(tree.ok()) << tree.error().to_string();
  EXPECT_EQ((*tree)->head().root, tree_.root());
  EXPECT_EQ((*tree)->head().timestamp_ms, 77u);
  expect_same_tree(*store);
  EXPECT_EQ(store->load_tree_heads(0, 10)->size(), 1u) << "the head signed at start-up is kept";
}

TEST_F(LogTreeTest, AfterAFailedCommitTheTreeContinuesFromTheStore) {
  auto store = open();
  auto tree = LogTree::open(*store, key_, 0, 1);
  WriteSet first = group_of(20);
  ASSERT_TRUE((*tree)->prepare(first, 2).ok());
  ASSERT_TRUE(store->commit(first).ok());
  // A group prepared but never committed (its commit failed): the sequencer gives its
  // indexes to the next group.
  const engine::AuditChain committed = chain_;
  const engine::MerkleTree committed_tree = tree_;
  WriteSet lost = group_of(9);
  ASSERT_TRUE((*tree)->prepare(lost, 3).ok());
  chain_ = committed;
  tree_ = committed_tree;
  WriteSet next = group_of(5);
  ASSERT_TRUE((*tree)->prepare(next, 4).ok());
  EXPECT_EQ(next.tree_head->tree_size, 25u);
  EXPECT_EQ(next.tree_head->root, tree_.root());
}

}  // namespace
}  // namespace tally::server

// BM_StoredInclusionProof (issue 22): tallyd's inclusion proofs as its public log endpoint
// makes them, from the Merkle nodes in its SQLite store (core/log_tree.hpp: every fourth
// level stored, the levels between recomputed, leaves from the ops), over a log of
// 250,000 entries written the way the group commit writes them. Goal: ≥ 100,000
// proofs/s, as for the tree in memory (bench/audit_bench, BM_MerkleInclusionProof).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "core/log_tree.hpp"
#include "tally/engine/audit_chain.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/server/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace tally::bench {
namespace {

constexpr std::uint64_t kEntries = 250'000;
constexpr std::size_t kGroupOps = 2'000;

void BM_StoredInclusionProof(benchmark::State& state) {
  testkit::TempDir dir;
  server::SqliteStoreOptions options;
  options.path = dir.file("log.db");
  options.sync = server::SyncMode::kNormal;
  auto store = std::move(server::open_sqlite_store(options)).value();
  engine::Ed25519Seed seed{};
  auto key = std::move(engine::keypair_from_seed(seed)).value();
  auto tree = std::move(server::LogTree::open(*store, key, 0, 0)).value();
  engine::AuditChain chain;
  while (chain.index() < kEntries) {
    server::WriteSet group;
    for (std::size_t i = 0; i < kGroupOps; ++i) {
      engine::Op op;
      op.dot = {"dev-0123456789abcdef", chain.index() + 1};
      op.form = {"TN-" + std::to_string(chain.index() % 10'000), "NA-01"};
      op.field = "voted";
      op.value = engine::Count{static_cast<engine::Count>(chain.index() % 1'000)};
      server::LogRow row;
      row.entry = chain.append(engine::encode_op(op), 1'621'749'600'000 + chain.index());
      row.dot = op.dot;
      row.form = op.form;
      group.ops.push_back(std::move(row));
    }
    if (!tree->prepare(group, chain.index()) || !store->commit(group)) {
      state.SkipWithError("writing the log failed");
      return;
    }
    tree->published(group);
  }
  std::uint64_t index = 0;
  std::size_t hashes = 0;
  for (auto _ : state) {
    index = index % kEntries + 7'919;  // a prime stride: every part of the tree
    auto proof = tree->inclusion(index % kEntries + 1, kEntries);
    if (!proof) {
      state.SkipWithError(proof.error().to_string().c_str());
      return;
    }
    hashes = proof->first.audit_path.size();
    benchmark::DoNotOptimize(proof);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["proof_hashes"] = static_cast<double>(hashes);
}
BENCHMARK(BM_StoredInclusionProof)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace tally::bench

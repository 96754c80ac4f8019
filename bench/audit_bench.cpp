// Audit chain, Merkle tree and signature rates. Goals: chain append ≥ 1,000,000 entries/s
// (issue 4); Merkle tree append ≥ 1,000,000 entries/s and inclusion proofs ≥ 100,000/s
// (issue 22); Ed25519 sign and verify rates recorded.
#include <benchmark/benchmark.h>

#include "../tests/engine/wire_samples.hpp"
#include "tally/engine/audit_chain.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/merkle_tree.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"

namespace tally::engine {
namespace {

Ed25519KeyPair bench_key() {
  Ed25519Seed seed{};
  seed.fill(0x2a);
  return std::move(keypair_from_seed(seed)).value();
}

void BM_ChainAppend(benchmark::State& state) {
  const std::string op_bytes = encode_op(samples::set_op("dev-TN-0001-a", 42, 1234));
  AuditChain chain;
  std::uint64_t receive_ms = 1'621'749'600'000;
  for (auto _ : state) benchmark::DoNotOptimize(chain.append(op_bytes, ++receive_ms));
  state.SetItemsProcessed(state.iterations());
  state.counters["op_bytes"] = static_cast<double>(op_bytes.size());
}
BENCHMARK(BM_ChainAppend);

// RFC 9162 tree append of one op's entry: its leaf hash and the nodes it closes.
void BM_MerkleAppend(benchmark::State& state) {
  const std::string op_bytes = encode_op(samples::set_op("dev-TN-0001-a", 42, 1234));
  MerkleTree tree;
  for (auto _ : state) benchmark::DoNotOptimize(tree.append(op_bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MerkleAppend);

// Inclusion proofs of entries spread over a tree of a million entries, in its whole size.
void BM_MerkleInclusionProof(benchmark::State& state) {
  constexpr std::uint64_t kEntries = 1'000'000;
  MerkleTree tree;
  for (std::uint64_t i = 0; i < kEntries; ++i) tree.append("entry " + std::to_string(i));
  std::uint64_t index = 0;
  std::size_t hashes = 0;
  for (auto _ : state) {
    index = (index + 7'919) % kEntries;  // a prime stride: every part of the tree
    auto proof = merkle_inclusion_proof(tree, index, kEntries);
    hashes = proof->size();
    benchmark::DoNotOptimize(proof);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["proof_hashes"] = static_cast<double>(hashes);
}
BENCHMARK(BM_MerkleInclusionProof);

void BM_Ed25519Sign(benchmark::State& state) {
  const Ed25519KeyPair key = bench_key();
  const std::string message = head_signing_bytes(1000, Sha256Digest{});
  for (auto _ : state) benchmark::DoNotOptimize(key.sign(message));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519Sign);

void BM_Ed25519Verify(benchmark::State& state) {
  const Ed25519KeyPair key = bench_key();
  const std::string message = head_signing_bytes(1000, Sha256Digest{});
  const Ed25519Signature signature = *key.sign(message);
  for (auto _ : state) benchmark::DoNotOptimize(verify(key.public_key(), message, signature));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ed25519Verify);

// Verifying a whole signed log of 10,000 entries (hashes, op decoding, one head).
void BM_VerifyChain10k(benchmark::State& state) {
  const Ed25519KeyPair key = bench_key();
  AuditChain chain;
  std::vector<AuditEntry> entries;
  for (std::uint64_t counter = 1; counter <= 10'000; ++counter) {
    entries.push_back(chain.append(
        encode_op(samples::set_op("dev-TN-0001-a", counter, 1)), 1'621'749'600'000 + counter));
  }
  const std::vector<SignedHead> heads{*sign_head(key, chain.index(), chain.head())};
  for (auto _ : state) {
    ChainVerdict verdict = verify_chain(entries, heads, key.public_key());
    if (!verdict.ok()) state.SkipWithError(verdict.message.c_str());
  }
  state.SetItemsProcessed(state.iterations() * 10'000);
}
BENCHMARK(BM_VerifyChain10k);

}  // namespace
}  // namespace tally::engine

BENCHMARK_MAIN();

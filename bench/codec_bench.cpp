// Wire codec throughput: an UploadBatch of 100 officer edits, encoded and decoded.
// Goal (issue 4): encode + decode ≥ 500 MB/s of frame bytes.
#include <benchmark/benchmark.h>

#include "../tests/engine/wire_samples.hpp"
#include "tally/engine/messages.hpp"
#include "tally/engine/op_codec.hpp"

namespace tally::engine {
namespace {

Message upload_batch_of_100() {
  UploadBatchMessage batch;
  for (std::uint64_t counter = 1; counter <= 100; ++counter) {
    batch.ops.push_back(samples::set_op("dev-TN-0001-a", counter, static_cast<Count>(counter)));
  }
  return batch;
}

void BM_UploadBatchEncodeDecode(benchmark::State& state) {
  const Message batch = upload_batch_of_100();
  std::size_t frame_bytes = 0;
  for (auto _ : state) {
    std::string frame = encode(batch);
    auto decoded = decode(frame);
    benchmark::DoNotOptimize(decoded);
    frame_bytes = frame.size();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(frame_bytes));
  state.counters["frame_bytes"] = static_cast<double>(frame_bytes);
}
BENCHMARK(BM_UploadBatchEncodeDecode);

void BM_UploadBatchEncode(benchmark::State& state) {
  const Message batch = upload_batch_of_100();
  std::size_t frame_bytes = 0;
  for (auto _ : state) {
    std::string frame = encode(batch);
    frame_bytes = frame.size();
    benchmark::DoNotOptimize(frame);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(frame_bytes));
}
BENCHMARK(BM_UploadBatchEncode);

void BM_UploadBatchDecode(benchmark::State& state) {
  const std::string frame = encode(upload_batch_of_100());
  for (auto _ : state) {
    auto decoded = decode(frame);
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(frame.size()));
}
BENCHMARK(BM_UploadBatchDecode);

void BM_EncodeOp(benchmark::State& state) {
  const Op op = samples::set_op("dev-TN-0001-a", 42, 1234);
  for (auto _ : state) benchmark::DoNotOptimize(encode_op(op));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeOp);

}  // namespace
}  // namespace tally::engine

BENCHMARK_MAIN();

#include "parallel.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace tally::demo {

Status for_each_item(std::size_t count, std::size_t threads,
                     const std::function<ItemWork()>& make_worker,
                     const std::function<void(std::size_t finished)>& progress) {
  threads = std::max<std::size_t>(1, std::min(threads, count));
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> finished{0};
  std::atomic<std::size_t> running{threads};
  std::atomic<bool> failed{false};
  std::mutex failure_mutex;
  std::optional<Error> failure;
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      const ItemWork work = make_worker();
      for (std::size_t item = next++; item < count && !failed.load(); item = next++) {
        if (auto status = work(item); !status) {
          std::lock_guard lock(failure_mutex);
          if (!failure) failure = status.error();
          failed = true;
          break;
        }
        finished.fetch_add(1);
      }
      running.fetch_sub(1);
    });
  }
  std::size_t shown = 0;
  while (running.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (const std::size_t now = finished.load(); now != shown) progress(shown = now);
  }
  for (auto& thread : pool) thread.join();
  if (finished.load() != shown) progress(finished.load());
  if (failure) return *failure;
  return {};
}

}  // namespace tally::demo

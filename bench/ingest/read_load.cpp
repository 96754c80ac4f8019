#include "ingest/read_load.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <thread>
#include <vector>

#include "tally/http/url.hpp"

namespace tally::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;

// The largest answer read: a whole province's tally with room.
constexpr std::uint64_t kMaxBodyBytes = 64ULL << 20;

struct ReadLoad::Run {
  asio::io_context io;
  asio::ip::tcp::endpoint server;
  bhttp::request<bhttp::empty_body> request;
  std::atomic<bool> stopping{false};
  Clock::time_point started = Clock::now();
  Clock::time_point stopped;
  // Per client: each answer's latency (µs), and its errors; read once the thread ended.
  std::vector<std::vector<std::uint32_t>> latencies;
  std::vector<std::uint64_t> errors;
  std::vector<std::uint64_t> body_bytes;
  std::vector<std::uint64_t> full_answers;  // 200s (the rest are 304s)
  std::thread thread;
  std::string url_error;

  asio::awaitable<void> client(std::size_t index) {
    auto& seen = latencies[index];
    while (!stopping) {
      asio::ip::tcp::socket socket(io);
      try {
        co_await socket.async_connect(server, asio::use_awaitable);
        beast::flat_buffer buffer;
        // As a browser does: revalidate the copy it holds (the answer is 304 if unchanged).
        auto asking = request;
        while (!stopping) {
          const auto asked = Clock::now();
          co_await bhttp::async_write(socket, asking, asio::use_awaitable);
          bhttp::response_parser<bhttp::string_body> answer;
          answer.body_limit(kMaxBodyBytes);
          co_await bhttp::async_read(socket, buffer, answer, asio::use_awaitable);
          const auto micros =
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - asked).count();
          seen.push_back(static_cast<std::uint32_t>(micros));
          const auto status = answer.get().result_int();
          if (status != 200 && status != 304) ++errors[index];
          if (status == 200) {
            ++full_answers[index];
            asking.set(bhttp::field::if_none_match, answer.get()[bhttp::field::etag]);
          }
          body_bytes[index] += answer.get().body().size();
          if (!answer.get().keep_alive()) break;
        }
      } catch (const boost::system::system_error&) {
        ++errors[index];
      }
    }
  }
};

ReadLoad::ReadLoad(const std::string& url, const std::string& token, unsigned connections)
    : run_(std::make_unique<Run>()) {
  auto parsed = http::parse_url(url);
  if (!parsed) {
    run_->url_error = parsed.error().to_string();
    return;
  }
  run_->server = {asio::ip::make_address(parsed->host), parsed->port};
  run_->request = {bhttp::verb::get, parsed->target, 11};
  run_->request.set(bhttp::field::host, parsed->host + ":" + std::to_string(parsed->port));
  run_->request.set(bhttp::field::accept, "application/json");
  run_->request.set(bhttp::field::accept_encoding, "gzip");  // as every browser sends
  if (!token.empty()) run_->request.set(bhttp::field::authorization, "Bearer " + token);
  run_->request.keep_alive(true);
  run_->latencies.resize(connections);
  run_->errors.resize(connections);
  run_->body_bytes.resize(connections);
  run_->full_answers.resize(connections);
  for (auto& seen : run_->latencies) seen.reserve(1 << 16);
  for (std::size_t i = 0; i < connections; ++i) {
    asio::co_spawn(run_->io, run_->client(i), asio::detached);
  }
  run_->started = Clock::now();
  run_->thread = std::thread([run = run_.get()] { run->io.run(); });
}

ReadLoad::~ReadLoad() {
  if (run_->thread.joinable()) static_cast<void>(finish());
}

Result<ReadFigures> ReadLoad::finish() {
  if (!run_->url_error.empty()) return make_error(ErrorCode::kInvalidArgument, run_->url_error);
  if (run_->thread.joinable()) {
    run_->stopping = true;
    run_->stopped = Clock::now();
    run_->thread.join();
  }
  std::vector<std::uint32_t> all;
  ReadFigures figures;
  for (std::size_t i = 0; i < run_->latencies.size(); ++i) {
    all.insert(all.end(), run_->latencies[i].begin(), run_->latencies[i].end());
    figures.errors += static_cast<double>(run_->errors[i]);
    figures.body_bytes += static_cast<double>(run_->body_bytes[i]);
    figures.full_answers += static_cast<double>(run_->full_answers[i]);
  }
  if (all.empty()) return make_error(ErrorCode::kIoError, "the read load got no answer");
  figures.body_bytes /= std::max(1.0, figures.full_answers);
  figures.full_answers /= static_cast<double>(all.size());
  const double seconds = std::chrono::duration<double>(run_->stopped - run_->started).count();
  figures.requests_per_second = static_cast<double>(all.size()) / seconds;
  const auto p99 = all.begin() + static_cast<std::ptrdiff_t>(all.size() * 99 / 100);
  std::nth_element(all.begin(), p99, all.end());
  figures.p99_ms = *p99 / 1000.0;
  return figures;
}

}  // namespace tally::bench

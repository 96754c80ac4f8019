#include "ingest/read_load.hpp"

#include <array>
#include <regex>

namespace tally::bench {

namespace {

// wrk's latency text ("812.00us", "3.21ms", "1.02s") in milliseconds.
double to_ms(double value, const std::string& unit) {
  if (unit == "us") return value / 1000.0;
  if (unit == "s") return value * 1000.0;
  return value;
}

}  // namespace

ReadLoad::ReadLoad(const std::string& url, const std::string& token, unsigned threads,
                   unsigned connections, unsigned seconds) {
  std::string command = "wrk --latency -t" + std::to_string(threads) + " -c" +
                        std::to_string(connections) + " -d" + std::to_string(seconds) + "s";
  if (!token.empty()) command += " -H 'Authorization: Bearer " + token + "'";
  command += " '" + url + "' 2>&1";
  wrk_ = ::popen(command.c_str(), "r");
}

ReadLoad::~ReadLoad() {
  if (wrk_ != nullptr) ::pclose(wrk_);
}

Result<ReadFigures> ReadLoad::finish() {
  if (wrk_ == nullptr) return make_error(ErrorCode::kIoError, "wrk did not start");
  std::string report;
  std::array<char, 4096> chunk{};
  while (std::fgets(chunk.data(), static_cast<int>(chunk.size()), wrk_) != nullptr) {
    report += chunk.data();
  }
  const int status = ::pclose(wrk_);
  wrk_ = nullptr;
  if (status != 0)
    return make_error(ErrorCode::kIoError, "wrk failed (is it installed?): " + report);
  ReadFigures figures;
  std::smatch match;
  if (!std::regex_search(report, match, std::regex(R"(Requests/sec:\s+([0-9.]+))"))) {
    return make_error(ErrorCode::kIoError, "no Requests/sec in wrk's report: " + report);
  }
  figures.requests_per_second = std::stod(match[1]);
  if (!std::regex_search(report, match, std::regex(R"(\n\s+99%\s+([0-9.]+)(us|ms|s)\b)"))) {
    return make_error(ErrorCode::kIoError, "no 99% latency in wrk's report: " + report);
  }
  figures.p99_ms = to_ms(std::stod(match[1]), match[2]);
  if (std::regex_search(report, match, std::regex(R"(Non-2xx or 3xx responses:\s+([0-9]+))"))) {
    figures.non_2xx += std::stod(match[1]);
  }
  if (std::regex_search(
          report, match,
          std::regex(
              R"(Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+))"))) {
    for (std::size_t i = 1; i <= 4; ++i) figures.non_2xx += std::stod(match[i]);
  }
  return figures;
}

}  // namespace tally::bench

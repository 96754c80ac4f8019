// GET /metrics of the real tallyd after some traffic passes Prometheus' own checker
// (`promtool check metrics`, unpacked from Debian's prometheus package by
// `scripts/setup.sh --tests`, which starts no Prometheus service).
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "server_fixture.hpp"
#include "tally/build_info.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;
using MetricsTest = ServerFixture;

const engine::FormId kForm{"TN-0001", "NA-01"};

TEST_F(MetricsTest, MetricsAfterTrafficPassPromtoolAndNameWhatOperatorsWatch) {
  ASSERT_EQ(std::system("command -v promtool > /dev/null"), 0)
      << "promtool is missing: run scripts/setup.sh --tests";
  auto device = connected_device("TN-0001");
  ASSERT_TRUE(device
                  ->upload({device->set_op(kForm, "voted", engine::Count{810}),
                            device->set_op(kForm, "registered", engine::Count{812})})
                  .ok());
  auto other = connected_device("TN-0001");
  ASSERT_TRUE(other->upload({other->set_op(kForm, "voted", engine::Count{811})}).ok());
  TestDevice stranger("127.0.0.1", server_.port());
  EXPECT_FALSE(stranger.hello().ok());  // an error code is counted too

  auto metrics = tally::http::api_call(api(""), http::verb::get, "/metrics");
  ASSERT_TRUE(metrics.ok());
  ASSERT_EQ(metrics->status, 200u);
  const std::string& text = metrics->body;
  for (const char* expected :
       {"tally_ops_ingested_total 3\n", "tally_upload_batches_total 2\n",
        "tally_upload_batch_ops_bucket{le=\"+Inf\"} 2\n", "tally_commit_duration_seconds_count ",
        "tally_ack_latency_seconds_bucket{le=\"0.005\"} ", "tally_connected_devices 2\n",
        "tally_conflicts_open 1\n", "tally_stations_reported 0\n", "tally_stations_expected 2\n",
        "tally_errors_total{code=\"701\"} 1\n"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in\n" << text;
  }
  const std::string build_info = "tally_build_info{version=\"" + std::string(tally::kVersion) +
                                 "\",commit=\"" + std::string(tally::kGitCommit) + "\"} 1\n";
  EXPECT_NE(text.find(build_info), std::string::npos) << build_info << " not in\n" << text;
  // The process figures are tallyd's own: it started within the last hour (the test's
  // clock, not tallyd's), and its descriptor limit is the one its `serving` log line gave.
  const auto figure = [&](const char* name) {
    std::smatch match;
    const std::regex line(std::string("\n") + name + " ([0-9.e+]+)\n");
    EXPECT_TRUE(std::regex_search(text, match, line)) << name << " not in\n" << text;
    return match.empty() ? -1.0 : std::stod(match[1].str());
  };
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GE(figure("process_cpu_seconds_total"), 0.0);
  EXPECT_GT(figure("process_resident_memory_bytes"), 0.0);
  EXPECT_GE(figure("process_virtual_memory_bytes"), figure("process_resident_memory_bytes"));
  EXPECT_GE(figure("process_open_fds"), 3.0);
  std::smatch serving;
  const std::string log = read_file(server_.file("serve.log"));
  ASSERT_TRUE(std::regex_search(log, serving, std::regex(R"("descriptor_limit":([0-9]+))"))) << log;
  EXPECT_EQ(figure("process_max_fds"), std::stod(serving[1].str()));
  EXPECT_LE(figure("process_start_time_seconds"), now + 1);
  EXPECT_GT(figure("process_start_time_seconds"), now - 3600);

  const std::string path = server_.file("metrics.txt");
  std::ofstream(path) << text;
  const std::string report = server_.file("promtool.txt");
  EXPECT_EQ(std::system(("promtool check metrics < " + path + " > " + report + " 2>&1").c_str()), 0)
      << read_file(report) << text;
}

}  // namespace
}  // namespace tally::testkit

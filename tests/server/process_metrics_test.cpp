// The parsers of /proc that process_* metrics come from (base/process_metrics.hpp).
#include "base/process_metrics.hpp"

#include <gtest/gtest.h>

namespace tally::server {
namespace {

// proc(5)'s layout, with a command name that holds spaces and parentheses.
constexpr std::string_view kStat =
    "4242 (tally d) (x)) S 1 4242 4242 0 -1 4194560 1200 0 0 0 150 25 0 0 20 0 3 0 987654 "
    "123456789 2048 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";

TEST(ProcessMetricsTest, ParsesTheFieldsAfterTheLastParenthesis) {
  auto stat = parse_proc_stat(kStat);
  ASSERT_TRUE(stat.ok()) << stat.error().to_string();
  EXPECT_EQ(stat->user_ticks, 150u);
  EXPECT_EQ(stat->system_ticks, 25u);
  EXPECT_EQ(stat->start_ticks, 987654u);
  EXPECT_EQ(stat->virtual_bytes, 123456789u);
  EXPECT_EQ(stat->resident_pages, 2048u);
}

TEST(ProcessMetricsTest, RefusesATruncatedStatLine) {
  EXPECT_FALSE(parse_proc_stat("4242 (tallyd) S 1 4242").ok());
  EXPECT_FALSE(parse_proc_stat("no name here").ok());
}

TEST(ProcessMetricsTest, FindsTheBootTime) {
  auto boot = parse_boot_time("cpu  1 2 3\nintr 5\nctxt 9\nbtime 1764800000\nprocesses 7\n");
  ASSERT_TRUE(boot.ok());
  EXPECT_EQ(*boot, 1764800000u);
  EXPECT_FALSE(parse_boot_time("cpu 1 2 3\n").ok());
}

TEST(ProcessMetricsTest, ReadsThisProcess) {
  auto figures = read_process_figures();
  ASSERT_TRUE(figures.ok()) << figures.error().to_string();
  EXPECT_GT(figures->resident_bytes, 0u);
  EXPECT_GE(figures->virtual_bytes, figures->resident_bytes);
  EXPECT_GE(figures->open_fds, 3u);  // stdin, stdout, stderr at least
  EXPECT_GE(figures->max_fds, figures->open_fds);
  EXPECT_GT(figures->start_time_seconds, 1.0e9);
}

}  // namespace
}  // namespace tally::server

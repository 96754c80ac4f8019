#include "sanitizer_report.hpp"

#include <gtest/gtest.h>

namespace tally::testkit {
namespace {

TEST(SanitizerReportTest, LogWithoutReportGivesNothing) {
  EXPECT_EQ(sanitizer_report("tallyd: listening on 127.0.0.1:4000\nrefused: bad signature\n"),
            "");
}

TEST(SanitizerReportTest, EachRuntimesReportIsFoundFromTheStartOfItsLine) {
  const std::string before = "tallyd: listening\n";
  for (const std::string report :
       {"==12==ERROR: AddressSanitizer: heap-use-after-free on address 0x1\n",
        "==12==ERROR: LeakSanitizer: detected memory leaks\n",
        "WARNING: ThreadSanitizer: data race (pid=12)\n",
        "core.cpp:10:5: runtime error: signed integer overflow\n"}) {
    EXPECT_EQ(sanitizer_report(before + report + "tail\n"), report + "tail\n");
  }
}

TEST(SanitizerReportTest, LongReportIsCut) {
  const std::string report = "WARNING: ThreadSanitizer: data race\n" + std::string(100, 'x');
  EXPECT_EQ(sanitizer_report(report, 20), report.substr(0, 20));
}

}  // namespace
}  // namespace tally::testkit

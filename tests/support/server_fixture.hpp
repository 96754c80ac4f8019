// A running tallyd (plain, loopback, port 0) with helpers to enrol test devices through
// the HTTP API, shared by the integration tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tally/http/https_client.hpp"
#include "tallyd_process.hpp"
#include "test_device.hpp"

namespace tally::testkit {

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.initialised()) << "tallyd init failed";
    ASSERT_TRUE(server_.start(tls_))
        << "tallyd serve did not start; see " << server_.file("serve.log");
  }

  [[nodiscard]] tally::http::ApiTarget api(const std::string& token) const {
    return tally::http::ApiTarget{server_.url(), token, server_.file("tls-cert.pem")};
  }

  // A one-time code from POST /api/v1/enrolment-codes.
  std::string new_code(const std::string& station, const std::string& role = "officer",
                       int ttl_seconds = 0);

  // An enrolled device (its Hello not yet said).
  std::unique_ptr<TestDevice> enrolled_device(const std::string& station,
                                              const std::string& role = "officer");
  // An enrolled device that has said Hello.
  std::unique_ptr<TestDevice> connected_device(const std::string& station,
                                               const std::string& role = "officer");

  TallydProcess server_;
  bool tls_ = false;
};

}  // namespace tally::testkit

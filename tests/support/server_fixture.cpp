#include "server_fixture.hpp"

#include <boost/json.hpp>

namespace tally::testkit {

std::string ServerFixture::new_code(const std::string& station, const std::string& role,
                                    int ttl_seconds) {
  boost::json::object body{{"role", role}};
  if (!station.empty()) body["station"] = station;
  if (ttl_seconds > 0) body["ttl_seconds"] = ttl_seconds;
  auto response =
      tally::http::api_call(api(server_.operator_token()), boost::beast::http::verb::post,
                            "/api/v1/enrolment-codes", boost::json::serialize(body));
  EXPECT_TRUE(response.ok()) << (response ? "" : response.error().to_string());
  if (!response) return {};
  EXPECT_EQ(response->status, 201u) << response->body;
  const auto document = boost::json::parse(response->body);
  return boost::json::value_to<std::string>(document.at("code"));
}

std::unique_ptr<TestDevice> ServerFixture::enrolled_device(const std::string& station,
                                                           const std::string& role) {
  auto device = std::make_unique<TestDevice>("127.0.0.1", server_.port(),
                                             tls_ ? server_.file("tls-cert.pem") : std::string{});
  auto enrolled = device->enrol(new_code(station, role));
  EXPECT_TRUE(enrolled.ok()) << (enrolled ? "" : enrolled.error().to_string());
  return device;
}

std::unique_ptr<TestDevice> ServerFixture::connected_device(const std::string& station,
                                                            const std::string& role) {
  auto device = enrolled_device(station, role);
  auto welcome = device->hello();
  EXPECT_TRUE(welcome.ok()) << (welcome ? "" : welcome.error().to_string());
  return device;
}

}  // namespace tally::testkit

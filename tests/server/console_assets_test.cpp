// The console's compiled-in assets, served by the real tallyd over TLS: the page and its
// modules, their Content-Type, the security headers, ETag revalidation, no inline script.
#include <boost/json.hpp>
#include <filesystem>
#include <regex>

#include "server_fixture.hpp"

namespace tally::testkit {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

class ConsoleAssetsTest : public ServerFixture {
 protected:
  ConsoleAssetsTest() { tls_ = true; }

  tally::http::ApiResponse get(
      const std::string& path,
      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    auto target = api("");
    target.headers = headers;
    auto response = api_call(target, http::verb::get, path);
    EXPECT_TRUE(response.ok()) << response.error().to_string();
    return response.ok() ? std::move(response).value() : tally::http::ApiResponse{};
  }

  static void expect_security_headers(const tally::http::ApiResponse& response) {
    EXPECT_EQ(response.header("Content-Security-Policy"), kCsp);
    EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(response.header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
  }
};

TEST_F(ConsoleAssetsTest, TheRootIsTheConsolePageWithStrictHeaders) {
  ASSERT_TRUE(server_.url().starts_with("https://"));
  const auto page = get("/");
  EXPECT_EQ(page.status, 200u);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  expect_security_headers(page);
  EXPECT_NE(page.body.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(page.body.find("<script type=\"module\" src=\"/console/app.js\"></script>"),
            std::string::npos);
}

TEST_F(ConsoleAssetsTest, EachAssetHasTheContentTypeOfItsExtension) {
  const auto script = get("/console/app.js");
  EXPECT_EQ(script.status, 200u);
  EXPECT_EQ(script.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(script.body.find("textContent"), std::string::npos);
  expect_security_headers(script);
  const auto style = get("/console/style.css");
  EXPECT_EQ(style.status, 200u);
  EXPECT_EQ(style.header("Content-Type"), "text/css; charset=utf-8");
  expect_security_headers(style);
}

TEST_F(ConsoleAssetsTest, AMatchingETagAnswers304WithoutABody) {
  const auto first = get("/console/app.js");
  const std::string etag = first.header("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_TRUE(std::regex_match(etag, std::regex("\"[0-9a-f]{32}\"")));
  const auto again = get("/console/app.js", {{"If-None-Match", "\"other\", W/" + etag}});
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), etag);
  const auto stale = get("/console/app.js", {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(stale.status, 200u);
  EXPECT_EQ(stale.body, first.body);
}

TEST_F(ConsoleAssetsTest, AnUnknownAssetIsA404WithACode) {
  const auto missing = get("/console/nope.js");
  EXPECT_EQ(missing.status, 404u);
  expect_security_headers(missing);
  const auto document = boost::json::parse(missing.body);
  EXPECT_EQ(document.at("error").at("code").as_int64(), 803);
  EXPECT_EQ(get("/console/../index.html").status, 404u);
}

TEST_F(ConsoleAssetsTest, NoPageHasInlineScriptOrStyle) {
  const auto page = get("/");
  // Every <script> names a source and is empty; no style element or attribute; no
  // on... handler attribute. The CSP would refuse them; this keeps the page honest.
  EXPECT_FALSE(std::regex_search(page.body, std::regex("<script(?![^>]*\\bsrc=)")));
  EXPECT_FALSE(std::regex_search(page.body, std::regex("<script[^>]*>[^<]")));
  EXPECT_EQ(page.body.find("<style"), std::string::npos);
  EXPECT_FALSE(std::regex_search(page.body, std::regex("\\sstyle=")));
  EXPECT_FALSE(std::regex_search(page.body, std::regex("\\son[a-z]+=")));
}

// Every module the page loads is served, and none parses text as HTML: values from the
// server (names of stations and candidates among them) are appended as text only.
TEST_F(ConsoleAssetsTest, EveryModuleIsServedAndNoneParsesHtml) {
  const std::filesystem::path modules = std::string(TALLY_SOURCE_ROOT) + "/server/web/console";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(modules)) {
    if (entry.path().extension() != ".js") continue;
    const auto module = get("/console/" + entry.path().filename().string());
    EXPECT_EQ(module.status, 200u) << entry.path();
    EXPECT_EQ(module.body, read_file(entry.path().string())) << entry.path();
    for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"}) {
      EXPECT_EQ(module.body.find(sink), std::string::npos) << entry.path() << " uses " << sink;
    }
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

TEST_F(ConsoleAssetsTest, TheElectionDefinitionIsPublic) {
  const auto election = get("/api/v1/public/election");
  EXPECT_EQ(election.status, 200u);
  EXPECT_EQ(election.header("Content-Type"), "application/json");
  const auto document = boost::json::parse(election.body);
  EXPECT_EQ(document.at("id").as_string(), "mini-2021");
  EXPECT_EQ(document.at("units").at(0).at("candidates").at(0).at("name").as_string(),
            "Nguyễn Văn An");
}

}  // namespace
}  // namespace tally::testkit

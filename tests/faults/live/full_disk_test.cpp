// tallyd's data directory on a small tmpfs that fills up: tallyd refuses new writes with
// the transient E801 (storage full) while the device keeps its outbox, keeps serving reads
// (downloads to another device, /healthz, /api/v1/tally), corrupts nothing (tallyd verify),
// and takes the device's pending ops once space is freed. The tmpfs is mounted by the test
// (as root; otherwise the test runs itself again under `unshare -rm`, as a mapped root in
// its own mount namespace).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fault_night.hpp"
#include "tally/client/client.hpp"
#include "tally/client/tuning.hpp"
#include "tally/http/https_client.hpp"

namespace tally::faults {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

const engine::FormId kForm{"TN-0001", "NA-01"};
constexpr const char* kInNamespace = "TALLY_FAULTS_IN_MOUNT_NAMESPACE";

// A tmpfs of `size` mounted over `path` for the test's duration, holding what `path` held.
class TmpfsMount {
 public:
  TmpfsMount(const std::string& path, const std::string& size) : path_(path) {
    const std::string seed = path + ".seed";
    fs::rename(path, seed);
    fs::create_directory(path);
    const std::string options = "size=" + size + ",mode=0700";
    if (::mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      error_ = errno;
      fs::remove(path);
      fs::rename(seed, path);
      return;
    }
    mounted_ = true;
    fs::copy(seed, path, fs::copy_options::recursive);
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;

  [[nodiscard]] bool mounted() const { return mounted_; }
  [[nodiscard]] int error() const { return error_; }

  // Writes a file until the file system is full; returns the bytes written.
  std::size_t fill(const std::string& name) const {
    const int fd = ::open((path_ + "/" + name).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::string block(64 * 1024, 'x');
    std::size_t written = 0;
    while (fd >= 0) {
      const auto n = ::write(fd, block.data(), block.size());
      if (n <= 0) {
        if (block.size() == 1) break;
        block.resize(block.size() / 2);  // top up the last partial blocks
        continue;
      }
      written += static_cast<std::size_t>(n);
    }
    if (fd >= 0) ::close(fd);
    return written;
  }

 private:
  std::string path_;
  bool mounted_ = false;
  int error_ = 0;
};

std::unique_ptr<client::Client> enrolled_client(testkit::TallydProcess& server,
                                                const std::string& path) {
  auto opened = client::Client::open(path);
  if (!opened) return nullptr;
  client::EnrolRequest request;
  request.server_url = server.sync_url();
  request.code = server.enrolment_code(kForm.station_id, "officer");
  request.ca_pem = server.ca_pem();
  if (!(*opened)->enrol(request)) return nullptr;
  return std::move(opened).value();
}

std::optional<engine::Count> count_of(client::Client& client, const std::string& field) {
  auto view = client.form(kForm);
  if (!view) return std::nullopt;
  auto found = view->record.values.find(field);
  if (found == view->record.values.end()) return std::nullopt;
  if (const auto* count = std::get_if<engine::Count>(&found->second)) return *count;
  return std::nullopt;
}

bool eventually(const std::function<bool()>& condition, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return condition();
}

// Runs this test alone in a new user and mount namespace, where tmpfs may be mounted.
void rerun_in_mount_namespace() {
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  const std::string command =
      std::string(kInNamespace) + "=1 unshare -rm -- '" + self + "' --gtest_filter=FullDiskTest.*";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "the test failed in its mount namespace (" << command << ")";
}

TEST(FullDiskTest, TallydRefusesWritesTransientlyKeepsServingReadsAndResumesWhenSpaceIsFreed) {
  if (::geteuid() != 0 && std::getenv(kInNamespace) == nullptr) return rerun_in_mount_namespace();
  testkit::TallydProcess server;
  ASSERT_TRUE(server.initialised());
  TmpfsMount disk(server.data_dir(), "6m");
  ASSERT_TRUE(disk.mounted()) << "mount tmpfs: " << std::strerror(disk.error());
  ASSERT_TRUE(server.start(true)) << testkit::read_file(server.file("serve.log"));
  testkit::TempDir devices;
  auto officer = enrolled_client(server, devices.file("officer.db"));
  auto reader = enrolled_client(server, devices.file("reader.db"));
  ASSERT_NE(officer, nullptr);
  ASSERT_NE(reader, nullptr);
  ASSERT_TRUE(officer->set_count(kForm, "registered", 812).ok());
  ASSERT_TRUE(officer->start_sync().ok());
  ASSERT_TRUE(officer->wait_until_up_to_date(seconds(20)));

  // The disk fills up; the officer keeps entering (more than SQLite's WAL could reuse).
  EXPECT_GT(disk.fill("filler"), 0u);
  constexpr engine::Count kEdits = 400;
  for (engine::Count value = 1; value <= kEdits; ++value) {
    ASSERT_TRUE(officer->set_count(kForm, "voted", value).ok());
  }
  ASSERT_TRUE(eventually(
      [&] {
        const auto state = officer->sync_state();
        return state.last_error && state.last_error->code == ErrorCode::kStorageFull;
      },
      seconds(20)))
      << "the device never saw E801";
  const auto state = officer->sync_state();
  EXPECT_TRUE(state.last_error->transient) << state.last_error->to_string();
  EXPECT_GT(state.ops_pending, 0u);

  // Reads go on: a download to another device, the health check, the tally.
  ASSERT_TRUE(reader->start_sync().ok());
  EXPECT_TRUE(eventually([&] { return count_of(*reader, "registered") == 812; }, seconds(20)));
  const tally::http::ApiTarget api{server.url(), server.operator_token(), server.ca_file()};
  auto health = tally::http::api_call(api, boost::beast::http::verb::get, "/healthz");
  ASSERT_TRUE(health.ok()) << health.error().to_string();
  EXPECT_EQ(health->status, 200u);
  auto tally = tally::http::api_call(api, boost::beast::http::verb::get, "/api/v1/tally");
  ASSERT_TRUE(tally.ok()) << tally.error().to_string();
  EXPECT_EQ(tally->status, 200u) << tally->body;

  // Space is freed: the pending ops land by themselves, at the officer's next retry (its
  // Hellos failed too while the disk was full, so that may be a whole backoff away), and
  // the reader gets the last one.
  fs::remove(server.file("filler"));
  ASSERT_TRUE(officer->wait_until_up_to_date(client::tuning::kBackoffCap + seconds(30)))
      << "pending " << officer->sync_state().ops_pending;
  EXPECT_TRUE(eventually([&] { return count_of(*reader, "voted") == kEdits; }, seconds(20)));
  officer->stop_sync();
  reader->stop_sync();

  // Nothing is corrupt, and the officer's ops are in the log once each.
  ASSERT_EQ(server.stop(), 0);
  testkit::TempDir out;
  std::string errors;
  ASSERT_EQ(
      testkit::run_tallyd({"export", "--data", server.data_dir(), "--out", out.file("export")},
                          nullptr, &errors),
      0)
      << errors;
  ASSERT_EQ(testkit::run_tallyd({"verify", "--export", out.file("export")}, nullptr, &errors), 0)
      << errors;
  std::uint64_t checked = 0;
  const auto receipt = officer->last_receipt();
  ASSERT_TRUE(receipt.ok() && receipt->has_value());
  EXPECT_EQ((*receipt)->counter, static_cast<std::uint64_t>(kEdits) + 1);
  EXPECT_EQ(check_log_against_acks(out.file("export/audit.log"),
                                   {{officer->device()->device_id, (*receipt)->counter}}, checked),
            "");
  EXPECT_EQ(checked, static_cast<std::uint64_t>(kEdits) + 1);
}

}  // namespace
}  // namespace tally::faults

// `tallyd backup` while devices upload to the real tallyd, then `tallyd restore` into a new
// data directory: the restored store's export verifies and holds every op acked before the
// backup began.
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "server_fixture.hpp"
#include "tally/engine/audit_log_file.hpp"
#include "tally/engine/op_codec.hpp"
#include "temp_dir.hpp"

namespace tally::testkit {
namespace {

using BackupTest = ServerFixture;

const engine::FormId kForm{"TN-0001", "NA-01"};
constexpr std::size_t kDevices = 3;
constexpr std::int64_t kBatchOps = 10;

// Devices uploading batches of set ops, each on its own thread, until stopped; the last
// counter acked of each is kept, and waited on.
class UploadLoad {
 public:
  explicit UploadLoad(std::vector<std::unique_ptr<TestDevice>> devices)
      : devices_(std::move(devices)), acked_(devices_.size(), 0) {
    for (std::size_t i = 0; i < devices_.size(); ++i) threads_.emplace_back([this, i] { run(i); });
  }
  UploadLoad(const UploadLoad&) = delete;
  UploadLoad& operator=(const UploadLoad&) = delete;
  ~UploadLoad() { stop(); }

  // The last counter acked of each device, once each is past `floor` (or a device failed,
  // or the hang deadline passed).
  std::vector<std::uint64_t> acked_past(const std::vector<std::uint64_t>& floor) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, kHangDeadline, [&] {
      if (!failure_.empty()) return true;
      for (std::size_t i = 0; i < acked_.size(); ++i) {
        if (acked_[i] <= floor[i]) return false;
      }
      return true;
    });
    return acked_;
  }

  // Stops the uploads; returns the first failure ("" if none).
  std::string stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    std::lock_guard lock(mutex_);
    return failure_;
  }

  [[nodiscard]] const TestDevice& device(std::size_t i) const { return *devices_[i]; }

 private:
  void run(std::size_t i) {
    TestDevice& device = *devices_[i];
    for (std::uint64_t counter = 0;;) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
      }
      std::vector<engine::Op> ops;
      for (std::int64_t op = 0; op < kBatchOps; ++op) {
        ops.push_back(device.set_op(kForm, "voted", engine::Count{op}));
      }
      auto ack = device.upload(std::move(ops));
      std::lock_guard lock(mutex_);
      if (!ack) {
        failure_ = device.id() + ": " + ack.error().to_string();
        changed_.notify_all();
        return;
      }
      counter += kBatchOps;
      acked_[i] = counter;
      changed_.notify_all();
    }
  }

  std::vector<std::unique_ptr<TestDevice>> devices_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::uint64_t> acked_;
  bool stopping_ = false;
  std::string failure_;
  std::vector<std::thread> threads_;
};

// The dots (device, counter) of every op in an export's audit log.
std::set<engine::Dot> exported_dots(const std::string& export_dir) {
  std::set<engine::Dot> dots;
  auto log = engine::read_audit_log(read_file(export_dir + "/audit.log"));
  EXPECT_TRUE(log.ok()) << log.error().to_string();
  if (!log) return dots;
  for (const auto& entry : log->entries) {
    auto op = engine::decode_op(entry.op_bytes);
    EXPECT_TRUE(op.ok()) << op.error().to_string();
    if (op) dots.insert(op->dot);
  }
  return dots;
}

TEST_F(BackupTest, BackupDuringUploadsRestoresEveryOpAckedBeforeItBegan) {
  std::vector<std::unique_ptr<TestDevice>> devices;
  for (std::size_t i = 0; i < kDevices; ++i) devices.push_back(connected_device("TN-0001"));
  UploadLoad load(std::move(devices));
  const std::vector<std::uint64_t> none(kDevices, 0);
  const auto before_backup = load.acked_past(none);

  TempDir backups;
  const std::string backup = backups.file("backup");
  std::string output;
  std::string errors;
  ASSERT_EQ(run_tallyd({"backup", "--data", server_.data_dir(), "--to", backup}, &output, &errors),
            0)
      << errors;
  // The devices go on being acked after the backup: it did not stop the server.
  load.acked_past(load.acked_past(before_backup));
  ASSERT_EQ(load.stop(), "");

  const std::string restored = backups.file("restored");
  ASSERT_EQ(run_tallyd({"restore", "--from", backup, "--data", restored}, &output, &errors), 0)
      << errors;
  const std::string exported = backups.file("export");
  ASSERT_EQ(run_tallyd({"export", "--data", restored, "--out", exported}, &output, &errors), 0)
      << errors;
  ASSERT_EQ(run_tallyd({"verify", "--export", exported}, &output, &errors), 0) << output << errors;

  const auto dots = exported_dots(exported);
  for (std::size_t i = 0; i < kDevices; ++i) {
    ASSERT_GT(before_backup[i], 0u);
    for (std::uint64_t counter = 1; counter <= before_backup[i]; ++counter) {
      ASSERT_TRUE(dots.contains(engine::Dot{load.device(i).id(), counter}))
          << load.device(i).id() << ":" << counter << " was acked before the backup began";
    }
  }
}

TEST_F(BackupTest, RestoreRefusesADirectoryThatIsNotEmptyAndBackupAMissingStore) {
  TempDir backups;
  const std::string backup = backups.file("backup");
  ASSERT_EQ(run_tallyd({"backup", "--data", server_.data_dir(), "--to", backup}), 0);
  std::string errors;
  EXPECT_EQ(
      run_tallyd({"restore", "--from", backup, "--data", server_.data_dir()}, nullptr, &errors), 2);
  EXPECT_NE(errors.find("E1101"), std::string::npos) << errors;
  EXPECT_EQ(run_tallyd({"backup", "--data", backups.file("absent"), "--to", backups.file("b2")},
                       nullptr, &errors),
            1);
  EXPECT_NE(errors.find("E803"), std::string::npos) << errors;
}

}  // namespace
}  // namespace tally::testkit

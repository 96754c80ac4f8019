// Running tally-night from a test and checking its outcome from the outside: the exported
// records against the ground truth (and their tally against the engine's offline tally),
// the exported audit log (every device's ops once each, gap-free), and tallyd verify run
// on the export. Shared by the reduced-night and full-night tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tally::integration {

// One tally-night run in fresh directories (removed afterwards).
class NightRun {
 public:
  // Runs `tally-night --data DIR <arguments>` to its end; output() is its stdout followed by
  // the end of its stderr.
  explicit NightRun(const std::vector<std::string>& arguments);
  ~NightRun();
  NightRun(const NightRun&) = delete;
  NightRun& operator=(const NightRun&) = delete;

  [[nodiscard]] int exit_code() const { return exit_code_; }
  [[nodiscard]] const std::string& output() const { return output_; }
  [[nodiscard]] std::string data(const std::string& relative) const {
    return (root_ / "data" / relative).string();
  }
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  // The number after `label` on the output's line that contains it ("reconnects"), or -1.
  [[nodiscard]] long long figure(const std::string& label) const;

 private:
  std::filesystem::path root_;
  int exit_code_ = -1;
  std::string output_;
};

// Each check returns "" when it holds, else what is wrong.

// An auditor's re-tally: tally-offline over the export's definition, form schema and
// records gives the export's tally.json, byte for byte.
std::string check_offline_retally_equals_export(const NightRun& run);

// Every exported record has the ground truth's values, every ground-truth form was
// exported as accepted, and the engine tallies both sets of records to the same report.
std::string check_records_match_truth(const NightRun& run);
// Every op in the exported log has a dot not seen before, and each device's counters are
// 1, 2, ... without a gap.
std::string check_log_has_each_op_once(const NightRun& run);
// `tallyd verify --export` (in its own process) exits 0.
std::string check_tallyd_verify(const NightRun& run);
// With --keep: the report names the console's address and a login; that login opens a
// session on the still-running tallyd (POST /api/v1/session, role operator); then tallyd
// is stopped (SIGTERM, the pid the report names) and its end awaited.
std::string check_console_login_and_stop_kept_tallyd(const NightRun& run);
// No process of the night (tally-night, tallyd, the workers) wrote a sanitizer report to
// its log (asan-ubsan and tsan presets).
std::string check_no_sanitizer_report(const NightRun& run);

}  // namespace tally::integration

// Core: reads. Downloads come from the store's read connections (committed data only);
// the merged state is read under a shared lock.
#include <iterator>

#include "core/core.hpp"
#include "tally/engine/op_codec.hpp"

namespace tally::server {

Result<engine::PushedOpsMessage> Core::download(const LogScope& scope, std::uint64_t cursor) {
  auto page = store_.read_log(cursor, scope, options_.download_page_ops);
  if (!page) return std::move(page).error();
  if (cursor > page->last_index) {
    return make_error(ErrorCode::kCursorFromFuture, "cursor " + std::to_string(cursor) +
                                                        " is past the end of the log (" +
                                                        std::to_string(page->last_index) + ")");
  }
  engine::PushedOpsMessage message;
  message.entries.reserve(page->rows.size());
  for (auto& row : page->rows) {
    auto op = engine::decode_op(row.entry.op_bytes);
    if (!op) {
      return make_error(ErrorCode::kCorruption, "stored op " + std::to_string(row.entry.index) +
                                                    " does not decode: " + op.error().message);
    }
    message.entries.push_back(engine::LogOp{row.entry.index, std::move(op).value()});
  }
  message.up_to_date = page->rows.size() < options_.download_page_ops;
  message.next_cursor = message.up_to_date ? page->last_index : page->rows.back().entry.index;
  return message;
}

engine::SignedHead Core::latest_head() const {
  std::shared_lock lock(state_mutex_);
  return head_;
}

std::uint64_t Core::head_signed_ms() const {
  std::shared_lock lock(state_mutex_);
  return head_signed_ms_;
}

void Core::read_state(const std::function<void(const ElectionState&)>& read) const {
  std::shared_lock lock(state_mutex_);
  read(state_);
}

void Core::read_published(
    const std::function<void(const ElectionState&, std::uint64_t log_length)>& read) const {
  std::shared_lock lock(state_mutex_);
  read(state_, committed_chain_.index());
}

Result<std::vector<LogRow>> Core::station_log(const std::string& station) {
  std::vector<LogRow> rows;
  const LogScope scope{station};
  std::uint64_t after = 0;
  while (true) {
    auto page = store_.read_log(after, scope, options_.download_page_ops);
    if (!page) return std::move(page).error();
    const bool last = page->rows.size() < options_.download_page_ops;
    if (!page->rows.empty()) after = page->rows.back().entry.index;
    std::move(page->rows.begin(), page->rows.end(), std::back_inserter(rows));
    if (last) return rows;
  }
}

Result<std::vector<LogRow>> Core::form_log(const engine::FormId& form) {
  auto rows = station_log(form.station_id);
  if (!rows) return rows;
  std::erase_if(*rows, [&](const LogRow& row) { return row.form != form; });
  return rows;
}

StateFigures Core::figures() const {
  std::shared_lock lock(state_mutex_);
  StateFigures figures = state_.figures();
  figures.log_index = committed_chain_.index();
  return figures;
}

CommitMark Core::last_commit() const { return CommitMark{published_length_, last_commit_ms_}; }

LiveFigures Core::live_figures() const {
  LiveFigures figures;
  const std::uint64_t now_ms = clock_();
  figures.last_commit = last_commit();
  {
    std::lock_guard lock(commit_rate_mutex_);
    figures.ops_per_second = commit_rate_.per_second(now_ms);
  }
  figures.devices_online = devices_online_;
  figures.devices_enrolled = devices_enrolled_;
  return figures;
}

void Core::recount_enrolled() {
  std::size_t enrolled = 0;
  for (const auto& [id, device] : devices_) {
    if (!device.revoked && !is_console_author(id)) ++enrolled;
  }
  devices_enrolled_ = enrolled;
}

}  // namespace tally::server

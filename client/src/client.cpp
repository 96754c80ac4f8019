#include "tally/client/client.hpp"

#include <algorithm>

#include "enrolment.hpp"
#include "local_replica.hpp"
#include "receipt_check.hpp"
#include "sync_thread.hpp"
#include "tally/engine/hex.hpp"

namespace tally::client {

std::string_view to_string(SyncPhase phase) {
  switch (phase) {
    case SyncPhase::kOffline:
      return "offline";
    case SyncPhase::kConnecting:
      return "connecting";
    case SyncPhase::kSyncing:
      return "syncing";
    case SyncPhase::kUpToDate:
      return "up_to_date";
  }
  return "unknown";
}

struct Client::Impl {
  Impl(std::unique_ptr<LocalReplica> replica_in, ClientOptions options_in)
      : options(options_in), replica(std::move(replica_in)), sync(*replica, options) {
    replica->set_on_local_op([this] { sync.notify_local_op(); });
  }

  ClientOptions options;
  std::unique_ptr<LocalReplica> replica;
  SyncThread sync;
};

Result<std::unique_ptr<Client>> Client::open(const std::string& store_path, ClientOptions options) {
  if (options.upload_batch_ops == 0 || options.upload_window_batches == 0) {
    return make_error(ErrorCode::kInvalidArgument,
                      "upload batch size and window must be at least 1");
  }
  auto replica = LocalReplica::open(store_path);
  if (!replica.ok()) return std::move(replica).error();
  return std::unique_ptr<Client>(
      new Client(std::make_unique<Impl>(std::move(replica).value(), options)));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Client::~Client() {
  impl_->sync.stop();
  impl_->replica->set_on_local_op(nullptr);
}

Status Client::enrol(const EnrolRequest& request) {
  return run_enrolment(*impl_->replica, impl_->options, request);
}

std::optional<DeviceInfo> Client::device() const {
  auto identity = impl_->replica->identity();
  if (!identity) return std::nullopt;
  return DeviceInfo{identity->device_id, identity->role, identity->station_id,
                    identity->server_url};
}

Result<std::optional<Receipt>> Client::last_receipt() const {
  auto ack = impl_->replica->last_ack();
  if (!ack.ok()) return std::move(ack).error();
  if (!ack.value()) return std::optional<Receipt>();
  const auto& stored = *ack.value();
  engine::Sha256Digest head{};
  std::copy_n(stored.head.begin(), std::min(stored.head.size(), head.size()), head.begin());
  return std::optional<Receipt>(Receipt{stored.counter, stored.log_index, engine::to_hex(head)});
}

Result<ReceiptCheck> Client::verify_receipts() {
  return check_receipts(*impl_->replica, tuning::kConnectTimeout);
}

std::vector<engine::FormId> Client::forms() const { return impl_->replica->forms(); }

std::vector<Error> Client::undecodable_ops() const { return impl_->replica->undecodable_ops(); }

Status Client::set_count(const engine::FormId& form, std::string_view path, engine::Count value) {
  return impl_->replica->edit(engine::OpKind::kSet, form, path, engine::OpValue(value));
}

Status Client::set_text(const engine::FormId& form, std::string_view path, std::string text) {
  return impl_->replica->edit(engine::OpKind::kSet, form, path, engine::OpValue(std::move(text)));
}

Status Client::clear(const engine::FormId& form, std::string_view path) {
  return impl_->replica->edit(engine::OpKind::kSet, form, path, engine::OpValue(engine::Cleared{}));
}

Status Client::submit(const engine::FormId& form) { return impl_->replica->submit(form); }

Status Client::withdraw(const engine::FormId& form) { return impl_->replica->withdraw(form); }

Status Client::adjudicate(const engine::FormId& form, std::string_view path,
                          engine::OpValue value) {
  return impl_->replica->edit(engine::OpKind::kAdjudicate, form, path, std::move(value));
}

Result<FormView> Client::form(const engine::FormId& form) const {
  return impl_->replica->view(form);
}

Result<std::vector<HistoryEntry>> Client::history(const engine::FormId& form,
                                                  std::string_view path) const {
  return impl_->replica->history(form, path);
}

Status Client::start_sync() { return impl_->sync.start(); }
void Client::stop_sync() { impl_->sync.stop(); }
void Client::sync_now() { impl_->sync.sync_now(); }
SyncState Client::sync_state() const { return impl_->sync.state(); }

void Client::set_state_observer(std::function<void(const SyncState&)> observer) {
  impl_->sync.set_observer(std::move(observer));
}

bool Client::wait_until_up_to_date(std::chrono::milliseconds timeout) {
  return impl_->sync.wait_until_up_to_date(timeout);
}

}  // namespace tally::client

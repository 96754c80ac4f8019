// Core: opening and recovery, the handshake, enrolment and the commit hooks.
// Upload checks are in core_upload.cpp, reads in core_reads.cpp.
#include "core/core.hpp"

#include <utility>

#include "base/log.hpp"
#include "tally/engine/crypto_random.hpp"
#include "tally/engine/hex.hpp"
#include "tally/engine/messages.hpp"
#include "tally/engine/names.hpp"
#include "tally/engine/op_codec.hpp"
#include "tally/engine/signing.hpp"
#include "tally/engine/wire_limits.hpp"

namespace tally::server {

Core::Core(Store& store, Reference reference, engine::Ed25519KeyPair server_key,
           std::string server_id, CoreOptions options, Metrics& metrics, Clock clock)
    : store_(store),
      reference_(std::move(reference)),
      server_key_(std::move(server_key)),
      server_id_(std::move(server_id)),
      options_(options),
      metrics_(metrics),
      clock_(std::move(clock)),
      rate_limiter_(options_.max_ops_per_second_per_device, options_.rate_burst_ops),
      state_(reference_) {}

Core::~Core() { shutdown(); }

Result<std::unique_ptr<Core>> Core::open(Store& store, Reference reference,
                                         engine::Ed25519KeyPair server_key, std::string server_id,
                                         CoreOptions options, Metrics& metrics, Clock clock) {
  // The log is replayed from polling day's definition: its open-round op, if any, brings
  // the second round back (ElectionState::apply).
  auto polling_day = reference.first_round();
  if (!polling_day) return std::move(polling_day).error();
  std::unique_ptr<Core> core(new Core(store, std::move(polling_day).value(), std::move(server_key),
                                      std::move(server_id), options, metrics, std::move(clock)));
  if (auto status = core->recover(); !status) return std::move(status).error();
  core->reference_ = core->state_.reference();
  if (auto status = core->ensure_console_device(); !status) return std::move(status).error();
  Core* raw = core.get();
  core->audit_verifier_ = std::make_unique<AuditVerifier>(
      store, raw->server_key_.public_key(),
      [raw](const std::string& id) -> std::optional<engine::Ed25519PublicKey> {
        const auto device = raw->device(id);
        if (!device) return std::nullopt;
        return device->public_key;
      },
      raw->clock_);
  core->writer_ = std::make_unique<GroupWriter>(
      store, metrics, [raw](WriteSet& group) { return raw->before_commit(group); },
      [raw](const WriteSet& group, const Status& status) { raw->after_commit(group, status); });
  return core;
}

Status Core::recover() {
  auto devices = store_.load_devices();
  if (!devices) return std::move(devices).error();
  for (auto& device : *devices) {
    enrolled_keys_.insert(device.public_key);
    devices_.emplace(device.id, std::move(device));
  }
  auto codes = store_.load_enrolment_codes();
  if (!codes) return std::move(codes).error();
  for (auto& code : *codes) codes_.emplace(code.code_hash, std::move(code));

  // Replay the log: check the chain, rebuild counters, digests and the merged state.
  std::vector<engine::Op> batch;
  Status failure;
  auto flush = [&] {
    if (auto status = state_.apply(batch); !status) failure = status;
    batch.clear();
  };
  auto status = store_.scan_log(0, [&](const LogRow& row) {
    const auto expected = engine::chain_hash(chain_.head(), chain_.index() + 1,
                                             row.entry.receive_ms, row.entry.op_bytes);
    if (row.entry.index != chain_.index() + 1 || expected != row.entry.hash) {
      failure = make_error(ErrorCode::kChainBroken,
                           "stored log breaks at index " + std::to_string(row.entry.index));
      return false;
    }
    auto op = engine::decode_op(row.entry.op_bytes);
    if (!op) {
      failure = make_error(ErrorCode::kCorruption, "stored op " + std::to_string(row.entry.index) +
                                                       " does not decode: " + op.error().message);
      return false;
    }
    chain_ = engine::AuditChain(row.entry.index, row.entry.hash);
    last_commit_ms_ = row.entry.receive_ms;
    head_signed_ms_ = row.entry.receive_ms;
    auto& digests = op_digests_[op->dot.device];
    if (op->dot.counter != digests.size() + 1) {
      failure = make_error(ErrorCode::kCorruption, "stored op " + std::to_string(row.entry.index) +
                                                       " breaks the counters of " + op->dot.device);
      return false;
    }
    digests.push_back(engine::sha256(row.entry.op_bytes));
    committed_counters_[op->dot.device] = op->dot.counter;
    batch.push_back(std::move(op).value());
    if (batch.size() >= tuning::kReplayBatchOps) flush();
    return failure.ok();
  });
  if (!status) return status;
  if (!failure) return failure;
  flush();
  if (!failure) return failure;
  committed_chain_ = chain_;
  published_length_ = committed_chain_.index();
  recount_enrolled();

  auto heads = store_.load_heads(0);
  if (!heads) return std::move(heads).error();
  if (!heads->empty()) head_ = heads->back();
  if (head_.log_index != chain_.index() || head_.head != chain_.head()) {
    // The last commit's head is signed in the same transaction, so this only happens for
    // the empty log; sign it now so that a head is always available.
    auto signed_head = engine::sign_head(server_key_, chain_.index(), chain_.head());
    if (!signed_head) return std::move(signed_head).error();
    head_ = *signed_head;
  }
  auto tree = LogTree::open(store_, server_key_, chain_.index(), clock_());
  if (!tree) return std::move(tree).error();
  log_tree_ = std::move(tree).value();
  log_info("recovered", {{"log_entries", std::to_string(chain_.index())},
                         {"devices", std::to_string(devices_.size())},
                         {"forms", std::to_string(state_.replica().size())}});
  return {};
}

Result<engine::Nonce> Core::new_nonce() const {
  engine::Nonce nonce{};
  if (auto status = engine::random_bytes(nonce); !status) return std::move(status).error();
  return nonce;
}

Result<DeviceRow> Core::authenticate(const engine::HelloMessage& hello,
                                     const engine::Nonce& nonce) {
  if (hello.protocol_version != engine::kProtocolVersion) {
    return make_error(ErrorCode::kUnsupportedVersion,
                      "protocol version " + std::to_string(hello.protocol_version) +
                          " is not supported (this server speaks " +
                          std::to_string(engine::kProtocolVersion) + ")");
  }
  std::lock_guard lock(sequence_mutex_);
  auto found = devices_.find(hello.device_id);
  if (found == devices_.end()) {
    return make_error(ErrorCode::kUnknownDevice,
                      "device '" + hello.device_id + "' is not enrolled");
  }
  if (is_console_author(hello.device_id)) {
    return make_error(ErrorCode::kForbidden,
                      "device '" + hello.device_id + "' is tallyd's own and never connects");
  }
  if (found->second.revoked) {
    return make_error(ErrorCode::kDeviceRevoked,
                      "device '" + hello.device_id +
                          "' was revoked by the operator; enrol it again with a new code");
  }
  const auto bytes = engine::hello_signing_bytes(server_id_, nonce, hello.device_id);
  if (!engine::verify(found->second.public_key, bytes, hello.signature)) {
    return make_error(ErrorCode::kBadSignature,
                      "the Hello of device '" + hello.device_id +
                          "' is not signed by its key over this connection's nonce");
  }
  auto& connections = connections_[hello.device_id];
  if (connections >= options_.max_connections_per_device) {
    return make_error(ErrorCode::kTooManyConnections,
                      "device '" + hello.device_id + "' already has " +
                          std::to_string(connections) + " connections",
                      /*transient=*/true);
  }
  ++connections;
  devices_online_ = connections_.size();
  last_seen_ms_[hello.device_id] = clock_();
  metrics_.device_connected();
  return found->second;
}

void Core::release_device(const std::string& device_id) {
  std::lock_guard lock(sequence_mutex_);
  auto found = connections_.find(device_id);
  if (found == connections_.end() || found->second == 0) return;
  last_seen_ms_[device_id] = clock_();
  if (--found->second == 0) connections_.erase(found);
  devices_online_ = connections_.size();
  metrics_.device_disconnected();
}

// Spends the one-time code of `enrol` on `device` (role and station from the code) and adds
// the device, under the sequence mutex; the refusal, if the code or the key cannot be used.
std::optional<Error> Core::take_enrolment_code(const engine::EnrolMessage& enrol, DeviceRow& device,
                                               WriteSet& writes) {
  std::lock_guard lock(sequence_mutex_);
  auto code = codes_.find(engine::sha256(enrol.code));
  const auto refuse = [&](const std::string& why) {
    return make_error(ErrorCode::kEnrolmentCodeInvalid, "enrolment code refused: " + why);
  };
  if (code == codes_.end()) return refuse("unknown code");
  if (!code->second.used_by.empty()) return refuse("the code was already used");
  if (code->second.expires_ms <= device.enrolled_ms) return refuse("the code expired");
  if (enrolled_keys_.count(enrol.device_key) != 0) return refuse("the key is already enrolled");
  device.role = code->second.role;
  device.station = code->second.station;
  code->second.used_by = device.id;
  devices_.emplace(device.id, device);
  ++devices_enrolled_;
  enrolled_keys_.insert(device.public_key);
  writes.new_devices.push_back(device);
  writes.used_codes.push_back(code->second);
  return std::nullopt;
}

void Core::enrol(const engine::EnrolMessage& enrol,
                 std::function<void(Result<engine::EnrolledMessage>)> done) {
  if (!healthy()) return done(degraded_error());
  engine::Sha256Digest suffix{};
  if (auto status = engine::random_bytes(std::span(suffix.data(), 8)); !status) {
    return done(std::move(status).error());
  }
  DeviceRow device;
  device.id = "dev-" + engine::to_hex(suffix).substr(0, 16);
  device.public_key = enrol.device_key;
  device.label = enrol.label;
  device.enrolled_ms = clock_();
  WriteSet writes;
  if (auto refused = take_enrolment_code(enrol, device, writes)) return done(std::move(*refused));
  engine::EnrolledMessage enrolled{device.id, device.station, device.role};
  writer_->submit(std::move(writes), [enrolled, done = std::move(done)](const Status& status) {
    if (!status) return done(status.error());
    done(enrolled);
  });
}

Reference Core::reference() const {
  std::lock_guard lock(sequence_mutex_);
  return reference_;
}

engine::WelcomeMessage Core::welcome(const DeviceRow& device) const {
  engine::WelcomeMessage welcome;
  welcome.server_id = server_id_;
  welcome.role = device.role;
  welcome.station_id = device.role == engine::Role::kOfficer ? device.station : std::string{};
  // An officer's device gets its own station's part of the definition only
  // (engine/definition_scope.hpp): the whole province is megabytes per connection.
  const Reference served = reference();
  welcome.election_json = device.role == engine::Role::kOfficer
                              ? served.station_election_json(device.station)
                              : served.election_json();
  welcome.form_schema_json = served.schema_json();
  std::shared_lock lock(state_mutex_);
  auto counter = committed_counters_.find(device.id);
  welcome.acked_counter = counter == committed_counters_.end() ? 0 : counter->second;
  welcome.log_index = committed_chain_.index();
  welcome.audit_head = committed_chain_.head();
  return welcome;
}

void Core::create_enrolment_code(const std::string& station, engine::Role role,
                                 std::uint64_t ttl_ms,
                                 std::function<void(Result<std::string>)> done) {
  if (!healthy()) return done(degraded_error());
  if (role == engine::Role::kOfficer && !reference().has_station(station)) {
    return done(make_error(ErrorCode::kUnknownId,
                           "station '" + station + "' is not in the election definition"));
  }
  // The code would be spent on a device that could never be served: its Welcome must fit
  // the largest frame a device decodes (wire_limits.hpp).
  DeviceRow probe;
  probe.role = role;
  probe.station = station;
  if (const auto bytes = engine::encode(welcome(probe)).size();
      bytes > engine::kMaxServerFrameBytes) {
    const std::string who = role == engine::Role::kOfficer
                                ? "an officer device of station '" + station + "'"
                                : "a " + std::string(engine::to_string(role)) + " device";
    return done(make_error(ErrorCode::kFrameTooLarge,
                           who + " could never be served: its Welcome is " + std::to_string(bytes) +
                               " bytes, above the devices' limit of " +
                               std::to_string(engine::kMaxServerFrameBytes)));
  }
  // 80 random bits in Crockford base 32, grouped for reading aloud: XXXX-XXXX-XXXX-XXXX.
  std::array<std::uint8_t, 10> random{};
  if (auto status = engine::random_bytes(random); !status) return done(std::move(status).error());
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string code;
  std::uint32_t bits = 0;
  int pending = 0;
  for (auto byte : random) {
    bits = (bits << 8) | byte;
    pending += 8;
    while (pending >= 5) {
      if (!code.empty() && code.size() % 5 == 4) code += '-';
      code += kAlphabet[(bits >> (pending - 5)) & 31U];
      pending -= 5;
    }
  }
  EnrolmentCodeRow row;
  row.code_hash = engine::sha256(code);
  row.station = role == engine::Role::kOfficer ? station : std::string{};
  row.role = role;
  row.created_ms = clock_();
  row.expires_ms = row.created_ms + (ttl_ms == 0 ? options_.default_code_ttl_ms : ttl_ms);
  {
    std::lock_guard lock(sequence_mutex_);
    codes_.emplace(row.code_hash, row);
  }
  WriteSet writes;
  writes.new_codes.push_back(row);
  writer_->submit(std::move(writes), [code, done = std::move(done)](const Status& status) {
    if (!status) return done(status.error());
    done(code);
  });
}

std::vector<DeviceRow> Core::devices() const {
  std::lock_guard lock(sequence_mutex_);
  std::vector<DeviceRow> devices;
  for (const auto& [id, device] : devices_) devices.push_back(device);
  return devices;
}

DevicePresence Core::presence(const std::string& device_id) const {
  DevicePresence presence;
  {
    std::lock_guard lock(sequence_mutex_);
    presence.online = connections_.count(device_id) > 0;
    if (auto seen = last_seen_ms_.find(device_id); seen != last_seen_ms_.end()) {
      presence.last_seen_ms = seen->second;
    }
  }
  std::shared_lock lock(state_mutex_);
  if (auto acked = committed_counters_.find(device_id); acked != committed_counters_.end()) {
    presence.ops_acked = acked->second;
  }
  return presence;
}

std::optional<DeviceRow> Core::device(const std::string& id) const {
  std::lock_guard lock(sequence_mutex_);
  auto found = devices_.find(id);
  if (found == devices_.end()) return std::nullopt;
  return found->second;
}

Status Core::before_commit(WriteSet& group) {
  if (group.ops.empty()) return {};
  const auto& last = group.ops.back().entry;
  auto signed_head = engine::sign_head(server_key_, last.index, last.hash);
  if (!signed_head) return std::move(signed_head).error();
  group.head = *signed_head;
  return log_tree_->prepare(group, clock_());
}

void Core::after_commit(const WriteSet& group, const Status& status) {
  if (!status) return roll_back_sequence(status.error());
  if (group.ops.empty()) return;
  // The ops as upload() decoded them (checked there), parallel to group.ops.
  const std::vector<engine::Op>& ops = group.decoded_ops;
  const std::uint64_t committed_ms = clock_();
  std::optional<Reference> opened_round;  // the reference the group's open-round op brought
  {
    std::unique_lock lock(state_mutex_);
    if (auto applied = state_.apply(ops); !applied) {
      log_error("merge_failed",
                {{"code", code_field(applied.error())}, {"message", applied.error().message}});
    }
    for (const auto& row : group.ops) {
      committed_counters_[row.dot.device] = row.dot.counter;
      if (row.kind == engine::OpKind::kOpenRound) opened_round = state_.reference();
    }
    committed_chain_ =
        engine::AuditChain(group.ops.back().entry.index, group.ops.back().entry.hash);
    if (group.head) {
      head_ = *group.head;
      head_signed_ms_ = clock_();
    }
  }
  if (opened_round) {
    // Served from the next Welcome on; check_op admits the second round's forms from now.
    auto stations = std::make_shared<std::set<std::string>>();
    for (const auto& unit : opened_round->election().units()) {
      if (!unit.round_of) continue;
      const auto index = *opened_round->election().unit_index(unit.id);
      for (const std::size_t s : opened_round->election().stations_of_unit(index)) {
        stations->insert(opened_round->election().stations()[s].id);
      }
    }
    {
      std::lock_guard lock(sequence_mutex_);
      reference_ = std::move(*opened_round);
    }
    // Connected devices of those stations (and every supervisor's and auditor's) reconnect
    // to get it now rather than at their next connection.
    sessions_.for_each_open([stations = std::shared_ptr<const std::set<std::string>>(stations)](
                                SessionEvents& session) { session.reference_changed(stations); });
  }
  log_tree_->published(group);
  last_commit_ms_ = committed_ms;
  published_length_ = group.ops.back().entry.index;
  {
    std::lock_guard lock(commit_rate_mutex_);
    commit_rate_.record(committed_ms, group.ops.size());
  }
  audit_verifier_->poke();
  metrics_.ops_ingested(group.ops.size());
  const auto live = sessions_.live();
  if (live.empty()) return;  // nobody to push to: no copy of the group
  auto committed = std::make_shared<CommittedGroup>();
  committed->entries.reserve(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    committed->entries.push_back(engine::LogOp{group.ops[i].entry.index, ops[i]});
  }
  committed->last_index = group.ops.back().entry.index;
  committed->committed_ms = committed_ms;
  std::shared_ptr<const CommittedGroup> shared = committed;
  for (const auto& session : live) session->committed(shared);
}

void Core::subscribe(const std::shared_ptr<SessionEvents>& session) {
  sessions_.subscribe(session);
}

void Core::unsubscribe(const SessionEvents* session) { sessions_.unsubscribe(session); }

void Core::attach(const std::shared_ptr<SessionEvents>& session) { sessions_.attach(session); }

void Core::detach(const SessionEvents* session) { sessions_.detach(session); }

void Core::close_all_sessions() {
  sessions_.for_each_open([](SessionEvents& session) { session.shutting_down(); });
}

Error Core::degraded_error() const {
  return make_error(ErrorCode::kIoError, "the server cannot write to its store; try again later",
                    /*transient=*/true);
}

void Core::after_pending_commits(std::function<void()> done) {
  writer_->submit(WriteSet{}, [done = std::move(done)](const Status&) { done(); });
}

void Core::shutdown() {
  if (writer_) writer_->drain_and_stop();
}

}  // namespace tally::server

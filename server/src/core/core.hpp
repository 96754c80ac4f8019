// The core of tallyd: the authority every session talks to.
//
// Sequencing (under one mutex, fast, no I/O): authentication, enrolment, and the checks
// of every uploaded op (scope, gap-free counters, equivocation, schema, submission
// signature); accepted ops get their log index and chain hash and go to the writer.
// Publishing (after the group commit, on the group writer's publisher thread): committed
// ops are merged into the published ElectionState under a shared mutex, acks and receipts
// go out, and live subscribers get the new entries. Readers (downloads, HTTP) read the
// store's read connections or the published state and never wait for a commit.
//
// Callbacks. Every `done` handed to Core, and every SessionEvents call, runs with none of
// Core's mutexes held, so it may call back into Core (upload again, read figures). A `done`
// runs either at once on the caller's thread (a refusal: the whole request is refused) or
// later on the group writer's publisher thread (after the commit, or with the commit's
// error). The publisher thread is shared by every session: a callback must not block on
// I/O or wait for another commit; the sessions post their work to their own strands.
// `read_state` is the exception: its `read` runs under the shared state lock and must not
// call into Core.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/metrics.hpp"
#include "base/tuning.hpp"
#include "core/audit_verifier.hpp"
#include "core/commit_rate.hpp"
#include "core/console_author.hpp"
#include "core/election_state.hpp"
#include "core/group_writer.hpp"
#include "core/log_tree.hpp"
#include "core/rate_limiter.hpp"
#include "core/reference.hpp"
#include "core/session_events.hpp"
#include "tally/engine/audit_chain.hpp"
#include "tally/engine/ed25519.hpp"
#include "tally/engine/messages.hpp"
#include "tally/server/store.hpp"

namespace tally::server {

// Limits and sizes of the core (docs/operations.md lists them with their flags).
struct CoreOptions {
  std::size_t max_batch_ops = tuning::kMaxBatchOps;          // ops in one UploadBatch
  std::size_t download_page_ops = tuning::kDownloadPageOps;  // ops in one PushedOps page
  // Concurrent authenticated sessions of one device.
  std::size_t max_connections_per_device = tuning::kMaxConnectionsPerDevice;
  // Ops a device may upload per second (0: no limit), with bursts up to rate_burst_ops
  // (rate_limiter.hpp).
  double max_ops_per_second_per_device = tuning::kMaxOpsPerSecondPerDevice;
  std::uint64_t rate_burst_ops = tuning::kRateBurstOps;
  std::uint64_t default_code_ttl_ms = tuning::kEnrolmentCodeTtlMs;
};

// An adjudication asked for through the API: a value for one field of a form, or
// (`field` empty) accepting the flagged form as it stands.
struct ConsoleEdit {
  engine::FormId form;
  std::string field;      // empty: accept the form
  engine::OpValue value;  // the adjudicated value (ignored when accepting)
  std::string actor;      // who asked (the person, or "operator", "supervisor"), for the log
  // The form's version (ElectionState::form_version) the decision was made on; when set
  // and the form changed since, or another console decision on it is still being
  // committed, the edit is refused with kStaleAdjudication.
  std::optional<std::string> seen;
  // The logged-in person who decided, and their role: the op is then one of
  // console_author_id(person) (console_author.hpp), a device row made with the person's
  // first decision; empty for a token's decision (an op of kConsoleDeviceId).
  std::string person;
  engine::Role person_role = engine::Role::kOperator;
};

// The operator's request to open the second round (Core::open_round).
struct RoundRequest {
  // Open it although units of the round have unreported stations or open conflicts; the op
  // says so (engine::kForcedOpening).
  bool forced = false;
  std::string actor;   // who asked, for the log (as ConsoleEdit::actor)
  std::string person;  // the logged-in operator; empty for a token's request
  engine::Role person_role = engine::Role::kOperator;
};

// The second round as opened: the op in the log, where, and what it opened.
struct RoundOpened {
  engine::Op op;
  std::uint64_t log_index = 0;
  engine::SecondRoundPlan plan;
};

// The published log's length and when its last commit was made (the core's clock, Unix
// ms; for a log recovered at start-up, the last entry's receive time; 0 for an empty log).
struct CommitMark {
  std::uint64_t log_length = 0;
  std::uint64_t committed_ms = 0;
};

// The live figures of the console's overview that are not in the published state.
struct LiveFigures {
  CommitMark last_commit;
  double ops_per_second = 0;         // committed, over tuning::kOpsRateWindowMs
  std::size_t devices_online = 0;    // devices with an authenticated session open now
  std::size_t devices_enrolled = 0;  // not revoked, tallyd's own console device not counted
};

// A device's presence for the console's Devices page (GET /api/v1/devices).
struct DevicePresence {
  bool online = false;             // an authenticated session is open now
  std::uint64_t last_seen_ms = 0;  // its last Hello or disconnect since tallyd started; 0: none
  std::uint64_t ops_acked = 0;     // its committed ops (the counter its acks carry)
};

// What an accepted upload gets back once it is durable.
struct UploadReply {
  engine::AckMessage ack;
  std::vector<engine::SubmissionReceiptMessage> receipts;
};

class Core {
 public:
  using Clock = std::function<std::uint64_t()>;  // Unix milliseconds

  // Loads devices and codes and replays the log into memory, checking the hash chain.
  static Result<std::unique_ptr<Core>> open(Store& store, Reference reference,
                                            engine::Ed25519KeyPair server_key,
                                            std::string server_id, CoreOptions options,
                                            Metrics& metrics, Clock clock);
  ~Core();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  [[nodiscard]] const std::string& server_id() const { return server_id_; }
  // The reference data devices are served: polling day's, or with the second round once
  // it is open. A copy (cheap: the data is shared and immutable), since opening the round
  // replaces it.
  [[nodiscard]] Reference reference() const;
  [[nodiscard]] const CoreOptions& options() const { return options_; }
  [[nodiscard]] Metrics& metrics() { return metrics_; }
  // False if a failed commit could not be rolled back (roll_back_sequence): the in-memory
  // sequence may be ahead of the disk, so the core refuses writes until tallyd is
  // restarted (and recovers from the store).
  [[nodiscard]] bool healthy() const { return healthy_.load(); }

  // --- Handshake ---
  Result<engine::Nonce> new_nonce() const;
  // Checks a Hello against the nonce sent on this connection and counts the connection.
  Result<DeviceRow> authenticate(const engine::HelloMessage& hello, const engine::Nonce& nonce);
  // Forgets one connection of `device_id` (the session ended).
  void release_device(const std::string& device_id);
  // Enrols a device with a one-time code; `done` runs once the device is stored (publisher
  // thread), or at once with the refusal (caller's thread).
  void enrol(const engine::EnrolMessage& enrol,
             std::function<void(Result<engine::EnrolledMessage>)> done);
  [[nodiscard]] engine::WelcomeMessage welcome(const DeviceRow& device) const;

  // --- Sync ---
  // Checks and sequences `ops` of `device`; `done` runs on the publisher thread after the
  // batch is committed, or at once on the caller's thread with the error that refuses the
  // whole batch (after the sequence mutex is released).
  void upload(const DeviceRow& device, std::vector<engine::Op> ops,
              std::function<void(Result<UploadReply>)> done);
  // One page of the log after `cursor` in `scope`. kCursorFromFuture if the cursor is past
  // the end of the log.
  Result<engine::PushedOpsMessage> download(const LogScope& scope, std::uint64_t cursor);
  // The latest signed head (of the last commit).
  [[nodiscard]] engine::SignedHead latest_head() const;
  // When it was signed (Unix ms): at its commit, or for the head found at start-up the
  // receive time of its entry (0 for the empty log).
  [[nodiscard]] std::uint64_t head_signed_ms() const;
  // Where tallyd's background check of its own log got to (audit_verifier.hpp).
  [[nodiscard]] AuditCheck audit_check() const { return audit_verifier_->status(); }
  // The log's Merkle tree: its latest signed tree head and the proofs of the public log
  // endpoints.
  [[nodiscard]] LogTree& log_tree() { return *log_tree_; }
  [[nodiscard]] const engine::Ed25519PublicKey& server_public_key() const {
    return server_key_.public_key();
  }
  // Live subscribers get every commit (SessionEvents::committed), in log order.
  void subscribe(const std::shared_ptr<SessionEvents>& session);
  void unsubscribe(const SessionEvents* session);
  // Every open session, so that revocations and shutdown reach it.
  void attach(const std::shared_ptr<SessionEvents>& session);
  void detach(const SessionEvents* session);
  // Tells every attached session that tallyd is shutting down (graceful shutdown).
  void close_all_sessions();

  // --- Operator ---
  // Makes a one-time enrolment code; `done` gets it once stored (publisher thread), or the
  // refusal at once (caller's thread).
  void create_enrolment_code(const std::string& station, engine::Role role, std::uint64_t ttl_ms,
                             std::function<void(Result<std::string>)> done);
  [[nodiscard]] std::vector<DeviceRow> devices() const;
  // The presence of `device_id` (all zero for a device never seen).
  [[nodiscard]] DevicePresence presence(const std::string& device_id) const;
  // The enrolled device `id`, or nullopt.
  [[nodiscard]] std::optional<DeviceRow> device(const std::string& id) const;
  // Revokes an enrolled device: stored, then its open sessions get an Error
  // (kDeviceRevoked) and are closed; its next Hello is refused with that code. Its stored
  // ops stay. `done` gets the device row once stored (at once if it was already revoked).
  // kUnknownDevice for an id that was never enrolled, kForbidden for the console (at once,
  // on the caller's thread); the sessions hear it through SessionEvents::device_revoked.
  void revoke_device(const std::string& device_id, std::function<void(Result<DeviceRow>)> done);
  // Writes `edit` as an op of its console author (console_author.hpp: kAdjudicate, or a
  // kSubmit signed with the server's key whose context covers the whole form) through the
  // same path as a device's upload; `done` gets the op once it is committed and pushed.
  // A person's first decision also stores their author's device row, queued before the op
  // (the writer commits in queue order, so the row is never missing behind an op).
  // kInvalidArgument when a form to accept is not flagged, or has a field in conflict or
  // a failed check (those need an adjudication or a correction first). `done` runs on the
  // publisher thread, or on the caller's once the console mutex is released.
  void adjudicate(const ConsoleEdit& edit, std::function<void(Result<engine::Op>)> done);
  // Opens the second round (Art. 79, 80): derives it from the published tally
  // (ElectionState::draft_second_round) once every op sequenced so far is published, and
  // writes it as an open-round op of the request's console author, signed with tallyd's
  // key, through the upload path; devices of its stations get the new forms in their next
  // Welcome. kRoundNotReady while units of the round have unreported stations or open
  // conflicts (unless forced), kRoundInvalid when it is open already or no unit needs
  // one, kBusy (transient) when ops keep arriving too fast to derive it between commits.
  // `done` runs on the publisher thread.
  void open_round(const RoundRequest& request, std::function<void(Result<RoundOpened>)> done);
  // Runs `read` on the published state under the shared state lock, on the caller's
  // thread: `read` must not call into the core (a commit waiting for the exclusive lock
  // would wait on it).
  void read_state(const std::function<void(const ElectionState&)>& read) const;
  // As read_state, with the published log's length that `read` sees.
  void read_published(
      const std::function<void(const ElectionState&, std::uint64_t log_length)>& read) const;
  [[nodiscard]] StateFigures figures() const;
  // The published log's length and last commit time (cheap: for every event stream).
  [[nodiscard]] CommitMark last_commit() const;
  [[nodiscard]] LiveFigures live_figures() const;
  // Every committed log entry of `station`'s forms (of `form` only, with form_log), in log
  // order: a query on the store's station index (the same one downloads use), so history
  // costs nothing in memory or at commit, and a station holds few entries.
  Result<std::vector<LogRow>> station_log(const std::string& station);
  Result<std::vector<LogRow>> form_log(const engine::FormId& form);

  // Runs `done` on the publisher thread once everything sequenced before this call is
  // committed and its completions have run (at once if the writer has stopped). The
  // deterministic simulation waits on it after every frame (tests/faults/sim).
  void after_pending_commits(std::function<void()> done);

  // Commits what is queued and stops the writer (graceful shutdown).
  void shutdown();

 private:
  Core(Store& store, Reference reference, engine::Ed25519KeyPair server_key, std::string server_id,
       CoreOptions options, Metrics& metrics, Clock clock);
  Status recover();
  Status ensure_console_device();
  Result<engine::Op> console_op(const ConsoleEdit& edit, const std::string& author);
  // The device row of `edit`'s author; a person's first decision makes it and queues it
  // for the store. Runs under console_mutex_.
  DeviceRow console_author(const ConsoleEdit& edit);
  void close_sessions_of(const std::string& device_id);
  std::optional<Error> take_enrolment_code(const engine::EnrolMessage& enrol, DeviceRow& device,
                                           WriteSet& writes);
  Status check_op(const DeviceRow& device, const engine::Op& op) const;
  // One attempt of open_round, on the publisher thread; tries again after the commits in
  // flight while `attempts_left`.
  void open_round_when_quiet(const RoundRequest& request, int attempts_left,
                             std::function<void(Result<RoundOpened>)> done);
  // Sequences `ops` of `device` and queues them for the writer; `sequence_lock` holds
  // sequence_mutex_ and is released before `done` runs.
  void sequence_and_submit(const DeviceRow& device, std::vector<engine::Op> ops,
                           std::chrono::steady_clock::time_point received,
                           std::unique_lock<std::mutex>& sequence_lock,
                           std::function<void(Result<UploadReply>)> done);
  std::optional<Error> sequence_batch(const DeviceRow& device, std::vector<engine::Op>& ops,
                                      std::uint64_t now_ms,
                                      std::chrono::steady_clock::time_point received,
                                      WriteSet& writes, std::size_t& duplicates);
  Status before_commit(WriteSet& group);
  void after_commit(const WriteSet& group, const Status& status);
  // After a failed commit (core_rollback.cpp): fails the groups queued behind it and
  // rebuilds the sequencer state from the store, so that writes resume when they can.
  void roll_back_sequence(const Error& error);
  void record_equivocation(const engine::Op& op, std::string bytes);
  [[nodiscard]] Error degraded_error() const;

  Store& store_;
  Reference reference_;
  engine::Ed25519KeyPair server_key_;
  std::string server_id_;
  CoreOptions options_;
  Metrics& metrics_;
  Clock clock_;
  std::atomic<bool> healthy_{true};

  // Sequencer state: everything accepted, committed or not.
  mutable std::mutex sequence_mutex_;
  std::map<std::string, DeviceRow, std::less<>> devices_;
  std::set<engine::Ed25519PublicKey> enrolled_keys_;  // of devices_, to refuse a key twice
  std::map<engine::Sha256Digest, EnrolmentCodeRow> codes_;
  std::unordered_map<std::string, std::vector<engine::Sha256Digest>> op_digests_;  // by counter - 1
  std::unordered_map<std::string, std::size_t> connections_;
  std::unordered_map<std::string, std::uint64_t> last_seen_ms_;  // by device id
  RateLimiter rate_limiter_;
  engine::AuditChain chain_;
  // Counts of devices_ and connections_ for the overview, kept as they change under the
  // sequence mutex and read without it: every overview reader would otherwise take the
  // mutex every upload needs.
  std::atomic<std::size_t> devices_online_{0};
  std::atomic<std::size_t> devices_enrolled_{0};  // not revoked, not a console author
  void recount_enrolled();  // under the sequence mutex, after devices_ was reloaded

  // Published state: only committed ops.
  mutable std::shared_mutex state_mutex_;
  ElectionState state_;
  std::unordered_map<std::string, std::uint64_t> committed_counters_;
  engine::AuditChain committed_chain_;
  engine::SignedHead head_;
  std::uint64_t head_signed_ms_ = 0;
  std::unique_ptr<LogTree> log_tree_;
  // The published log's length and last commit time, set after each publication: read by
  // every request for a shared document and every event stream, without the state lock.
  std::atomic<std::uint64_t> published_length_{0};
  std::atomic<std::uint64_t> last_commit_ms_{0};
  // The commit rate of the overview, under its own mutex for the same reason.
  mutable std::mutex commit_rate_mutex_;
  CommitRate commit_rate_{tuning::kOpsRateWindowMs};

  SessionRegistry sessions_;

  // The console's ops are built and sequenced one at a time (their counters are gap-free).
  std::mutex console_mutex_;
  engine::Hlc console_hlc_;
  // Console ops sequenced but not yet published, by form: an adjudication made on the
  // version seen before one of them lands is stale (its own mutex: the count drops on the
  // publisher thread, which must not wait for console_mutex_).
  std::mutex console_pending_mutex_;
  std::map<engine::FormId, std::size_t> console_pending_;

  // Started before the writer (commits poke it), destroyed after it, before the devices.
  std::unique_ptr<AuditVerifier> audit_verifier_;
  std::unique_ptr<GroupWriter> writer_;  // last: stopped before the rest is destroyed
};

}  // namespace tally::server

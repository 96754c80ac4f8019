// Tuning constants of tallyd: limits, timeouts, batch and queue sizes, with why each has
// its value. Kept together (as LiteCore's ReplicatorTuning.hh does, and the client's
// tally/client/tuning.hpp) so that they are read, changed and documented in one place; the
// structs that carry them (NetLimits, CoreOptions, ServeOptions) take their defaults from
// here, and `tallyd serve`'s flags take theirs from those structs (docs/operations.md lists
// the flags).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace tally::server::tuning {

// --- Transport (NetLimits) ---
// Largest WebSocket message read: an upload batch of kMaxBatchOps ops with long notes
// fits with room; a larger frame is closed with 1009 before it is buffered.
inline constexpr std::size_t kMaxFrameBytes = std::size_t{1} << 20;
// Frames a session may have queued for writing; a peer that lets more pile up is not
// reading and is dropped as a slow consumer (never buffered in the server's memory).
inline constexpr std::size_t kMaxQueuedFrames = 256;
// The API's request bodies are small JSON documents (an adjudication, a code request).
inline constexpr std::size_t kMaxHttpBodyBytes = 64 * 1024;
// Browsers send 1-2 KB of headers; 8 KiB is Beast's and nginx's usual bound.
inline constexpr std::size_t kMaxHttpHeaderBytes = 8 * 1024;
// Open sockets, all peers together: one province's devices with room, well under the
// descriptor limit operators set (docs/operations.md).
inline constexpr std::size_t kMaxConnections = 20'000;
// One address may hold this many: a polling centre behind one NAT, not a whole flood.
inline constexpr std::size_t kMaxConnectionsPerAddress = 2'000;
// TLS and HTTP/WebSocket handshakes, and Hello or Enrol after the Challenge: a phone on a
// 2G link finishes in a few seconds; a silent peer is not kept longer.
inline constexpr std::chrono::seconds kHandshakeTimeout{10};
// A WebSocket silent for this long is closed; pings every half of it keep live peers open.
inline constexpr std::chrono::seconds kIdleTimeout{60};
// Reading one HTTP request and writing its response (a tally download on a slow link).
inline constexpr std::chrono::seconds kHttpTimeout{30};
// Open console event streams (GET /api/v1/events), all pages together: a results centre's
// screens and the public's pages with room; each costs a socket and a few hundred bytes.
inline constexpr std::size_t kMaxEventStreams = 1'000;
// An event stream that wrote nothing for this long sends a ": keep-alive" comment, so that
// proxies and browsers keep it open and a dead peer is found.
inline constexpr std::chrono::seconds kEventKeepAlive{15};
// One write of an event stream: a page that does not take its event within this is not
// reading and is dropped (slow consumer), never buffered.
inline constexpr std::chrono::seconds kEventWriteTimeout{10};

// --- Core (CoreOptions) ---
// Ops in one UploadBatch: the client sends 64; the bound keeps one batch's check and
// sequencing (under the sequence mutex) short.
inline constexpr std::size_t kMaxBatchOps = 1000;
// Ops in one PushedOps page of a download: about one frame's worth of typical ops.
inline constexpr std::size_t kDownloadPageOps = 500;
// Concurrent authenticated sessions of one device: a reconnect may overlap the old one.
inline constexpr std::size_t kMaxConnectionsPerDevice = 2;
// Per-device upload rate and burst: an honest device (the demo's, the benchmark's) enters
// one station's few dozen ops and never reaches them.
inline constexpr double kMaxOpsPerSecondPerDevice = 2000;
inline constexpr std::uint64_t kRateBurstOps = 4000;
// A one-time enrolment code is valid for a week unless the operator says otherwise, and
// never for more than a year (an election's preparation).
inline constexpr std::uint64_t kEnrolmentCodeTtlMs = 7ULL * 24 * 3600 * 1000;
inline constexpr std::int64_t kMaxEnrolmentCodeTtlSeconds = 366LL * 24 * 3600;
// Ops the decoder admits in one batch before the core's own kMaxBatchOps check: a few times
// the limit, so that a too-large batch gets kBatchTooLarge rather than a decoding error.
inline constexpr std::size_t kDecodeOpsPerBatchLimit = 4;
inline constexpr std::size_t kDecodeMinOps = 10'000;
// Ops merged at a time when the log is replayed (start-up, export, verify): each form is
// refreshed once per batch, not once per op.
inline constexpr std::size_t kReplayBatchOps = 4096;

// The console's "ops per second" counts the commits of this window: long enough to smooth
// the group commits' bursts, short enough to show a lull within seconds.
inline constexpr std::uint64_t kOpsRateWindowMs = 10'000;

// --- Sessions ---
// A download pages on once the session's queue is down to this many frames, so that a
// slow reader paces its own download.
inline constexpr std::size_t kDownloadQueueLowFrames = 4;
// Read-buffer capacity a session keeps between messages; a larger one (up to a frame) is
// released, so that idle devices cost little memory.
inline constexpr std::size_t kKeptReadBufferBytes = 2048;

// --- Serving (ServeOptions) and the store ---
// I/O threads: the writer and publisher have threads of their own.
inline constexpr unsigned kIoThreads = 2;
// SQLite read connections per I/O thread (at least kMinReadConnections), so that
// downloads and API reads do not wait for one another.
inline constexpr unsigned kReadConnectionsPerIoThread = 2;
inline constexpr unsigned kMinReadConnections = 2;

// A graceful shutdown waits this long for the connections to close (their last acks and
// "going away" written), checking this often.
inline constexpr std::chrono::seconds kShutdownGrace{3};
inline constexpr std::chrono::milliseconds kShutdownPoll{50};
// A connection waits this long for SQLite's lock before a read or write fails kBusy (the
// group writer is the only writer; readers run on WAL snapshots, so waits are rare).
inline constexpr std::chrono::milliseconds kSqliteBusyTimeout{5000};
// `tallyd init`'s self-signed certificate: 825 days, the longest validity browsers accept.
inline constexpr int kTlsCertificateDays = 825;

// Console logins (docs/security.md): a session ends after 30 minutes without a request or
// 12 hours in all (an election-night shift); 5 failed logins per minute per address and per
// name, then 429 until the oldest failure is a minute old.
inline constexpr std::uint64_t kSessionIdleMs = 30ULL * 60 * 1000;
inline constexpr std::uint64_t kSessionLifetimeMs = 12ULL * 60 * 60 * 1000;
inline constexpr std::size_t kLoginFailuresPerWindow = 5;
inline constexpr std::uint64_t kLoginWindowMs = 60ULL * 1000;
// Logins waiting for their password check (scrypt, ~100 ms each, one at a time off the I/O
// threads): a shift change of a few dozen people waits a few seconds; beyond that 503.
inline constexpr std::size_t kMaxWaitingLogins = 32;
inline constexpr int kLoginRetryAfterSeconds = 2;

// GET /api/v1/audit/export while another export is being made: 503 with this Retry-After.
// One export reads and replays the whole log (seconds for a province's night); one at a time
// keeps an eager auditor's clicks from taking the server's cores from ingest.
inline constexpr unsigned kExportRetryAfterSeconds = 5;

}  // namespace tally::server::tuning

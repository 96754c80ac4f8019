// Transport limits of tallyd's listener and sessions (docs/operations.md lists the flags).
#pragma once

#include <chrono>
#include <cstddef>

#include "base/tuning.hpp"

namespace tally::server {

struct NetLimits {
  std::size_t max_frame_bytes = tuning::kMaxFrameBytes;      // WebSocket read_message_max
  std::size_t max_queued_frames = tuning::kMaxQueuedFrames;  // per session; more → slow consumer
  std::size_t max_http_body_bytes = tuning::kMaxHttpBodyBytes;
  std::size_t max_http_header_bytes = tuning::kMaxHttpHeaderBytes;
  std::size_t max_connections = tuning::kMaxConnections;  // open sockets, all peers together
  std::size_t max_connections_per_address = tuning::kMaxConnectionsPerAddress;
  std::chrono::seconds handshake_timeout = tuning::kHandshakeTimeout;  // TLS, HTTP, WebSocket
  std::chrono::seconds idle_timeout = tuning::kIdleTimeout;  // WebSocket silence (pings keep it)
  std::chrono::seconds http_timeout = tuning::kHttpTimeout;
  std::size_t max_event_streams = tuning::kMaxEventStreams;  // open GET /api/v1/events
};

// How long the listener stops accepting when the process is out of file descriptors
// (EMFILE/ENFILE): long enough not to spin, short enough that a freed descriptor is used soon.
inline constexpr std::chrono::milliseconds kAcceptPause{100};

// The close handshake's own bound: a peer that does not answer our close frame is cut
// after this (it waited the whole handshake timeout before, issue 14).
inline constexpr std::chrono::seconds kCloseTimeout{2};

// After an HTTP response that ends the connection (a 400, say), what the peer still sends
// is read and dropped for at most this long before the socket is closed: closing with
// unread bytes sends a reset, which can destroy the 400 before the peer has read it.
inline constexpr std::chrono::seconds kLingerTimeout{2};

// Descriptors kept free of connections: the database and its WAL, the read connections,
// log files, the listening socket and a timer or two. --max-connections must leave them.
inline constexpr std::size_t kDescriptorReserve = 64;

}  // namespace tally::server

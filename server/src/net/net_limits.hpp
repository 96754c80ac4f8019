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
};

}  // namespace tally::server

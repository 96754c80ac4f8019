// Tuning constants of the client's sync: batch sizes, window, timeouts and backoff.
//
// Kept together in one header (as LiteCore does) so that they are read, changed and
// documented (docs/client.md, "Retry rules") in one place. Used by the sync thread.
#pragma once

#include <chrono>
#include <cstddef>

#include "tally/engine/wire_limits.hpp"

namespace tally::client::tuning {

// Ops per upload batch (the server refuses larger batches).
inline constexpr std::size_t kUploadBatchOps = 64;
// Upload batches sent and not yet acknowledged at any moment.
inline constexpr std::size_t kUploadWindowBatches = 4;
// Largest frame the client accepts from the server.
inline constexpr std::size_t kMaxFrameBytes = engine::kMaxServerFrameBytes;

// TCP connect + TLS + WebSocket handshake + Hello/Welcome must finish within this.
inline constexpr std::chrono::milliseconds kConnectTimeout{10'000};
// No frame (not even a pong) for this long means the connection is dead; a ping goes out
// at half of it.
inline constexpr std::chrono::milliseconds kIdleTimeout{20'000};
// A batch not acknowledged within this is treated as a lost connection.
inline constexpr std::chrono::milliseconds kAckTimeout{15'000};

// Reconnect backoff: delay = random(0, min(kBackoffCap, kBackoffBase * 2^attempt))
// ("full jitter"); the attempt count resets after a successful Welcome.
inline constexpr std::chrono::milliseconds kBackoffBase{200};
inline constexpr std::chrono::milliseconds kBackoffCap{30'000};

}  // namespace tally::client::tuning

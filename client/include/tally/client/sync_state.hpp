// The sync state an app observes: where the sync thread stands, how many own edits wait
// for the server's acknowledgement, and the last error (with its transient flag).
// Produced by the client's sync thread; read through Client::sync_state() and observers.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "tally/error.hpp"

namespace tally::client {

enum class SyncPhase : std::uint8_t {
  kOffline,     // not connected: sync stopped, or waiting to reconnect
  kConnecting,  // TCP, TLS, WebSocket, Challenge/Hello
  kSyncing,     // connected; uploading the outbox or downloading
  kUpToDate,    // connected; every own op acknowledged and the download caught up
};

// "offline", "connecting", "syncing", "up_to_date".
std::string_view to_string(SyncPhase phase);

// A snapshot of the sync state.
struct SyncState {
  SyncPhase phase = SyncPhase::kOffline;
  std::uint64_t ops_pending = 0;    // own ops in the outbox (not yet acknowledged)
  std::optional<Error> last_error;  // cleared when the client is next up to date
  bool operator==(const SyncState& other) const {
    return phase == other.phase && ops_pending == other.ops_pending &&
           last_error.has_value() == other.last_error.has_value() &&
           (!last_error || (last_error->code == other.last_error->code &&
                            last_error->message == other.last_error->message));
  }
};

}  // namespace tally::client

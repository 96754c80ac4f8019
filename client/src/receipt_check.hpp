// The device's receipt check (Client::verify_receipts, docs/client.md "Checking
// receipts"): the server's public transparency log must extend what the device saw last
// time and hold every own op the server acknowledged, byte for byte, at or before the log
// index its Ack named. Internal to the client library.
#pragma once

#include <chrono>

#include "local_replica.hpp"
#include "tally/client/client.hpp"

namespace tally::client {

Result<ReceiptCheck> check_receipts(LocalReplica& replica, std::chrono::milliseconds timeout);

}  // namespace tally::client

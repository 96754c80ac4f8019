#include "enrolment.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>

#include "sync_session.hpp"
#include "tally/engine/crypto_random.hpp"

namespace tally::client {
namespace {

// Runs one session to its end on a private io_context; ok once it reached on_ready.
Status run_session(LocalReplica& replica, const ClientOptions& options, SyncSession::Mode mode,
                   const std::string& server_url, const std::string& ca_pem,
                   std::optional<SyncSession::EnrolParams> enrol,
                   std::chrono::steady_clock::time_point deadline) {
  boost::asio::io_context io;
  // A transport may hand its events in through post() from another thread: the io runs
  // until the session ends, not until it has nothing queued.
  auto work = boost::asio::make_work_guard(io);
  bool ready = false;
  std::optional<Error> closed_with;
  SyncSession::Events events;
  events.on_ready = [&] { ready = true; };
  events.on_closed = [&](Error error) {
    closed_with = std::move(error);
    io.stop();
  };
  auto session = std::make_shared<SyncSession>(io, replica, options, mode, std::move(events),
                                               std::move(enrol));
  session->start(server_url, ca_pem);
  io.run_until(deadline);
  work.reset();
  if (!closed_with) {
    session->close();
    io.restart();
    io.run_for(std::chrono::seconds(1));
  }
  if (ready) return {};
  if (closed_with && closed_with->code != ErrorCode::kConnectionLost) return *closed_with;
  return make_error(ErrorCode::kTimeout,
                    "enrolment with " + server_url + " did not finish" +
                        (closed_with ? ": " + closed_with->message : " in time"),
                    true);
}

}  // namespace

Status run_enrolment(LocalReplica& replica, const ClientOptions& options,
                     const EnrolRequest& request) {
  if (auto identity = replica.identity()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "this store is already enrolled as device " + identity->device_id);
  }
  auto seed = engine::random_seed();
  if (!seed.ok()) return std::move(seed).error();
  auto key = engine::keypair_from_seed(seed.value());
  if (!key.ok()) return std::move(key).error();

  SyncSession::EnrolParams params;
  params.code = request.code;
  params.label = request.label;
  params.seed = seed.value();
  params.public_key = key->public_key();
  params.server_url = request.server_url;
  params.ca_pem = request.ca_pem;
  auto deadline = std::chrono::steady_clock::now() + request.timeout;
  if (auto enrolled = run_session(replica, options, SyncSession::Mode::kEnrol, request.server_url,
                                  request.ca_pem, std::move(params), deadline);
      !enrolled.ok()) {
    return enrolled;
  }
  // The identity is stored: even if this Hello fails, the first sync fetches the rest.
  return run_session(replica, options, SyncSession::Mode::kHandshake, request.server_url,
                     request.ca_pem, std::nullopt, deadline);
}

}  // namespace tally::client

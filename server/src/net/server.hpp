// `tallyd serve`: opens the data directory, recovers the store and serves devices and
// HTTP on one port until SIGTERM or SIGINT, then shuts down gracefully (the commit in
// flight finishes and is acked, connections are closed with "going away").
#pragma once

#include <string>

#include "auth/logins.hpp"
#include "base/tuning.hpp"
#include "core/core.hpp"
#include "net/net_limits.hpp"
#include "store/data_dir.hpp"
#include "tally/server/sqlite_store.hpp"

namespace tally::server {

struct ServeOptions {
  DataDir dir;
  std::string listen = "127.0.0.1:0";  // host:port; port 0 picks a free one
  bool plain = false;                  // ws/http instead of wss/https: loopback only
  unsigned threads = tuning::kIoThreads;  // I/O threads (the writer has its own)
  SyncMode sync = SyncMode::kFull;
  NetLimits limits;
  // --max-connections was given: refused if it does not fit the descriptor limit (the
  // default is lowered to fit).
  bool max_connections_given = false;
  CoreOptions core;
  LoginOptions logins;  // console sessions and the login rate limit
  // The URL devices sync with, from --public-url (api/enrol_uri.hpp); empty: enrolment
  // codes name the address of the request's Host header.
  std::string devices_url;
};

// Runs the server; returns when it has stopped. Errors before serving (bad address,
// plain on a non-loopback address, unreadable data directory, broken log) are returned.
Status serve(const ServeOptions& options);

}  // namespace tally::server

// Enrolment of a new device, run on the calling thread: a first connection presents the
// one-time code and the device's new public key (Enrol → Enrolled, identity stored), a
// second one says Hello and stores the reference data of Welcome. Internal; Client::enrol.
#pragma once

#include "local_replica.hpp"
#include "tally/client/client.hpp"

namespace tally::client {

Status run_enrolment(LocalReplica& replica, const ClientOptions& options,
                     const EnrolRequest& request);

}  // namespace tally::client

#include "net/descriptor_limit.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "net/net_limits.hpp"

namespace tally::server {

Result<std::size_t> raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return make_error(ErrorCode::kIoError,
                      std::string("cannot read the descriptor limit: ") + std::strerror(errno));
  }
  if (limit.rlim_cur != limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    // Refused (an infinite hard limit above the kernel's nr_open): keep the soft one.
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? SIZE_MAX : static_cast<std::size_t>(limit.rlim_cur);
}

Result<std::size_t> fit_connection_limit(std::size_t max_connections, bool given,
                                         std::size_t limit) {
  const std::size_t room = limit > kDescriptorReserve ? limit - kDescriptorReserve : 0;
  if (max_connections <= room) return max_connections;
  if (!given && room > 0) return room;
  return make_error(ErrorCode::kInvalidArgument,
                    "--max-connections " + std::to_string(max_connections) +
                        " does not fit the descriptor limit of " + std::to_string(limit) +
                        " (ulimit -n) with " + std::to_string(kDescriptorReserve) +
                        " kept for the store and logs: lower --max-connections to at most " +
                        std::to_string(room) + " or raise the hard limit");
}

}  // namespace tally::server

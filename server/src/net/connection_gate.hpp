// Admission control for tallyd's listener: caps the open connections in all and per
// peer address, so that one host opening thousands of sockets cannot starve the rest.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace tally::server {

class ConnectionGate : public std::enable_shared_from_this<ConnectionGate> {
 public:
  ConnectionGate(std::size_t max_total, std::size_t max_per_address);

  // A slot for a new connection from `address`, or nullptr when a limit is reached. The
  // slot is given back when its last owner drops it.
  std::shared_ptr<void> admit(const std::string& address);
  [[nodiscard]] std::size_t open_connections() const;

 private:
  class Slot;
  void release(const std::string& address);

  const std::size_t max_total_;
  const std::size_t max_per_address_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::map<std::string, std::size_t> per_address_;
};

}  // namespace tally::server

#include "net/connection_gate.hpp"

namespace tally::server {

// One admitted connection; gives its place back when destroyed.
class ConnectionGate::Slot {
 public:
  Slot(std::weak_ptr<ConnectionGate> gate, std::string address)
      : gate_(std::move(gate)), address_(std::move(address)) {}
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  ~Slot() {
    if (auto gate = gate_.lock()) gate->release(address_);
  }

 private:
  std::weak_ptr<ConnectionGate> gate_;
  std::string address_;
};

ConnectionGate::ConnectionGate(std::size_t max_total, std::size_t max_per_address)
    : max_total_(max_total), max_per_address_(max_per_address) {}

std::shared_ptr<void> ConnectionGate::admit(const std::string& address) {
  {
    std::lock_guard lock(mutex_);
    auto& from_address = per_address_[address];
    if (total_ >= max_total_ || from_address >= max_per_address_) {
      if (from_address == 0) per_address_.erase(address);
      return nullptr;
    }
    ++total_;
    ++from_address;
  }
  return std::make_shared<Slot>(weak_from_this(), address);
}

std::size_t ConnectionGate::open_connections() const {
  std::lock_guard lock(mutex_);
  return total_;
}

void ConnectionGate::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  --total_;
  auto found = per_address_.find(address);
  if (found != per_address_.end() && --found->second == 0) per_address_.erase(found);
}

}  // namespace tally::server

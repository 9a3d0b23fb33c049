#include "http/hold.h"

#include <utility>

namespace opennrm::http {

void Hold::release(bool sendable) {
  std::function<void(bool)> waiting;
  {
    std::lock_guard lock(mutex_);
    if (sendable_) return;
    sendable_ = sendable;
    waiting = std::move(waiting_);
  }
  // Called outside the lock: the callback may take locks of its own.
  if (waiting) waiting(sendable);
}

void Hold::on_release(std::function<void(bool sendable)> released) {
  bool sendable = false;
  {
    std::lock_guard lock(mutex_);
    if (!sendable_) {
      waiting_ = std::move(released);
      return;
    }
    sendable = *sendable_;
  }
  released(sendable);
}

}  // namespace opennrm::http

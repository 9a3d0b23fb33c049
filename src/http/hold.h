#pragma once

// What an answer waits for before it may leave, released from another thread. A case read's
// answer waits for the durable commit of the read's audit record: the server's thread goes on to
// other requests meanwhile, and the answer is sent only once the record is safe, or replaced by
// a 500 when it could not be written (nobody sees a case without the look being recorded).

#include <functional>
#include <mutex>
#include <optional>

namespace opennrm::http {

class Hold {
 public:
  // Ends the hold: `sendable` false replaces the answer by a 500. Only the first call counts.
  void release(bool sendable);
  // Calls `released` once the hold has ended: at once, on this thread, when it already has,
  // otherwise on the releasing thread. A hold has one waiter, the server sending the answer.
  void on_release(std::function<void(bool sendable)> released);

 private:
  std::mutex mutex_;
  std::optional<bool> sendable_;
  std::function<void(bool)> waiting_;
};

}  // namespace opennrm::http

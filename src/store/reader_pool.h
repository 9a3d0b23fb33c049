#pragma once

// Read-only connections to one database, lent to one reader at a time. With write-ahead logging
// readers see the last committed state and never wait for the writer's commit, so a server's
// reads (sessions, scopes, case histories) no longer queue behind the durable commits of its
// writes.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/sqlite.h"

namespace opennrm::store {

class ReaderPool {
 public:
  // Opens connections to `path` when first needed, at most `limit` of them.
  ReaderPool(std::string path, std::size_t limit);

  // Runs `work` in one read transaction on an idle connection, opening one when none is idle
  // and fewer than the limit are open, otherwise waiting for one to come back.
  ErrorOr<void> run(const std::function<ErrorOr<void>(Connection&)>& work);

 private:
  ErrorOr<std::unique_ptr<Connection>> borrow();
  void give_back(std::unique_ptr<Connection> connection);

  std::string path_;
  std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace opennrm::store

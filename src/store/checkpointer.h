#pragma once

// Checkpoints of the write-ahead log, moved off the writer's commits. SQLite by default copies
// the log back into the database inside the commit that pushed the log past 1,000 pages, so one
// request in a few hundred pays for two extra synchronous flushes. The writer here only tells a
// background thread, which checkpoints on its own connection without blocking the writer or
// the readers (a passive checkpoint).

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "store/sqlite.h"

namespace opennrm::store {

class Checkpointer {
 public:
  // Takes over the checkpoints of `writer`, which must outlive the checkpointer.
  static ErrorOr<std::unique_ptr<Checkpointer>> start(Connection& writer);
  // Stops the thread after a checkpoint in progress; the last connection to close checkpoints
  // what is left, as SQLite always does.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Log pages after which a checkpoint is started (SQLite's own default threshold).
  static constexpr int kPages = 1000;

 private:
  Checkpointer(Connection& writer, Connection own);
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void run();

  Connection& writer_;
  Connection own_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace opennrm::store

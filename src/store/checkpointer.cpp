#include "store/checkpointer.h"

#include <spdlog/spdlog.h>

namespace opennrm::store {

ErrorOr<std::unique_ptr<Checkpointer>> Checkpointer::start(Connection& writer) {
  auto own = TRY(Connection::open(writer.path(), false));
  std::unique_ptr<Checkpointer> checkpointer(new Checkpointer(writer, std::move(own)));
  // The hook replaces the automatic checkpoint, which SQLite installs as this same hook.
  sqlite3_wal_hook(writer.handle(), &Checkpointer::on_commit, checkpointer.get());
  checkpointer->thread_ = std::thread([raw = checkpointer.get()] { raw->run(); });
  return checkpointer;
}

Checkpointer::Checkpointer(Connection& writer, Connection own)
    : writer_(writer), own_(std::move(own)) {}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

int Checkpointer::on_commit(void* self, sqlite3*, const char*, int pages) {
  auto* checkpointer = static_cast<Checkpointer*>(self);
  if (pages < kPages) return SQLITE_OK;
  {
    std::lock_guard lock(checkpointer->mutex_);
    checkpointer->due_ = true;
  }
  checkpointer->wake_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return due_ || stopping_; });
    if (stopping_) return;
    due_ = false;
    lock.unlock();
    // A passive checkpoint copies what no reader still needs and never waits for anyone; what
    // it leaves is copied by the next one.
    int result = sqlite3_wal_checkpoint_v2(own_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                           nullptr, nullptr);
    if (result != SQLITE_OK && result != SQLITE_BUSY) {
      spdlog::warn("checkpoint of the write-ahead log failed: {}", sqlite3_errstr(result));
    }
    lock.lock();
  }
}

}  // namespace opennrm::store

#include "store/reader_pool.h"

#include <cassert>

namespace opennrm::store {

ReaderPool::ReaderPool(std::string path, std::size_t limit)
    : path_(std::move(path)), limit_(limit) {
  assert(limit_ > 0);
}

ErrorOr<void> ReaderPool::run(const std::function<ErrorOr<void>(Connection&)>& work) {
  auto connection = TRY(borrow());
  // Returned however `work` ends, so that an exception does not shrink the pool for good.
  struct Lease {
    ReaderPool& pool;
    std::unique_ptr<Connection>& connection;
    ~Lease() { pool.give_back(std::move(connection)); }
  } lease{*this, connection};
  // One read transaction for the whole work: its statements see one snapshot (a scope and the
  // history it guards cannot come from different commits), and SQLite takes and releases its
  // read lock on the log once instead of per statement.
  auto transaction = TRY(Transaction::begin_read(*connection));
  TRY(work(*connection));
  return transaction.commit();
}

ErrorOr<std::unique_ptr<Connection>> ReaderPool::borrow() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_ < limit_; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  // Opening takes a while (it reads the schema), so it happens outside the lock; the slot is
  // counted first so that no other reader opens past the limit meanwhile.
  ++open_;
  lock.unlock();
  auto opened = Connection::open_read_only(path_);
  if (opened.is_error()) {
    lock.lock();
    --open_;
    returned_.notify_one();
    return opened.release_error();
  }
  return std::make_unique<Connection>(opened.release_value());
}

void ReaderPool::give_back(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

}  // namespace opennrm::store

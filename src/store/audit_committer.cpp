#include "store/audit_committer.h"

#include <exception>
#include <future>
#include <utility>

namespace opennrm::store {

AuditCommitter::AuditCommitter(Commit commit) : commit_(std::move(commit)) {}

AuditCommitter::~AuditCommitter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void AuditCommitter::append(TimedAuditEntry record, Committed committed) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(record), std::move(committed)});
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    // The committer waits for a first record, or during a gather for as many as the last commit
    // had; waking it for any other record would only make it look and sleep again, a thread
    // switch per read on a busy server.
    wake = queue_.size() == 1 || queue_.size() == last_batch_;
  }
  if (wake) queued_.notify_one();
}

ErrorOr<void> AuditCommitter::append(TimedAuditEntry record) {
  std::promise<ErrorOr<void>> outcome;
  auto ended = outcome.get_future();
  append(std::move(record), [&outcome](const ErrorOr<void>& result) { outcome.set_value(result); });
  return ended.get();
}

ErrorOr<void> AuditCommitter::commit_batch(const std::vector<const TimedAuditEntry*>& records) {
  // An exception here would end the committer's thread and with it the server; it ends only
  // this commit, whose callers are told it failed.
  try {
    return commit_(records);
  } catch (const std::exception&) {
    return Error::make("database_error", "the audit records could not be committed");
  }
}

void AuditCommitter::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    // Records queued before the stop are still committed: each has a caller waiting for it.
    if (queue_.empty()) return;
    // Under concurrent load (the last commit was shared), the records of the requests still in
    // progress are worth a short wait for as many as last time: one commit for more of them
    // costs less processor time, since each commit writes and flushes pages of its own. A lone
    // request never waits.
    if (last_batch_ > 1 && !stopping_) {
      queued_.wait_for(lock, kGatherTime,
                       [this] { return stopping_ || queue_.size() >= last_batch_; });
    }
    std::vector<Pending> batch = std::exchange(queue_, {});
    last_batch_ = batch.size();
    lock.unlock();
    std::vector<const TimedAuditEntry*> records;
    records.reserve(batch.size());
    for (const Pending& pending : batch) records.push_back(&pending.record);
    ErrorOr<void> result = commit_batch(records);
    for (const Pending& pending : batch) pending.committed(result);
    lock.lock();
  }
}

}  // namespace opennrm::store

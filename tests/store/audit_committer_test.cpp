#include "store/audit_committer.h"

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/case_store.h"
#include "store_test_support.h"

namespace opennrm::store {
namespace {

using testing::TempDatabase;

TimedAuditEntry read_of(int case_id) {
  return {{"alice", "case.read", "case:" + std::to_string(case_id), "without_identity"},
          "2026-03-01T10:00:00Z"};
}

// Records from many request threads at once all reach the chain, and each caller is told its
// commit succeeded only after the record is in the database.
TEST(AuditCommitter, RecordsFromManyThreadsAllReachTheChain) {
  TempDatabase dir;
  auto store = CaseStore::open(dir.path()).release_value();
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (store.record_audit(read_of(t * kEach + i)).is_error()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  auto checked = store.read([&](Connection& db) -> ErrorOr<void> {
    auto records = TRY(read_audit(db));
    EXPECT_EQ(records.size(), std::size_t(kThreads * kEach));
    EXPECT_FALSE(TRY(verify_audit(db)).has_value());
    return {};
  });
  ASSERT_FALSE(checked.is_error()) << checked.error().message;
}

// A caller that does not wait is told on the committer's thread; by then its record is durable
// and visible to readers.
TEST(AuditCommitter, CallerThatDoesNotWaitIsToldAfterTheCommit) {
  TempDatabase dir;
  auto store = CaseStore::open(dir.path()).release_value();
  std::promise<int64_t> told;
  store.record_audit(read_of(7), [&](const ErrorOr<void>& committed) {
    EXPECT_FALSE(committed.is_error());
    int64_t count = -1;
    auto counted = store.read([&](Connection& db) -> ErrorOr<void> {
      count = TRY(db.query_int("SELECT count(*) FROM audit WHERE object = 'case:7'"));
      return {};
    });
    EXPECT_FALSE(counted.is_error());
    told.set_value(count);
  });
  EXPECT_EQ(told.get_future().get(), 1);
}

// Every caller of a batch whose commit failed hears of the failure: nobody is told a record is
// safe that is not.
TEST(AuditCommitter, FailedCommitIsReportedToEveryCallerOfItsBatch) {
  std::promise<void> first_commit_started;
  std::promise<void> let_first_commit_end;
  auto gate = let_first_commit_end.get_future().share();
  std::atomic<int> commits = 0;
  AuditCommitter committer([&](const std::vector<const TimedAuditEntry*>&) -> ErrorOr<void> {
    if (commits++ == 0) {
      first_commit_started.set_value();
      gate.wait();
      return {};
    }
    return Error::make("database_error", "disk full");
  });
  std::promise<bool> first_outcome;
  committer.append(read_of(1), [&](const ErrorOr<void>& committed) {
    first_outcome.set_value(!committed.is_error());
  });
  first_commit_started.get_future().wait();
  // These two queue while the first commit is in flight, so they share the next one.
  std::vector<std::promise<std::string>> outcomes(2);
  for (int i = 0; i < 2; ++i) {
    committer.append(read_of(2 + i), [&, i](const ErrorOr<void>& committed) {
      outcomes[std::size_t(i)].set_value(committed.is_error() ? committed.error().code : "ok");
    });
  }
  let_first_commit_end.set_value();
  EXPECT_TRUE(first_outcome.get_future().get());
  EXPECT_EQ(outcomes[0].get_future().get(), "database_error");
  EXPECT_EQ(outcomes[1].get_future().get(), "database_error");
  EXPECT_EQ(commits, 2);
}

// After a shared commit the committer waits a little for more records, but a record that is
// left alone is still committed, on its own.
TEST(AuditCommitter, LoneRecordAfterASharedCommitIsStillCommitted) {
  std::promise<void> first_commit_started;
  std::promise<void> let_first_commit_end;
  auto gate = let_first_commit_end.get_future().share();
  std::mutex sizes_mutex;
  std::vector<std::size_t> sizes;
  AuditCommitter committer([&](const std::vector<const TimedAuditEntry*>& records) {
    bool first = false;
    {
      std::lock_guard lock(sizes_mutex);
      sizes.push_back(records.size());
      first = sizes.size() == 1;
    }
    if (first) {
      first_commit_started.set_value();
      gate.wait();
    }
    return ErrorOr<void>();
  });
  std::promise<void> first_told;
  committer.append(read_of(1), [&](const ErrorOr<void>&) { first_told.set_value(); });
  first_commit_started.get_future().wait();
  std::promise<void> shared_told;
  committer.append(read_of(2), [](const ErrorOr<void>&) {});
  committer.append(read_of(3), [&](const ErrorOr<void>&) { shared_told.set_value(); });
  let_first_commit_end.set_value();
  first_told.get_future().wait();
  shared_told.get_future().wait();
  EXPECT_FALSE(committer.append(read_of(4)).is_error());
  std::lock_guard lock(sizes_mutex);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 2, 1}));
}

// A commit that throws (out of memory) fails its batch instead of ending the committer's
// thread: the next record is committed as usual.
TEST(AuditCommitter, CommitThatThrowsFailsOnlyItsBatch) {
  std::atomic<int> commits = 0;
  AuditCommitter committer([&](const std::vector<const TimedAuditEntry*>&) -> ErrorOr<void> {
    if (commits++ == 0) throw std::bad_alloc();
    return {};
  });
  auto first = committer.append(read_of(1));
  ASSERT_TRUE(first.is_error());
  EXPECT_EQ(first.error().code, "database_error");
  EXPECT_FALSE(committer.append(read_of(2)).is_error());
}

// Stopping commits what is still queued: each of those records has a caller waiting for it.
TEST(AuditCommitter, StoppingCommitsWhatIsQueued) {
  std::promise<void> let_commits_run;
  auto gate = let_commits_run.get_future().share();
  std::atomic<std::size_t> committed_records = 0;
  std::atomic<int> told = 0;
  {
    AuditCommitter committer([&](const std::vector<const TimedAuditEntry*>& records) {
      gate.wait();
      committed_records += records.size();
      return ErrorOr<void>();
    });
    for (int i = 0; i < 5; ++i) {
      committer.append(read_of(i), [&](const ErrorOr<void>& committed) {
        if (!committed.is_error()) ++told;
      });
    }
    let_commits_run.set_value();
  }
  EXPECT_EQ(committed_records, 5u);
  EXPECT_EQ(told, 5);
}

}  // namespace
}  // namespace opennrm::store

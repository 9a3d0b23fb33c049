#include "store/reader_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "policy/policy_file.h"
#include "store/case_store.h"
#include "store_test_support.h"

namespace opennrm::store {
namespace {

using testing::identified;
using testing::TempDatabase;

// A database with one table the writer fills, for the pool's readers to read.
Connection writer_on(const TempDatabase& dir) {
  auto db = Connection::open(dir.path(), true).release_value();
  EXPECT_FALSE(db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)").is_error());
  return db;
}

int64_t count_notes(ReaderPool& pool) {
  int64_t count = -1;
  auto read = pool.run([&](Connection& db) -> ErrorOr<void> {
    count = TRY(db.query_int("SELECT count(*) FROM notes"));
    return {};
  });
  EXPECT_FALSE(read.is_error()) << read.error().message;
  return count;
}

TEST(ReaderPool, ReadersSeeWhatTheWriterCommitted) {
  TempDatabase dir;
  auto writer = writer_on(dir);
  ReaderPool pool(dir.path(), 2);
  EXPECT_EQ(count_notes(pool), 0);
  ASSERT_FALSE(writer.execute("INSERT INTO notes (text) VALUES ('first')").is_error());
  // The same reader, kept idle in the pool meanwhile, must not answer from an old snapshot.
  EXPECT_EQ(count_notes(pool), 1);
}

TEST(ReaderPool, OneReadSeesOneSnapshotEvenWhenTheWriterCommitsMeanwhile) {
  TempDatabase dir;
  auto writer = writer_on(dir);
  ReaderPool pool(dir.path(), 1);
  int64_t before = -1, after = -1;
  auto read = pool.run([&](Connection& db) -> ErrorOr<void> {
    before = TRY(db.query_int("SELECT count(*) FROM notes"));
    TRY(writer.execute("INSERT INTO notes (text) VALUES ('meanwhile')"));
    after = TRY(db.query_int("SELECT count(*) FROM notes"));
    return {};
  });
  ASSERT_FALSE(read.is_error()) << read.error().message;
  EXPECT_EQ(before, 0);
  EXPECT_EQ(after, 0);
  EXPECT_EQ(count_notes(pool), 1);
}

TEST(ReaderPool, AFailedReadLeavesItsConnectionReadyForTheNext) {
  TempDatabase dir;
  auto writer = writer_on(dir);
  ReaderPool pool(dir.path(), 1);
  auto failed = pool.run([](Connection& db) -> ErrorOr<void> {
    TRY(db.query_int("SELECT count(*) FROM notes"));
    return Error::make("test_failure", "the work failed halfway");
  });
  ASSERT_TRUE(failed.is_error());
  EXPECT_EQ(failed.error().code, "test_failure");
  ASSERT_FALSE(writer.execute("INSERT INTO notes (text) VALUES ('after')").is_error());
  EXPECT_EQ(count_notes(pool), 1);
}

TEST(ReaderPool, AReadThatThrowsLeavesItsConnectionReadyForTheNext) {
  TempDatabase dir;
  auto writer = writer_on(dir);
  ReaderPool pool(dir.path(), 1);
  EXPECT_THROW((void)pool.run([](Connection& db) -> ErrorOr<void> {
    TRY(db.query_int("SELECT count(*) FROM notes"));
    throw std::bad_alloc();
  }),
               std::bad_alloc);
  // Neither a transaction still open nor its old snapshot is left to the next reader.
  ASSERT_FALSE(writer.execute("INSERT INTO notes (text) VALUES ('after')").is_error());
  EXPECT_EQ(count_notes(pool), 1);
}

TEST(ReaderPool, AReaderCannotWrite) {
  TempDatabase dir;
  auto writer = writer_on(dir);
  ReaderPool pool(dir.path(), 1);
  auto wrote =
      pool.run([](Connection& db) { return db.execute("INSERT INTO notes VALUES (1, 'x')"); });
  ASSERT_TRUE(wrote.is_error());
  EXPECT_NE(wrote.error().message.find("readonly"), std::string::npos) << wrote.error().message;
  EXPECT_EQ(writer.query_int("SELECT count(*) FROM notes").value(), 0);
}

TEST(ReaderPool, AMissingDatabaseIsAnErrorEveryTimeAndFreesItsSlot) {
  TempDatabase dir;
  ReaderPool pool(dir.path("missing.db"), 1);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto read = pool.run([](Connection&) -> ErrorOr<void> { return {}; });
    ASSERT_TRUE(read.is_error());
    EXPECT_NE(read.error().message.find("missing.db"), std::string::npos);
  }
}

TEST(ReaderPool, NoMoreReadersThanTheLimitAtOnce) {
  TempDatabase dir;
  auto writer = writer_on(dir);
  ReaderPool pool(dir.path(), 2);
  std::atomic<int> inside = 0;
  std::atomic<int> most = 0;
  std::vector<std::thread> readers;
  for (int i = 0; i < 6; ++i) {
    readers.emplace_back([&] {
      auto read = pool.run([&](Connection&) -> ErrorOr<void> {
        int now = ++inside;
        for (int seen = most.load(); seen < now && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        --inside;
        return {};
      });
      EXPECT_FALSE(read.is_error());
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(most.load(), 2);
}

// The point of the pool: a case is read while the writer holds its transaction open (as it does
// during a synchronous commit), instead of queueing behind it.
TEST(ReaderPool, CaseReadsDoNotWaitForTheWriter) {
  TempDatabase dir;
  auto store = CaseStore::open(dir.path()).release_value();
  ASSERT_FALSE(store.initialise(policy::coe_minimum()).is_error());
  auto opened = store.open_case(identified("2026-03-01"));
  ASSERT_FALSE(opened.is_error());
  std::promise<void> writing;
  std::promise<void> may_commit;
  auto writer = std::async(std::launch::async, [&] {
    return store.transact([&](Connection& db) -> ErrorOr<void> {
      TRY(db.execute("INSERT INTO settings (key, value) VALUES ('probe', 'x')"));
      writing.set_value();
      may_commit.get_future().wait();
      return {};
    });
  });
  writing.get_future().wait();
  auto read = std::async(std::launch::async, [&] { return store.load_case(opened->case_id); });
  bool finished = read.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  may_commit.set_value();
  EXPECT_TRUE(finished) << "the case read waited for the writer's transaction";
  auto loaded = read.get();
  ASSERT_FALSE(loaded.is_error()) << loaded.error().message;
  EXPECT_EQ(loaded.value()->events.size(), 1u);
  EXPECT_FALSE(writer.get().is_error());
}

}  // namespace
}  // namespace opennrm::store

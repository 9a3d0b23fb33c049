#include "store/sqlite.h"

#include <gtest/gtest.h>

#include "store_test_support.h"

namespace opennrm::store {
namespace {

using testing::TempDatabase;

TEST(Sqlite, UsesWriteAheadLogFullSyncAndForeignKeys) {
  TempDatabase dir;
  auto db = Connection::open(dir.path(), true);
  ASSERT_FALSE(db.is_error()) << db.error().message;
  auto mode = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(*mode->step());
  EXPECT_EQ(mode->column_text(0), "wal");
  mode->reset();
  EXPECT_EQ(*db->query_int("PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(*db->query_int("PRAGMA foreign_keys"), 1);
}

TEST(Sqlite, TransactionRollsBackUnlessCommitted) {
  TempDatabase dir;
  auto db = Connection::open(dir.path(), true).release_value();
  ASSERT_FALSE(db.execute("CREATE TABLE t (x INTEGER) STRICT").is_error());
  {
    auto transaction = Transaction::begin(db).release_value();
    ASSERT_FALSE(db.execute("INSERT INTO t VALUES (1)").is_error());
  }
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM t"), 0);
  {
    auto transaction = Transaction::begin(db).release_value();
    ASSERT_FALSE(db.execute("INSERT INTO t VALUES (1)").is_error());
    ASSERT_FALSE(transaction.commit().is_error());
  }
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM t"), 1);
}

TEST(Sqlite, StatementIsReusableAfterEachRun) {
  TempDatabase dir;
  auto db = Connection::open(dir.path(), true).release_value();
  ASSERT_FALSE(db.execute("CREATE TABLE t (x INTEGER, y TEXT) STRICT").is_error());
  auto insert = db.prepare("INSERT INTO t VALUES (?, ?)").release_value();
  for (int64_t i = 0; i < 3; ++i) ASSERT_FALSE(insert.bind(1, i).bind(2, "v").run().is_error());
  EXPECT_EQ(*db.query_int("SELECT sum(x) FROM t"), 3);
}

TEST(Sqlite, AStrictTableRefusesAWrongTypeWithAMessageNamingTheFile) {
  TempDatabase dir;
  auto db = Connection::open(dir.path(), true).release_value();
  ASSERT_FALSE(db.execute("CREATE TABLE t (x INTEGER) STRICT").is_error());
  auto insert = db.prepare("INSERT INTO t VALUES (?)").release_value();
  auto result = insert.bind(1, "not a number").run();
  ASSERT_TRUE(result.is_error());
  EXPECT_NE(result.error().message.find(dir.path()), std::string::npos) << result.error().message;
}

TEST(Sqlite, AnUnwritablePathIsAnErrorNamingIt) {
  std::string path = "/nonexistent-opennrm-dir/cases.db";
  auto db = Connection::open(path, true);
  ASSERT_TRUE(db.is_error());
  EXPECT_NE(db.error().message.find(path), std::string::npos) << db.error().message;
}

}  // namespace
}  // namespace opennrm::store

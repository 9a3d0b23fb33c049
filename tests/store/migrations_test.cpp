#include "store/migrations.h"

#include <gtest/gtest.h>

#include "store_test_support.h"

namespace opennrm::store {
namespace {

using testing::TempDatabase;

TEST(Migrations, BringANewDatabaseToTheLatestVersion) {
  TempDatabase dir;
  auto db = Connection::open(dir.path(), true).release_value();
  ASSERT_FALSE(migrate(db).is_error());
  EXPECT_EQ(*db.query_int("PRAGMA user_version"), int64_t(migrations().size()));
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM sqlite_schema WHERE name IN "
                          "('cases', 'events', 'settings', 'case_facts', 'case_forms')"),
            5);
}

TEST(Migrations, AreIdempotent) {
  TempDatabase dir;
  auto db = Connection::open(dir.path(), true).release_value();
  ASSERT_FALSE(migrate(db).is_error());
  ASSERT_FALSE(db.execute("INSERT INTO settings VALUES ('k', 'v')").is_error());
  auto again = migrate(db);
  ASSERT_FALSE(again.is_error()) << again.error().message;
  EXPECT_EQ(*db.query_int("PRAGMA user_version"), int64_t(migrations().size()));
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM settings"), 1);
}

TEST(Migrations, RefuseADatabaseNewerThanTheProgram) {
  TempDatabase dir;
  auto db = Connection::open(dir.path(), true).release_value();
  ASSERT_FALSE(db.execute("PRAGMA user_version = 99").is_error());
  auto result = migrate(db);
  ASSERT_TRUE(result.is_error());
  EXPECT_NE(result.error().message.find("99"), std::string::npos);
}

}  // namespace
}  // namespace opennrm::store

#include "store/checkpointer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "store_test_support.h"

namespace opennrm::store {
namespace {

using testing::TempDatabase;

// The writer's commits push the log past the threshold; nobody else checkpoints, so only the
// background thread can have copied the pages into the database file.
TEST(Checkpointer, CopiesTheLogIntoTheDatabaseOffTheWritersCommits) {
  TempDatabase dir;
  auto writer = Connection::open(dir.path(), true).release_value();
  ASSERT_FALSE(writer.execute("CREATE TABLE blobs (b BLOB)").is_error());
  auto checkpointer = Checkpointer::start(writer);
  ASSERT_FALSE(checkpointer.is_error()) << checkpointer.error().message;
  constexpr int kRows = 40;  // 128 KiB each: about 1,300 pages of 4 KiB.
  for (int row = 0; row < kRows; ++row) {
    ASSERT_FALSE(writer.execute("INSERT INTO blobs VALUES (zeroblob(131072))").is_error());
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::filesystem::file_size(dir.path()) < 4u * 1024 * 1024 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(std::filesystem::file_size(dir.path()), 4u * 1024 * 1024);
  checkpointer->reset();
  EXPECT_EQ(writer.query_int("SELECT count(*) FROM blobs").value(), kRows);
}

// Below the threshold the log is left alone: a checkpoint per commit would cost what the
// write-ahead log saves.
TEST(Checkpointer, LeavesASmallLogAlone) {
  TempDatabase dir;
  auto writer = Connection::open(dir.path(), true).release_value();
  ASSERT_FALSE(writer.execute("CREATE TABLE notes (text TEXT)").is_error());
  auto size_before = std::filesystem::file_size(dir.path());
  {
    auto checkpointer = Checkpointer::start(writer).release_value();
    for (int row = 0; row < 20; ++row) {
      ASSERT_FALSE(writer.execute("INSERT INTO notes VALUES ('a short note')").is_error());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(std::filesystem::file_size(dir.path()), size_before);
}

}  // namespace
}  // namespace opennrm::store

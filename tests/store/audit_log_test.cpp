#include "store/audit_log.h"

#include <gtest/gtest.h>

#include "store/case_store.h"
#include "store_test_support.h"

namespace opennrm::store {
namespace {

using testing::TempDatabase;

// The server's group commit appends several read records at once: they follow the earlier ones
// in order, each linked to the one before, and the chain verifies.
TEST(AuditLog, SeveralRecordsAppendedAtOnceContinueTheChain) {
  TempDatabase dir;
  auto store = CaseStore::open(dir.path()).release_value();
  TimedAuditEntry first{{"alice", "case.read", "case:1", "without_identity"},
                        "2026-03-01T10:00:00Z"};
  TimedAuditEntry second{{"bob", "case.read", "case:2", "with_identity"}, "2026-03-01T10:00:01Z"};
  TimedAuditEntry third{{"carol", "alerts.read", "alerts", "as_of:2026-03-01"},
                        "2026-03-01T10:00:01Z"};
  auto written = store.transact([&](Connection& db) -> ErrorOr<void> {
    TRY(append_audit(db, {"admin", "login.success", "user:admin", "-"}, "2026-03-01T09:59:00Z"));
    return append_audit(db, {&first, &second, &third});
  });
  ASSERT_FALSE(written.is_error()) << written.error().message;
  auto checked = store.transact([&](Connection& db) -> ErrorOr<void> {
    auto records = TRY(read_audit(db));
    EXPECT_EQ(records.size(), 4u);
    if (records.size() == 4) {
      EXPECT_EQ(records[1].actor, "alice");
      EXPECT_EQ(records[3].action, "alerts.read");
      EXPECT_EQ(records[2].prev_hash, records[1].hash);
      EXPECT_EQ(records[3].seq, 4);
    }
    EXPECT_FALSE(TRY(verify_audit(db)).has_value());
    return {};
  });
  ASSERT_FALSE(checked.is_error()) << checked.error().message;
}

}  // namespace
}  // namespace opennrm::store

#include "store/audit_log.h"

#include <fmt/format.h>

namespace opennrm::store {

namespace {

// The chain alone cannot show that its newest records were cut off, so the newest record's seq
// and hash are also kept in `settings`, written in the same transaction as each record.
constexpr std::string_view kHeadKey = "audit_head";

constexpr std::string_view kColumns = "seq, at, actor, action, object, detail, prev_hash, hash";

security::AuditRecord record_from(const Statement& row) {
  return security::AuditRecord{row.column_int(0),  row.column_text(1), row.column_text(2),
                               row.column_text(3), row.column_text(4), row.column_text(5),
                               row.column_text(6), row.column_text(7)};
}

ErrorOr<std::optional<security::AuditRecord>> latest_record(Connection& db) {
  auto select_lease =
      TRY(db.cached(fmt::format("SELECT {} FROM audit ORDER BY seq DESC LIMIT 1", kColumns)));
  auto& select = *select_lease;
  if (!TRY(select.step())) return std::optional<security::AuditRecord>();
  auto record = record_from(select);
  select.reset();
  return std::optional(std::move(record));
}

ErrorOr<std::optional<std::string>> stored_head(Connection& db) {
  auto select = TRY(db.prepare("SELECT value FROM settings WHERE key = ?"));
  select.bind(1, kHeadKey);
  if (!TRY(select.step())) return std::optional<std::string>();
  std::optional<std::string> head = select.column_text(0);
  select.reset();
  return head;
}

std::string head_of(const security::AuditRecord& record) {
  return fmt::format("{}:{}", record.seq, record.hash);
}

}  // namespace

ErrorOr<void> append_audit(Connection& db, const AuditEntry& entry, const std::string& at) {
  TimedAuditEntry timed{entry, at};
  return append_audit(db, std::vector<const TimedAuditEntry*>{&timed});
}

ErrorOr<void> append_audit(Connection& db, const std::vector<const TimedAuditEntry*>& entries) {
  if (entries.empty()) return {};
  auto previous = TRY(latest_record(db));
  auto insert_lease = TRY(
      db.cached(fmt::format("INSERT INTO audit ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", kColumns)));
  auto& insert = *insert_lease;
  for (const TimedAuditEntry* timed : entries) {
    security::AuditRecord record;
    record.at = timed->at;
    record.actor = timed->entry.actor;
    record.action = timed->entry.action;
    record.object = timed->entry.object;
    record.detail = timed->entry.detail;
    security::link_audit_record(record, previous ? &*previous : nullptr);
    TRY(insert.bind(1, record.seq)
            .bind(2, record.at)
            .bind(3, record.actor)
            .bind(4, record.action)
            .bind(5, record.object)
            .bind(6, record.detail)
            .bind(7, record.prev_hash)
            .bind(8, record.hash)
            .run());
    previous = std::move(record);
  }
  auto head_lease =
      TRY(db.cached("INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
  auto& head = *head_lease;
  return head.bind(1, kHeadKey).bind(2, head_of(*previous)).run();
}

ErrorOr<std::vector<security::AuditRecord>> read_audit(Connection& db) {
  auto select = TRY(db.prepare(fmt::format("SELECT {} FROM audit ORDER BY seq", kColumns)));
  std::vector<security::AuditRecord> records;
  while (TRY(select.step())) records.push_back(record_from(select));
  return records;
}

ErrorOr<std::optional<security::ChainBreak>> verify_audit(Connection& db) {
  auto records = TRY(read_audit(db));
  if (auto broken = security::verify_chain(records)) return broken;
  auto head = TRY(stored_head(db));
  if (!head) {
    if (records.empty()) return std::optional<security::ChainBreak>();
    return std::optional(security::ChainBreak{
        records.front().seq, "the audit log's recorded head is missing: it was tampered with"});
  }
  if (records.empty() || head_of(records.back()) != *head) {
    int64_t after = records.empty() ? 0 : records.back().seq;
    return std::optional(security::ChainBreak{
        after + 1, fmt::format("records after {} were removed (the recorded head is {})", after,
                               head->substr(0, head->find(':')))});
  }
  return std::optional<security::ChainBreak>();
}

}  // namespace opennrm::store

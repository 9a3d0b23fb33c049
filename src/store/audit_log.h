#pragma once

// The audit log: every authentication event and every read or write of a case appends one
// record, hash-chained (BLAKE2b, see security/audit_chain.h), in the same transaction as the
// write it records. Records never contain identity data: the actor is a username, the object a
// case id or account, the detail a code.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "security/audit_chain.h"
#include "store/sqlite.h"

namespace opennrm::store {

struct AuditEntry {
  std::string actor;   // Username, or "-" before authentication.
  std::string action;  // E.g. "login.success", "login.failure", "case.read", "case.event".
  std::string object;  // E.g. "case:12", "user:alice", "referral:3".
  std::string detail;  // A code or short non-identifying note, e.g. "rejected:consent_required".
};

// Appends one record after the latest, inside the caller's transaction. `at` is UTC ISO 8601.
ErrorOr<void> append_audit(Connection& db, const AuditEntry& entry, const std::string& at);

// A record to append with the time it happened (UTC ISO 8601).
struct TimedAuditEntry {
  AuditEntry entry;
  std::string at;
};

// Appends records in order after the latest, inside the caller's transaction, reading and
// writing the chain's head once for all of them (the server's group commit of read records).
ErrorOr<void> append_audit(Connection& db, const std::vector<const TimedAuditEntry*>& entries);

// Every record in order, for `opennrm audit verify` and the admin's audit view.
ErrorOr<std::vector<security::AuditRecord>> read_audit(Connection& db);

// Verifies the whole chain: the first bad record, or nothing when the chain is intact.
ErrorOr<std::optional<security::ChainBreak>> verify_audit(Connection& db);

}  // namespace opennrm::store

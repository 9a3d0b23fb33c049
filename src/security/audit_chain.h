#pragma once

// The audit trail as a hash chain: each record's hash covers its own fields and the previous
// record's hash, so changing, removing or reordering any record breaks every later link.
// These functions are pure; the store persists the records.
//
// The chain alone cannot show that records were cut off at the end, or that the whole chain was
// rewritten by someone with write access: for that the latest hash must also be kept somewhere
// the database's writer cannot reach (an export, a printed report, another agency).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opennrm::security {

struct AuditRecord {
  std::int64_t seq = 0;  // 1 for the first record, then consecutive.
  std::string at;        // When it happened, as the store writes it (e.g. RFC 3339 UTC).
  std::string actor;     // Who did it (account id).
  std::string action;    // What was done (e.g. "case.read").
  std::string object;    // What it was done to (e.g. a case id).
  std::string detail;    // Anything else, never identity fields of a person.
  std::string prev_hash;
  std::string hash;
};

// The prev_hash of the first record: 64 zeros.
extern const std::string kAuditGenesisHash;

// BLAKE2b-256 (hex) over a versioned, length-prefixed encoding of prev_hash, seq, at, actor,
// action, object and detail (record.prev_hash and record.hash are not read).
std::string chain_hash(std::string_view prev_hash, const AuditRecord& record);

// Fills in seq, prev_hash and hash of a new record from the last one (nullptr for the first).
void link_audit_record(AuditRecord& record, const AuditRecord* previous);

struct ChainBreak {
  std::int64_t seq;    // The first record that does not fit.
  std::string reason;  // A sentence saying why.

  bool operator==(const ChainBreak&) const = default;
};

// Checks a whole chain from seq 1 in order; nullopt when every link holds.
std::optional<ChainBreak> verify_chain(const std::vector<AuditRecord>& records);

}  // namespace opennrm::security

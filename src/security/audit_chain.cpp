#include "security/audit_chain.h"

#include <fmt/format.h>

#include "security/encoding.h"
#include "security/secret.h"

namespace opennrm::security {

const std::string kAuditGenesisHash(64, '0');

namespace {

// Changing this encoding invalidates every stored chain; a new version needs a new tag.
constexpr std::string_view kEncodingTag = "opennrm-audit-v1";

}  // namespace

std::string chain_hash(std::string_view prev_hash, const AuditRecord& record) {
  std::string encoded;
  append_length_prefixed(encoded, kEncodingTag);
  append_length_prefixed(encoded, prev_hash);
  append_length_prefixed(encoded, std::to_string(record.seq));
  append_length_prefixed(encoded, record.at);
  append_length_prefixed(encoded, record.actor);
  append_length_prefixed(encoded, record.action);
  append_length_prefixed(encoded, record.object);
  append_length_prefixed(encoded, record.detail);
  return blake2b_256_hex(encoded);
}

void link_audit_record(AuditRecord& record, const AuditRecord* previous) {
  record.seq = previous ? previous->seq + 1 : 1;
  record.prev_hash = previous ? previous->hash : kAuditGenesisHash;
  record.hash = chain_hash(record.prev_hash, record);
}

std::optional<ChainBreak> verify_chain(const std::vector<AuditRecord>& records) {
  const AuditRecord* previous = nullptr;
  for (const AuditRecord& record : records) {
    std::int64_t expected_seq = previous ? previous->seq + 1 : 1;
    if (record.seq != expected_seq) {
      return ChainBreak{
          record.seq,
          fmt::format("expected record {} here: a record was removed or reordered", expected_seq)};
    }
    const std::string& expected_prev = previous ? previous->hash : kAuditGenesisHash;
    if (record.prev_hash != expected_prev) {
      return ChainBreak{record.seq, "prev_hash does not match the hash of the record before it"};
    }
    if (record.hash != chain_hash(record.prev_hash, record)) {
      return ChainBreak{record.seq, "hash does not match the record's contents: it was changed"};
    }
    previous = &record;
  }
  return std::nullopt;
}

}  // namespace opennrm::security

#include "security/audit_chain.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace opennrm::security {
namespace {

std::vector<AuditRecord> sample_chain(int length) {
  std::vector<AuditRecord> records;
  for (int i = 1; i <= length; ++i) {
    AuditRecord record;
    record.at = "2024-05-0" + std::to_string(i) + "T10:00:00Z";
    record.actor = "user-" + std::to_string(i % 2);
    record.action = "case.read";
    record.object = "NRM-2024-000" + std::to_string(i);
    record.detail = "{}";
    link_audit_record(record, records.empty() ? nullptr : &records.back());
    records.push_back(record);
  }
  return records;
}

TEST(AuditChain, LinksRecordsFromGenesis) {
  auto records = sample_chain(3);
  EXPECT_EQ(records[0].seq, 1);
  EXPECT_EQ(records[0].prev_hash, kAuditGenesisHash);
  EXPECT_EQ(kAuditGenesisHash, std::string(64, '0'));
  EXPECT_EQ(records[1].prev_hash, records[0].hash);
  EXPECT_EQ(records[2].seq, 3);
  EXPECT_EQ(records[2].hash.size(), 64u);
  EXPECT_EQ(verify_chain(records), std::nullopt);
  EXPECT_EQ(verify_chain({}), std::nullopt);
}

TEST(AuditChain, HashCoversEveryFieldWithBoundaries) {
  AuditRecord record = sample_chain(1)[0];
  const std::string base = chain_hash(record.prev_hash, record);
  EXPECT_EQ(base, record.hash);
  for (std::string AuditRecord::*field :
       {&AuditRecord::at, &AuditRecord::actor, &AuditRecord::action, &AuditRecord::object,
        &AuditRecord::detail}) {
    AuditRecord changed = record;
    changed.*field += "x";
    EXPECT_NE(chain_hash(record.prev_hash, changed), base);
  }
  AuditRecord renumbered = record;
  renumbered.seq = 2;
  EXPECT_NE(chain_hash(record.prev_hash, renumbered), base);
  EXPECT_NE(chain_hash(std::string(64, '1'), record), base);

  // Moving a character from one field into the next must change the hash.
  AuditRecord left = record;
  left.actor = "ab";
  left.action = "c";
  AuditRecord right = record;
  right.actor = "a";
  right.action = "bc";
  EXPECT_NE(chain_hash(record.prev_hash, left), chain_hash(record.prev_hash, right));
}

TEST(AuditChain, NamesAChangedRecord) {
  auto records = sample_chain(5);
  records[2].detail = "{\"note\":\"edited\"}";
  EXPECT_EQ(verify_chain(records)->seq, 3);
}

TEST(AuditChain, NamesTheNextRecordWhenAChangedRecordWasRehashed) {
  auto records = sample_chain(5);
  records[2].actor = "someone-else";
  records[2].hash = chain_hash(records[2].prev_hash, records[2]);
  auto broken = verify_chain(records);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->seq, 4);
  EXPECT_NE(broken->reason.find("prev_hash"), std::string::npos);
}

TEST(AuditChain, NamesTheRecordAfterARemovedOne) {
  auto records = sample_chain(5);
  records.erase(records.begin() + 2);
  auto broken = verify_chain(records);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->seq, 4);
  EXPECT_NE(broken->reason.find("expected record 3"), std::string::npos);
}

TEST(AuditChain, NamesReorderedRecords) {
  auto records = sample_chain(5);
  std::swap(records[2], records[3]);
  EXPECT_EQ(verify_chain(records)->seq, 4);
}

TEST(AuditChain, NamesATamperedOrMissingFirstRecord) {
  auto records = sample_chain(3);
  records[0].object = "NRM-2024-9999";
  EXPECT_EQ(verify_chain(records)->seq, 1);

  auto forged_start = sample_chain(3);
  forged_start[0].prev_hash = std::string(64, 'f');
  forged_start[0].hash = chain_hash(forged_start[0].prev_hash, forged_start[0]);
  EXPECT_EQ(verify_chain(forged_start)->seq, 1);

  auto without_first = sample_chain(3);
  without_first.erase(without_first.begin());
  EXPECT_EQ(verify_chain(without_first)->seq, 2);
}

}  // namespace
}  // namespace opennrm::security

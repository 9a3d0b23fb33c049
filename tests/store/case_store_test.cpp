#include "store/case_store.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "core/json.h"
#include "policy/policy_file.h"
#include "store_test_support.h"

namespace opennrm::store {
namespace {

using testing::event;
using testing::identified;
using testing::TempDatabase;

CaseStore initialised_store(const TempDatabase& dir,
                            const policy::Policy& policy = policy::coe_minimum()) {
  auto store = CaseStore::open(dir.path()).release_value();
  EXPECT_FALSE(store.initialise(policy).is_error());
  return store;
}

int64_t count(const std::string& path, const std::string& sql) {
  auto db = Connection::open(path, false).release_value();
  return db.query_int(sql).value();
}

TEST(CaseStore, KeepsTheJurisdictionPolicyInTheDatabase) {
  TempDatabase dir;
  auto policy = policy::coe_minimum();
  policy.jurisdiction.id = "two-stage-test";
  policy.identification.two_stage = true;
  policy.reflection.days = 45;
  { initialised_store(dir, policy); }
  auto reopened = CaseStore::open(dir.path(), CaseStore::Create::never).release_value();
  ASSERT_TRUE(reopened.initialised());
  EXPECT_EQ(policy::to_toml(reopened.policy()), policy::to_toml(policy));
  auto again = reopened.initialise(policy::coe_minimum());
  ASSERT_TRUE(again.is_error());
  EXPECT_EQ(again.error().code, "already_initialised");
}

TEST(CaseStore, RefusesCasesBeforeInit) {
  TempDatabase dir;
  auto store = CaseStore::open(dir.path()).release_value();
  auto result = store.open_case(identified("2026-01-10"));
  ASSERT_TRUE(result.is_error());
  EXPECT_NE(result.error().message.find(dir.path()), std::string::npos);
}

TEST(CaseStore, OpeningAMissingDatabaseWithoutCreateNamesIt) {
  TempDatabase dir;
  auto result = CaseStore::open(dir.path("missing.db"), CaseStore::Create::never);
  ASSERT_TRUE(result.is_error());
  EXPECT_NE(result.error().message.find("missing.db"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path("missing.db")));
}

TEST(CaseStore, AnUnwritablePathIsAClearError) {
  auto result = CaseStore::open("/nonexistent-opennrm-dir/sub/cases.db");
  ASSERT_TRUE(result.is_error());
  EXPECT_NE(result.error().message.find("/nonexistent-opennrm-dir/sub/cases.db"),
            std::string::npos);
}

TEST(CaseStore, StoresAcceptedEventsInOrder) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  auto opened = store.open_case(identified("2026-01-10", "child")).release_value();
  ASSERT_FALSE(opened.rejection);
  EXPECT_EQ(opened.seq, 1);
  auto appended = store
                      .append_event(opened.case_id, event(R"({"type": "guardian_appointed",
                                                   "date": "2026-01-11"})"))
                      .release_value();
  ASSERT_FALSE(appended.rejection);
  EXPECT_EQ(appended.seq, 2);
  auto shared = store.load_case(opened.case_id).release_value();
  const LoadedCase& loaded = *shared;
  ASSERT_EQ(loaded.events.size(), 2u);
  EXPECT_EQ(loaded.events[1].type, "guardian_appointed");
  EXPECT_EQ(loaded.events[1].date, "2026-01-11");
  EXPECT_EQ(loaded.file.applied_count(), 2u);
  EXPECT_EQ(loaded.summary.case_number, "NRM-2026-000001");
}

TEST(CaseStore, AnEventIsGivenWithItsRecordWhichItsOwnMembersCannotOverride) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  auto opened = store.open_case(identified("2026-01-10", "child")).release_value();
  // Fields the rules do not know are kept as given (rulebook section 2), even ones named like
  // the record's, and a decimal stays a decimal.
  auto appended = store.append_event(opened.case_id,
                                     event(R"({"type": "guardian_appointed", "date": "2026-01-11",
                                "seq": 99, "agency_id": "x", "hours": 1.5})"),
                                     Recorder{"caseworker", "3", {}});
  ASSERT_FALSE(appended.is_error()) << appended.error().message;
  auto loaded = store.load_case(opened.case_id).release_value();
  ASSERT_EQ(loaded->events.size(), 2u);
  auto record = event_record(loaded->events[1]);
  EXPECT_EQ(record.at("seq").as_int64(), 2);
  EXPECT_EQ(record.at("agency_id").as_int64(), 3);
  EXPECT_EQ(record.at("recorded_by"), "caseworker");
  EXPECT_EQ(record.at("type"), "guardian_appointed");
  EXPECT_EQ(record.at("hours").as_double(), 1.5);
  EXPECT_EQ(loaded->events[1].record_text, to_json_text(record));
  EXPECT_NE(loaded->events[1].record_text.find(R"("hours":1.5)"), std::string::npos);
  // The command line records without a user or agency.
  auto first = event_record(loaded->events[0]);
  EXPECT_TRUE(first.at("recorded_by").is_null());
  EXPECT_TRUE(first.at("agency_id").is_null());
}

TEST(CaseStore, AKeptHistoryGivesTheViewOfTheDateAskedAndKeepsTheLastOne) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  auto opened = store.open_case(identified("2026-01-10", "child")).release_value();
  auto loaded = store.load_case(opened.case_id).release_value();
  auto expected = [&](Date as_of) {
    auto view = rules::to_json(loaded->file.as_of(as_of));
    return std::pair(to_json_text(view.at("state")), to_json_text(view.at("alerts")));
  };
  Date early = *Date::parse("2026-01-11");
  Date late = *Date::parse("2026-03-01");  // The reflection period's alert is due by then.
  ASSERT_NE(expected(early), expected(late));
  for (Date as_of : {early, late, early}) {
    auto text = loaded->view_text(as_of);
    EXPECT_EQ(text->as_of, as_of);
    EXPECT_EQ(std::pair(text->state, text->alerts), expected(as_of)) << as_of.to_string();
    // Asked again for the same date, the kept texts are given.
    EXPECT_EQ(loaded->view_text(as_of), text);
  }
}

// Appends the day-after guardian appointment that the two tests below record.
void appoint_guardian(CaseStore& store, int64_t case_id) {
  auto appended =
      store.append_event(case_id, event(R"({"type": "guardian_appointed", "date": "2026-01-11"})"));
  ASSERT_FALSE(appended.is_error()) << appended.error().message;
  ASSERT_FALSE(appended.value().rejection);
}

TEST(CaseStore, AReadAfterAnAppendSeesTheNewEventWhileAnUnchangedCaseIsNotReplayedAgain) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  auto opened = store.open_case(identified("2026-01-10", "child")).release_value();
  auto first = store.load_case(opened.case_id).release_value();
  EXPECT_EQ(store.load_case(opened.case_id).value(), first);
  appoint_guardian(store, opened.case_id);
  auto second = store.load_case(opened.case_id).release_value();
  EXPECT_NE(second, first);
  ASSERT_EQ(second->events.size(), 2u);
  EXPECT_EQ(second->file.applied_count(), 2u);
  // What a reader already holds is never changed under it.
  EXPECT_EQ(first->events.size(), 1u);
}

TEST(CaseStore, AReadSeesAnEventAnotherProcessAppended) {
  TempDatabase dir;
  auto server = initialised_store(dir);
  auto opened = server.open_case(identified("2026-01-10", "child")).release_value();
  ASSERT_EQ(server.load_case(opened.case_id).value()->events.size(), 1u);
  {
    // The command line writes through a store of its own on the same file.
    auto command_line = CaseStore::open(dir.path()).release_value();
    appoint_guardian(command_line, opened.case_id);
  }
  auto loaded = server.load_case(opened.case_id).release_value();
  ASSERT_EQ(loaded->events.size(), 2u);
  EXPECT_EQ(loaded->events[1].type, "guardian_appointed");
}

TEST(CaseStore, ARefusedEventIsNeverStored) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  auto opened = store.open_case(identified("2026-01-10")).release_value();
  auto removal =
      store
          .append_event(opened.case_id, event(R"({"type": "returned", "date": "2026-01-12",
                                             "country": "NG", "voluntary": false})"))
          .release_value();
  ASSERT_TRUE(removal.rejection);
  EXPECT_EQ(removal.rejection->code, "removal_prohibited");
  auto earlier = store
                     .append_event(opened.case_id, event(R"({"type": "permit_applied",
                                                            "date": "2026-01-01"})"))
                     .release_value();
  ASSERT_TRUE(earlier.rejection);
  EXPECT_EQ(earlier.rejection->code, "out_of_order");
  EXPECT_EQ(store.load_case(opened.case_id).value()->events.size(), 1u);
  EXPECT_EQ(count(dir.path(), "SELECT count(*) FROM events"), 1);
}

TEST(CaseStore, ARejectedIdentifiedOpensNoCase) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  auto result =
      store.open_case(event(R"({"type": "identified", "date": "2026-01-10"})")).release_value();
  ASSERT_TRUE(result.rejection);
  EXPECT_EQ(result.rejection->code, "invalid_event");
  EXPECT_EQ(count(dir.path(), "SELECT count(*) FROM cases"), 0);
}

TEST(CaseStore, AnAppendThatFailsMidwayLeavesNothing) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  auto opened = store.open_case(identified("2026-01-10")).release_value();
  {
    // Breaks the last step of the append (the statistics facts) behind the store's back.
    auto db = Connection::open(dir.path(), false).release_value();
    ASSERT_FALSE(db.execute("CREATE TRIGGER fail BEFORE INSERT ON case_forms "
                            "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
                     .is_error());
  }
  // A correction of the forms changes the statistics facts, so the append must write them.
  auto result = store.append_event(opened.case_id, event(R"({"type": "details_corrected",
                                                             "date": "2026-01-12",
                                                             "forms": ["forced_labour"]})"));
  ASSERT_TRUE(result.is_error());
  EXPECT_NE(result.error().message.find("disk on fire"), std::string::npos);
  EXPECT_EQ(count(dir.path(), "SELECT count(*) FROM events"), 1);
}

TEST(CaseStore, WorkInTheSameTransactionCommitsAndFailsWithTheEvent) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  ASSERT_FALSE(store
                   .transact([](Connection& db) {
                     return db.execute("CREATE TABLE notes (case_id INTEGER, seq INTEGER)");
                   })
                   .is_error());
  Recorder noting;
  noting.in_same_transaction = [](Connection& db, const Recorded& recorded) {
    return db.execute(
        fmt::format("INSERT INTO notes VALUES ({}, {})", recorded.case_id, recorded.seq));
  };
  auto opened = store.open_case(identified("2026-01-10"), noting).release_value();
  EXPECT_EQ(count(dir.path(), "SELECT count(*) FROM notes WHERE seq = 1"), 1);

  Recorder failing;
  failing.in_same_transaction = [](Connection&, const Recorded&) -> ErrorOr<void> {
    return Error::make("audit_failed", "the audit log is unavailable");
  };
  auto result = store.append_event(
      opened.case_id, event(R"({"type": "permit_applied", "date": "2026-01-12"})"), failing);
  ASSERT_TRUE(result.is_error());
  EXPECT_EQ(result.error().code, "audit_failed");
  EXPECT_EQ(count(dir.path(), "SELECT count(*) FROM events"), 1);

  auto rolled_back = store.transact([](Connection& db) -> ErrorOr<void> {
    TRY(db.execute("INSERT INTO notes VALUES (9, 9)"));
    return Error::make("later_step_failed", "a later step failed");
  });
  ASSERT_TRUE(rolled_back.is_error());
  EXPECT_EQ(count(dir.path(), "SELECT count(*) FROM notes"), 1);
}

TEST(CaseStore, AnUnknownCaseIsAnError) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  auto result =
      store.append_event(42, event(R"({"type": "permit_applied", "date": "2026-01-12"})"));
  ASSERT_TRUE(result.is_error());
  EXPECT_EQ(result.error().code, "unknown_case");
}

TEST(CaseStore, KeepsFactsForStatistics) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  auto opened = store.open_case(identified("2025-03-04", "presumed_child")).release_value();
  ASSERT_FALSE(
      store
          .append_event(opened.case_id, event(R"({"type": "details_corrected", "date": "2025-03-05",
                                           "sex": "male", "forms": ["forced_begging"]})"))
          ->rejection);
  auto db = Connection::open(dir.path(), false).release_value();
  auto row = db.prepare(
                   "SELECT identified_year, sex, age_group, citizenship, trafficking, stage "
                   "FROM case_facts")
                 .release_value();
  ASSERT_TRUE(*row.step());
  EXPECT_EQ(row.column_int(0), 2025);
  EXPECT_EQ(row.column_text(1), "male");
  EXPECT_EQ(row.column_text(2), "child");
  EXPECT_EQ(row.column_text(3), "NG");
  EXPECT_EQ(row.column_text(4), "transnational");
  EXPECT_EQ(row.column_text(5), "reasonable_grounds");
  row.reset();
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM case_forms WHERE form = 'forced_begging'"), 1);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM case_forms"), 1);
}

TEST(CaseStore, AlertsAcrossCasesSoonestDueFirstAndUndatedLast) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  // A child without guardian: guardian_missing due 3 days after identification.
  auto late = store.open_case(identified("2026-01-20", "child")).release_value();
  auto early = store.open_case(identified("2026-01-10", "child")).release_value();
  // A short permit: permit_too_short has no due date.
  auto adult = store.open_case(identified("2026-01-05")).release_value();
  ASSERT_FALSE(
      store
          .append_event(adult.case_id, event(R"({"type": "permit_granted", "date": "2026-01-06",
                                           "valid_from": "2026-01-06", "valid_until": "2026-03-31",
                                           "basis": "personal_situation", "kind": "temporary",
                                           "labour_market_access": true,
                                           "welfare_access": true})"))
          ->rejection);
  auto closed = store.open_case(identified("2026-01-01", "child")).release_value();
  ASSERT_FALSE(store
                   .append_event(closed.case_id, event(R"({"type": "case_closed",
                                 "date": "2026-01-02", "reason": "moved_away"})"))
                   ->rejection);
  auto alerts = store.alerts_as_of(Date::parse("2026-02-01").value()).release_value();
  std::vector<std::pair<int64_t, std::string>> found;
  for (const auto& item : alerts) found.emplace_back(item.case_id, item.alert.code);
  ASSERT_GE(found.size(), 3u);
  EXPECT_EQ(found[0], std::make_pair(early.case_id, std::string("guardian_missing")));
  EXPECT_EQ(found[1], std::make_pair(late.case_id, std::string("guardian_missing")));
  EXPECT_EQ(found.back(), std::make_pair(adult.case_id, std::string("permit_too_short")));
  for (const auto& item : alerts) EXPECT_NE(item.case_id, closed.case_id);
  // Before the later case's identification, it has no alerts at all.
  auto before = store.alerts_as_of(Date::parse("2026-01-15").value()).release_value();
  for (const auto& item : before) EXPECT_NE(item.case_id, late.case_id);
}

TEST(CaseStoreBulk, ImportsNewCasesAndExtendsAStoredRef) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  std::vector<boost::json::value> first = {
      identified("2026-01-10"), event(R"({"type": "nonsense", "date": "2026-01-11"})"),
      event(R"({"type": "permit_applied", "date": "2026-01-12"})")};
  {
    auto bulk = store.bulk(1).release_value();
    auto imported = bulk.import_case(std::string("A-1"), first).release_value();
    EXPECT_EQ(imported.stored, 2u);
    ASSERT_EQ(imported.rejected.size(), 1u);
    EXPECT_EQ(imported.rejected[0].index, 1u);
    EXPECT_EQ(imported.rejected[0].code, "invalid_event");
    ASSERT_FALSE(bulk.commit().is_error());
  }
  std::vector<boost::json::value> more = {
      event(R"({"type": "permit_refused", "date": "2026-01-20", "reason": "public_order"})")};
  {
    auto bulk = store.bulk().release_value();
    auto imported = bulk.import_case(std::string("A-1"), more).release_value();
    EXPECT_EQ(imported.stored, 1u);
    ASSERT_FALSE(bulk.commit().is_error());
  }
  EXPECT_EQ(count(dir.path(), "SELECT count(*) FROM cases"), 1);
  auto shared = store.load_case(1).release_value();
  const LoadedCase& loaded = *shared;
  ASSERT_EQ(loaded.events.size(), 3u);
  EXPECT_EQ(loaded.events[2].seq, 3);
  EXPECT_EQ(loaded.summary.ref, "A-1");
}

TEST(CaseStoreBulk, WhatIsNotCommittedIsRolledBack) {
  TempDatabase dir;
  auto store = initialised_store(dir);
  {
    auto bulk = store.bulk(100).release_value();
    std::vector<boost::json::value> events = {identified("2026-01-10")};
    ASSERT_EQ(bulk.import_case(std::string("B"), events)->stored, 1u);
  }
  EXPECT_EQ(count(dir.path(), "SELECT count(*) FROM cases"), 0);
  EXPECT_EQ(count(dir.path(), "SELECT count(*) FROM events"), 0);
}

}  // namespace
}  // namespace opennrm::store

// Need-to-know data of the server: which agencies hold a case, the cases in a viewer's scope,
// referrals between agencies, the person's identity encrypted at rest, and who holds a session.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "store/account_store.h"
#include "store/case_scope.h"
#include "store/case_store.h"
#include "store/identity_store.h"
#include "store/referral_store.h"
#include "store_test_support.h"

namespace opennrm::store {
namespace {

using access::Role;
using access::Viewer;
using testing::identified;
using testing::TempDatabase;

constexpr const char* kNow = "2026-03-01T10:00:00Z";
// 32 bytes of test key, base64; a real key comes from `opennrm init`.
constexpr const char* kTestKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

class CaseScopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.emplace(CaseStore::open(database_.path()).release_value());
    ASSERT_FALSE(store_->initialise(policy::coe_minimum()).is_error());
    ASSERT_FALSE(store_
                     ->transact([&](Connection& db) -> ErrorOr<void> {
                       police_ = TRY(insert_agency(db, "Police North", "police", kNow));
                       ngo_ = TRY(insert_agency(db, "Shelter NGO", "ngo", kNow));
                       other_ngo_ = TRY(insert_agency(db, "Other NGO", "ngo", kNow));
                       Account worker;
                       worker.username = "worker";
                       worker.agency_id = ngo_;
                       worker.role = "caseworker";
                       worker.password_hash = "not a real hash";
                       worker.created_at = kNow;
                       worker_ = TRY(insert_account(db, worker));
                       return {};
                     })
                     .is_error());
  }

  int64_t open_case_for(int64_t agency) {
    Recorder recorder{"officer", std::to_string(agency),
                      [agency](Connection& db, const Recorded& recorded) {
                        return link_case_agency(db, recorded.case_id, agency, "opened", kNow);
                      }};
    auto recorded = store_->open_case(identified("2026-02-01"), recorder);
    EXPECT_FALSE(recorded.is_error());
    return recorded->case_id;
  }

  template <typename T>
  T in_db(const std::function<ErrorOr<T>(Connection&)>& work) {
    std::optional<T> result;
    auto done = store_->transact([&](Connection& db) -> ErrorOr<void> {
      result = TRY(work(db));
      return {};
    });
    EXPECT_FALSE(done.is_error()) << (done.is_error() ? done.error().message : "");
    return std::move(*result);
  }

  TempDatabase database_;
  std::optional<CaseStore> store_;
  int64_t police_ = 0, ngo_ = 0, other_ngo_ = 0, worker_ = 0;
};

TEST_F(CaseScopeTest, ACaseBelongsToItsOpenerAndToAgenciesThatAcceptedAReferral) {
  int64_t case_id = open_case_for(police_);
  auto scope = in_db<std::optional<access::CaseScope>>(
      [&](Connection& db) { return find_case_scope(db, case_id); });
  ASSERT_TRUE(scope.has_value());
  EXPECT_EQ(scope->opening_agency_id, police_);
  EXPECT_TRUE(scope->accepting_agency_ids.empty());

  Viewer caseworker{Role::caseworker, ngo_, "ngo"};
  EXPECT_FALSE(access::in_scope(caseworker, *scope));
  int64_t referral = in_db<int64_t>([&](Connection& db) {
    return insert_referral(db, {case_id, 2, police_, ngo_, "shelter"}, kNow);
  });
  auto accepted = store_->transact([&](Connection& db) -> ErrorOr<void> {
    TRY(answer_referral(db, referral, "accepted", worker_, std::nullopt, kNow));
    return link_case_agency(db, case_id, ngo_, "referral_accepted", kNow);
  });
  ASSERT_FALSE(accepted.is_error()) << accepted.error().message;
  scope = in_db<std::optional<access::CaseScope>>(
      [&](Connection& db) { return find_case_scope(db, case_id); });
  EXPECT_TRUE(access::in_scope(caseworker, *scope));
  EXPECT_FALSE(access::in_scope(Viewer{Role::caseworker, other_ngo_, "ngo"}, *scope));
  EXPECT_EQ(scope->opening_agency_id, police_);
  EXPECT_EQ(scope->accepting_agency_ids, std::vector<int64_t>{ngo_});
}

// A case opened from the command line belongs to no agency: only the coordinator sees it.
TEST_F(CaseScopeTest, ACaseNoAgencyHoldsHasAnEmptyScope) {
  auto opened = store_->open_case(identified("2026-02-01"));
  ASSERT_FALSE(opened.is_error());
  auto scope = in_db<std::optional<access::CaseScope>>(
      [&](Connection& db) { return find_case_scope(db, opened->case_id); });
  ASSERT_TRUE(scope.has_value());
  EXPECT_EQ(scope->opening_agency_id, 0);
  EXPECT_TRUE(scope->accepting_agency_ids.empty());
  EXPECT_TRUE(access::in_scope(Viewer{Role::coordinator, other_ngo_, "coordinator"}, *scope));
  EXPECT_FALSE(access::in_scope(Viewer{Role::frontline_officer, police_, "police"}, *scope));
}

TEST_F(CaseScopeTest, AnUnknownCaseHasNoScope) {
  auto scope = in_db<std::optional<access::CaseScope>>(
      [&](Connection& db) { return find_case_scope(db, 999); });
  EXPECT_FALSE(scope.has_value());
}

TEST_F(CaseScopeTest, TheCaseListHoldsOnlyTheViewersCasesNewestFirst) {
  int64_t first = open_case_for(police_);
  open_case_for(ngo_);
  int64_t third = open_case_for(police_);
  auto page = in_db<CasePage>([&](Connection& db) {
    return cases_in_scope(db, Viewer{Role::frontline_officer, police_, "police"}, 10, 0);
  });
  ASSERT_EQ(page.cases.size(), 2u);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.cases[0].case_id, third);
  EXPECT_EQ(page.cases[1].case_id, first);
  EXPECT_EQ(page.cases[0].stage, "reasonable_grounds");
  EXPECT_EQ(page.cases[0].relation, "opened");
  EXPECT_TRUE(page.cases[0].open);

  auto coordinator = in_db<CasePage>([&](Connection& db) {
    return cases_in_scope(db, Viewer{Role::coordinator, 99, "coordinator"}, 2, 1);
  });
  EXPECT_EQ(coordinator.total, 3);
  ASSERT_EQ(coordinator.cases.size(), 2u);
  EXPECT_EQ(coordinator.cases[1].case_id, first);

  for (Role role : {Role::rapporteur, Role::admin}) {
    auto none = in_db<std::vector<int64_t>>([&](Connection& db) {
      return case_ids_in_scope(db, Viewer{role, police_, "police"});
    });
    EXPECT_TRUE(none.empty());
  }
}

TEST_F(CaseScopeTest, AReferralIsAnsweredOnce) {
  int64_t case_id = open_case_for(police_);
  int64_t referral = in_db<int64_t>([&](Connection& db) {
    return insert_referral(db, {case_id, 2, police_, ngo_, "shelter"}, kNow);
  });
  auto inbox = in_db<std::vector<Referral>>(
      [&](Connection& db) { return referral_inbox(db, ngo_, "pending"); });
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].service, "shelter");
  EXPECT_EQ(inbox[0].from_agency_id, police_);
  EXPECT_TRUE(in_db<std::vector<Referral>>([&](Connection& db) {
                return referral_inbox(db, other_ngo_, "");
              }).empty());

  ASSERT_FALSE(store_
                   ->transact([&](Connection& db) {
                     return answer_referral(db, referral, "declined", worker_, "no beds", kNow);
                   })
                   .is_error());
  auto again = store_->transact([&](Connection& db) {
    return answer_referral(db, referral, "accepted", worker_, std::nullopt, kNow);
  });
  ASSERT_TRUE(again.is_error());
  EXPECT_EQ(again.error().code, "referral_not_pending");
  auto declined =
      in_db<std::optional<Referral>>([&](Connection& db) { return find_referral(db, referral); });
  EXPECT_EQ(declined->status, "declined");
  EXPECT_EQ(declined->reason, "no beds");
}

TEST_F(CaseScopeTest, IdentityIsStoredEncryptedAndBoundToItsCase) {
  auto cipher = security::FieldCipher::from_base64(kTestKey).release_value();
  auto identity = parse_identity(boost::json::parse(
                                     R"({"name": "Ana Test", "date_of_birth": "2001-04-05",
                                         "contact": "+43 1 000", "address": null})"))
                      .release_value();
  int64_t first = open_case_for(police_);
  int64_t second = open_case_for(police_);
  ASSERT_FALSE(
      store_->transact([&](Connection& db) { return store_identity(db, cipher, first, identity); })
          .is_error());

  auto raw = in_db<std::string>([&](Connection& db) -> ErrorOr<std::string> {
    auto select = TRY(db.prepare("SELECT fields || coalesce(blind_index, '') FROM identities"));
    TRY(select.step());
    std::string text = select.column_text(0);
    select.reset();
    return text;
  });
  EXPECT_EQ(raw.find("Ana"), std::string::npos);
  EXPECT_EQ(raw.find("2001-04-05"), std::string::npos);

  auto loaded = in_db<std::optional<Identity>>(
      [&](Connection& db) { return load_identity(db, cipher, first); });
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->fields, identity.fields);
  EXPECT_FALSE(loaded->fields.contains("address"));

  // Fields copied into another case's row do not decrypt there.
  ASSERT_FALSE(store_
                   ->transact([&](Connection& db) {
                     return db.execute("INSERT INTO identities (case_id, fields) SELECT " +
                                       std::to_string(second) + ", fields FROM identities");
                   })
                   .is_error());
  auto moved = store_->transact([&](Connection& db) -> ErrorOr<void> {
    TRY(load_identity(db, cipher, second));
    return {};
  });
  ASSERT_TRUE(moved.is_error());
  EXPECT_EQ(moved.error().code, "decrypt_failed");
}

TEST_F(CaseScopeTest, TheBlindIndexFindsTheSamePersonSpelledDifferently) {
  auto cipher = security::FieldCipher::from_base64(kTestKey).release_value();
  auto person = [](const char* json) {
    return parse_identity(boost::json::parse(json)).release_value();
  };
  int64_t first = open_case_for(police_);
  int64_t second = open_case_for(ngo_);
  ASSERT_FALSE(store_
                   ->transact([&](Connection& db) -> ErrorOr<void> {
                     TRY(store_identity(db, cipher, first, person(R"({"name": "José  Émile",
                                                     "date_of_birth": "1999-01-02"})")));
                     return store_identity(db, cipher, second, person(R"({"name": "jose emile",
                                                        "date_of_birth": "1999-01-02"})"));
                   })
                   .is_error());
  auto index = identity_blind_index(cipher, person(R"({"name": "JOSE EMILE",
                                                       "date_of_birth": "1999-01-02"})"));
  ASSERT_TRUE(index->has_value());
  auto matches = in_db<std::vector<int64_t>>(
      [&](Connection& db) { return cases_with_blind_index(db, **index, first); });
  EXPECT_EQ(matches, std::vector<int64_t>{second});
  auto other_birthday = identity_blind_index(cipher, person(R"({"name": "Jose Emile",
                                                                "date_of_birth": "1999-01-03"})"));
  EXPECT_NE(**other_birthday, **index);
  EXPECT_FALSE(identity_blind_index(cipher, person(R"({"name": "Jose Emile"})"))->has_value());
}

TEST(IdentityInput, BadIdentityFieldsAreRefusedByName) {
  struct Case {
    const char* json;
    const char* code;
    const char* field;
  };
  for (const auto& bad :
       {Case{R"({"nickname": "x"})", "unknown_field", "identity.nickname"},
        Case{R"({"name": 12})", "invalid_field", "identity.name"},
        Case{R"({"date_of_birth": "05/04/2001"})", "invalid_field", "identity.date_of_birth"},
        Case{R"(["name"])", "invalid_field", "identity"}}) {
    auto parsed = parse_identity(boost::json::parse(bad.json));
    ASSERT_TRUE(parsed.is_error()) << bad.json;
    EXPECT_EQ(parsed.error().code, bad.code);
    EXPECT_EQ(parsed.error().field, bad.field);
  }
  auto long_name = parse_identity(boost::json::object{{"name", std::string(1001, 'a')}});
  EXPECT_TRUE(long_name.is_error());
}

// Every signed-in request reads its session, account and agency type in one lookup.
TEST_F(CaseScopeTest, ASessionIsFoundWithItsAccountAndTheTypeOfItsAgency) {
  Session session{"hash-of-token", worker_, "csrf", 100, 200, false};
  in_db<bool>([&](Connection& db) -> ErrorOr<bool> {
    TRY(insert_session(db, session));
    return true;
  });
  auto owner = in_db<std::optional<SessionOwner>>(
      [](Connection& db) { return find_session_owner(db, "hash-of-token"); });
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->session.user_id, worker_);
  EXPECT_EQ(owner->session.csrf_token, "csrf");
  EXPECT_EQ(owner->session.last_seen_at, 200);
  EXPECT_EQ(owner->account.username, "worker");
  EXPECT_EQ(owner->account.agency_id, ngo_);
  EXPECT_EQ(owner->account.created_at, kNow);
  EXPECT_EQ(owner->agency_type, "ngo");
  EXPECT_FALSE(in_db<std::optional<SessionOwner>>(
      [](Connection& db) { return find_session_owner(db, "another hash"); }));
}

}  // namespace
}  // namespace opennrm::store

// Case life, first check: what makes an event `invalid_event` (rulebook sections 2 and 3).

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "case_builder.h"

namespace opennrm::rules::testing {
namespace {

// Records a valid identification, then `event`, and returns the code the event gets.
std::string code_after_identified(const json::value& event) {
  TestCase c;
  c.ok(identified("2026-01-10", {{"birth_year", 1990}}));
  return c.code(event);
}

TEST(CaseLife, InvalidEventWhenNotAnObjectOrUnknownType) {
  TestCase c;
  EXPECT_EQ(c.code(json::array{1, 2}), "invalid_event");
  EXPECT_EQ(c.code(json::value("identified")), "invalid_event");
  EXPECT_EQ(c.code(json::value(nullptr)), "invalid_event");
  EXPECT_EQ(c.code(event("discovered", "2026-01-10")), "invalid_event");
  EXPECT_EQ(c.code(with(identified("2026-01-10"), {{"type", 3}})), "invalid_event");
  EXPECT_EQ(c.file().applied_count(), 0u);
}

TEST(CaseLife, InvalidEventWhenDateMissingOrUnreadable) {
  TestCase c;
  for (json::value date :
       {json::value(nullptr), json::value("2026-02-30"), json::value("10/01/2026"),
        json::value(20260110), json::value("2026-1-10")}) {
    EXPECT_EQ(c.code(with(identified("2026-01-10"), {{"date", date}})), "invalid_event")
        << json::serialize(date);
  }
  json::object no_date = identified("2026-01-10");
  no_date.erase("date");
  EXPECT_EQ(c.code(no_date), "invalid_event");
}

TEST(CaseLife, InvalidEventWhenRequiredFieldMissingIllTypedOrUnknownWord) {
  for (const char* field : {"by_agency_type", "sex", "age_status", "residence_status",
                            "citizenship", "forms", "countries_of_exploitation"}) {
    json::object event = identified("2026-01-10");
    event.erase(field);
    TestCase c;
    EXPECT_EQ(c.code(event), "invalid_event") << field << " missing";
    EXPECT_EQ(c.code(with(identified("2026-01-10"), {{field, nullptr}})), "invalid_event")
        << field << " null";
  }
  TestCase c;
  EXPECT_EQ(c.code(identified("2026-01-10", {{"sex", "woman"}})), "invalid_event");
  EXPECT_EQ(c.code(identified("2026-01-10", {{"forms", json::array{"trafficking"}}})),
            "invalid_event");
  EXPECT_EQ(c.code(identified("2026-01-10", {{"forms", "forced_labour"}})), "invalid_event");
  EXPECT_EQ(c.code(identified("2026-01-10", {{"citizenship", json::array{"ng"}}})),
            "invalid_event");
  EXPECT_EQ(c.code(identified("2026-01-10", {{"citizenship", json::array{"NGA"}}})),
            "invalid_event");
  EXPECT_EQ(
      c.code(identified("2026-01-10", {{"countries_of_exploitation", json::array{"stateless"}}})),
      "invalid_event");
  EXPECT_EQ(c.code(identified("2026-01-10", {{"screening", "yes"}})), "invalid_event");

  EXPECT_EQ(code_after_identified(
                event("reasonable_grounds_decision", "2026-01-11", {{"positive", "true"}})),
            "invalid_event");
  EXPECT_EQ(code_after_identified(event("age_assessed", "2026-01-11", {{"result", "unknown"}})),
            "invalid_event");
  EXPECT_EQ(code_after_identified(
                event("consent_recorded", "2026-01-11",
                      {{"scope", "referral"}, {"given", true}, {"recipient_agency_type", "army"}})),
            "invalid_event");
  EXPECT_EQ(code_after_identified(testimony_scheduled("2026-01-11", "2026-02-30")),
            "invalid_event");
  EXPECT_EQ(code_after_identified(
                testimony_scheduled("2026-01-11", "2026-05-01", json::array{"curtain"})),
            "invalid_event");
  EXPECT_EQ(code_after_identified(
                event("returned", "2026-01-11", {{"country", "stateless"}, {"voluntary", true}})),
            "invalid_event");
  EXPECT_EQ(code_after_identified(
                event("compensation_awarded", "2026-01-11",
                      {{"source", "offender"}, {"amount", "500"}, {"currency", "EUR"}})),
            "invalid_event");
  // JSON cannot hold these, but a caller in the same process can hand them over.
  for (double amount :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(code_after_identified(
                  event("compensation_awarded", "2026-01-11",
                        {{"source", "offender"}, {"amount", amount}, {"currency", "EUR"}})),
              "invalid_event");
  }
}

TEST(CaseLife, AcceptedVariantsOfValidEvents) {
  TestCase c;
  // Other fields are ignored; lists may be empty; XK passes as a country code; stateless is a
  // citizenship; null in an optional field means absent.
  c.ok(identified("2026-01-10", {{"citizenship", json::array{"stateless", "XK"}},
                                 {"forms", json::array{}},
                                 {"countries_of_exploitation", json::array{}},
                                 {"birth_year", nullptr},
                                 {"screening", json::object{{"score", 3}}},
                                 {"officer_note", "ignored"}}));
  c.ok(event("guardian_appointed", "2026-01-11", {{"name", nullptr}}));
  c.ok(event("compensation_awarded", "2026-01-12",
             {{"source", "offender"}, {"amount", 1500.75}, {"currency", "EUR"}}));
  c.ok(event("compensation_awarded", "2026-01-12",
             {{"source", "state_fund"}, {"amount", 2000}, {"currency", "EUR"}}));
  c.ok(event("consent_recorded", "2026-01-12",
             {{"scope", "referral"}, {"given", true}, {"recipient_agency_type", nullptr}}));
  c.ok(event("referral_made", "2026-01-12",
             {{"to_agency_type", "ngo"}, {"service", "shelter"}, {"override_basis", nullptr}}));
  EXPECT_EQ(c.file().applied_count(), 6u);
}

TEST(CaseLife, BirthYearMustBeAnIntegerNotAfterIdentification) {
  TestCase a;
  EXPECT_EQ(a.code(identified("2026-01-10", {{"birth_year", 2001.5}})), "invalid_event");
  EXPECT_EQ(a.code(identified("2026-01-10", {{"birth_year", "2001"}})), "invalid_event");
  EXPECT_EQ(a.code(identified("2026-01-10", {{"birth_year", 2027}})), "invalid_event");
  a.ok(identified("2026-01-10", {{"birth_year", 2026}}));
  EXPECT_EQ(a.code(event("details_corrected", "2027-03-01", {{"birth_year", 2027}})),
            "invalid_event");
  a.ok(event("details_corrected", "2027-03-01", {{"birth_year", 2025}}));
  EXPECT_EQ(a.file().person()->birth_year, 2025);
}

TEST(CaseLife, ExtremeBirthYearsAreReadSafely) {
  TestCase ancient;
  ancient.ok(identified("2026-01-10", {{"age_status", "unknown"}, {"birth_year", INT32_MIN}}));
  EXPECT_FALSE(ancient.state("2026-01-10").child);
  TestCase huge;
  EXPECT_EQ(huge.code(identified("2026-01-10", {{"birth_year", int64_t(1) << 40}})),
            "invalid_event");
  EXPECT_EQ(huge.code(identified("2026-01-10", {{"birth_year", UINT64_MAX}})), "invalid_event");
  EXPECT_EQ(huge.code(identified("2026-01-10", {{"birth_year", true}})), "invalid_event");
}

TEST(CaseLife, DetailsCorrectedNeedsAtLeastOneKnownField) {
  EXPECT_EQ(code_after_identified(event("details_corrected", "2026-01-11")), "invalid_event");
  EXPECT_EQ(code_after_identified(event("details_corrected", "2026-01-11",
                                        {{"sex", nullptr}, {"age_status", "child"}})),
            "invalid_event");
  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(event("details_corrected", "2026-01-11",
             {{"residence_status", "national"}, {"citizenship", json::array{"AT"}}}));
  auto person = c.file().person();
  ASSERT_TRUE(person);
  EXPECT_EQ(person->residence_status, "national");
  EXPECT_EQ(person->citizenship, std::vector<std::string>{"AT"});
  EXPECT_EQ(person->sex, "female");
}

TEST(CaseLife, PermitFieldsAreCheckedAgainstEachOther) {
  EXPECT_EQ(code_after_identified(permit_granted("2026-01-11", "2026-01-11", std::nullopt)),
            "invalid_event");
  EXPECT_EQ(code_after_identified(permit_granted("2026-01-11", "2026-03-01", "2026-02-28")),
            "invalid_event");
  EXPECT_EQ(code_after_identified(permit_granted("2026-01-11", "2026-03-01", "2026-03-01")),
            "accepted");
  EXPECT_EQ(code_after_identified(
                permit_granted("2026-01-11", "2026-03-01", std::nullopt, {{"kind", "permanent"}})),
            "accepted");

  TestCase c;
  c.ok(identified("2026-01-10"));
  c.ok(permit_granted("2026-01-11", "2026-01-11", "2026-12-31"));
  EXPECT_EQ(c.code(event("permit_renewed", "2026-06-01", {{"valid_until", "2026-12-30"}})),
            "invalid_event");
  c.ok(event("permit_renewed", "2026-06-01", {{"valid_until", "2026-12-31"}}));
  c.ok(permit_granted("2026-07-01", "2026-07-01", std::nullopt, {{"kind", "permanent"}}));
  EXPECT_EQ(c.code(event("permit_renewed", "2026-08-01", {{"valid_until", "2030-01-01"}})),
            "invalid_event");
}

TEST(CaseLife, InvalidEventBeforeIdentifiedOnSecondIdentifiedAndReopeningAnOpenCase) {
  TestCase c;
  EXPECT_EQ(c.code(event("permit_applied", "2026-01-09")), "invalid_event");
  EXPECT_EQ(c.code(event("case_reopened", "2026-01-09")), "invalid_event");
  c.ok(identified("2026-01-10"));
  EXPECT_EQ(c.code(identified("2026-01-11")), "invalid_event");
  EXPECT_EQ(c.code(event("case_reopened", "2026-01-11")), "invalid_event");
  EXPECT_EQ(c.file().applied_count(), 1u);
}

TEST(CaseLife, RejectionsCarryAnExplanationAndTheField) {
  CaseFile file(policy::coe_minimum());
  auto rejection = file.record(identified("2026-01-10", {{"sex", "woman"}}));
  ASSERT_TRUE(rejection);
  EXPECT_EQ(rejection->code, "invalid_event");
  EXPECT_EQ(rejection->field, "sex");
  EXPECT_NE(rejection->message.find("woman"), std::string::npos);
}

}  // namespace
}  // namespace opennrm::rules::testing

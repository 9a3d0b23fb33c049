#include "web/event_forms.h"

#include <gtest/gtest.h>

#include "policy/policy.h"
#include "rules/case_file.h"

namespace opennrm::web {
namespace {

http::Params posted(std::initializer_list<std::pair<const char*, const char*>> fields) {
  http::Params params;
  for (const auto& [name, value] : fields) params.add(name, value);
  return params;
}

TEST(EventForms, EveryRulebookEventTypeHasAForm) {
  EXPECT_EQ(event_forms().size(), 27u);
  EXPECT_NE(find_event_form("permit_granted"), nullptr);
  EXPECT_EQ(find_event_form("no_such_event"), nullptr);
}

TEST(EventForms, APostedIdentificationIsAnEventTheRulesAccept) {
  auto form = posted({{"date", "2026-03-01"},
                      {"by_agency_type", "police"},
                      {"sex", "female"},
                      {"age_status", "presumed_child"},
                      {"residence_status", "irregular"},
                      {"citizenship", "ro, md"},
                      {"forms", "sexual_exploitation"},
                      {"forms", "forced_begging"},
                      {"countries_of_exploitation", "AT"},
                      {"birth_year", ""}});
  auto event = event_from_form(*find_event_form("identified"), form);
  EXPECT_EQ(event.at("citizenship").as_array().size(), 2u);
  EXPECT_EQ(event.at("citizenship").as_array()[1].as_string(), "MD");
  EXPECT_EQ(event.at("forms").as_array().size(), 2u);
  EXPECT_FALSE(event.contains("birth_year"));
  rules::CaseFile file(policy::coe_minimum());
  EXPECT_FALSE(file.record(event).has_value());
  EXPECT_TRUE(file.as_of(Date::from_ymd(2026, 3, 10)).state->child);
}

TEST(EventForms, BooleansAndNumbersBecomeJsonTypesAndBadInputIsLeftForTheRules) {
  auto event =
      event_from_form(*find_event_form("returned"),
                      posted({{"date", "2026-03-02"}, {"country", "ro"}, {"voluntary", "false"}}));
  EXPECT_EQ(event.at("country").as_string(), "RO");
  EXPECT_EQ(event.at("voluntary").as_bool(), false);
  auto year = event_from_form(*find_event_form("details_corrected"),
                              posted({{"date", "2026-03-02"}, {"birth_year", "twenty"}}));
  EXPECT_TRUE(year.at("birth_year").is_string());
  rules::CaseFile file(policy::coe_minimum());
  ASSERT_FALSE(file.record(event_from_form(*find_event_form("identified"),
                                           posted({{"date", "2026-03-01"},
                                                   {"by_agency_type", "police"},
                                                   {"sex", "male"},
                                                   {"age_status", "adult"},
                                                   {"residence_status", "irregular"},
                                                   {"citizenship", "MD"},
                                                   {"countries_of_exploitation", "AT"}})))
                   .has_value());
  auto refused = file.record(year);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, "invalid_event");
  EXPECT_EQ(refused->field, "birth_year");
}

// A number the rules would take but JSON cannot write ("nan" is stored as null, so the case
// would no longer replay) goes through as text, which the rules refuse naming the field.
TEST(EventForms, ANumberFieldTakesOnlyFiniteNumbersWrittenInFull) {
  auto amount = [](const char* text) {
    return event_from_form(
               *find_event_form("compensation_awarded"),
               posted({{"date", "2026-03-02"}, {"source", "state_fund"}, {"amount", text}}))
        .at("amount");
  };
  EXPECT_EQ(amount("1500.50").as_double(), 1500.5);
  EXPECT_EQ(amount(" 20 ").as_double(), 20.0);
  for (const char* bad : {"nan", "inf", "-infinity", "1e999", "0x10", "12 EUR"}) {
    EXPECT_TRUE(amount(bad).is_string()) << bad;
  }
  auto year = [](const char* text) {
    return event_from_form(*find_event_form("details_corrected"),
                           posted({{"date", "2026-03-02"}, {"birth_year", text}}))
        .at("birth_year");
  };
  EXPECT_EQ(year("2004").as_int64(), 2004);
  // Beyond int64_t, which the old reader silently turned into its largest value.
  EXPECT_TRUE(year("99999999999999999999").is_string());
}

TEST(EventForms, FieldViewsKeepWhatWasPostedAndMarkTheFieldAtFault) {
  const Catalog& en = Catalogs::shipped().get("en");
  auto fields = form_fields_view(*find_event_form("consent_recorded"),
                                 posted({{"scope", "referral"}, {"given", "true"}}), en, "given");
  ASSERT_TRUE(fields.is_list());
  const auto& list = fields.list_value();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].get("label")->string_value(), "Consent to");
  EXPECT_TRUE(list[1].get("invalid")->is_true());
  EXPECT_TRUE(list[1].get("yes")->is_true());
}

}  // namespace
}  // namespace opennrm::web

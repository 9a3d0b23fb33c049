#include "demo/generator.h"

#include <map>
#include <string>

#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

namespace opennrm::demo {
namespace {

std::vector<std::string> bodies(uint64_t seed, int cases) {
  Generator generator(policy::coe_minimum(), seed);
  std::vector<std::string> all;
  for (int i = 0; i < cases; ++i) {
    for (const auto& event : generator.next_case().events) {
      all.push_back(boost::json::serialize(event));
    }
  }
  return all;
}

TEST(Generator, TheSameSeedGivesTheSameHistories) {
  EXPECT_EQ(bodies(11, 200), bodies(11, 200));
}

TEST(Generator, ADifferentSeedGivesDifferentHistories) {
  EXPECT_NE(bodies(11, 200), bodies(12, 200));
}

TEST(Generator, TheAnchorDependsOnTheSeedOnly) {
  EXPECT_EQ(Generator(policy::coe_minimum(), 5).anchor(),
            Generator(policy::coe_minimum(), 5).anchor());
}

void expect_no_rejection(const policy::Policy& policy, uint64_t seed) {
  Generator generator(policy, seed);
  for (int i = 0; i < 2000; ++i) {
    auto history = generator.next_case();
    ASSERT_EQ(history.rejected, 0u) << "case " << i << " of seed " << seed;
    ASSERT_FALSE(history.events.empty());
    for (const auto& event : history.events) {
      ASSERT_LE(event.at("date").as_string(), generator.anchor().to_string());
    }
  }
}

TEST(Generator, EveryEventIsAcceptedUnderTheMinimumPolicy) {
  expect_no_rejection(policy::coe_minimum(), 1);
  expect_no_rejection(policy::coe_minimum(), 2024);
}

TEST(Generator, EveryEventIsAcceptedUnderAStricterTwoStagePolicy) {
  auto policy = policy::coe_minimum();
  policy.identification.two_stage = true;
  policy.reflection.days = 90;
  policy.reflection.child_days = 120;
  policy.reflection.refusal_reasons = {"improper_claim"};
  policy.residence.min_months = 12;
  policy.return_.risk_assessment_valid_days = 20;
  expect_no_rejection(policy, 9);
}

TEST(Generator, GivesAPlausibleMix) {
  Generator generator(policy::coe_minimum(), 4);
  std::map<std::string, int> forms, ages, types;
  int stateless = 0, nationals = 0;
  for (int i = 0; i < 3000; ++i) {
    for (const auto& event : generator.next_case().events) {
      const auto& object = event.as_object();
      std::string type(object.at("type").as_string());
      ++types[type];
      if (type != "identified") continue;
      for (const auto& form : object.at("forms").as_array()) ++forms[std::string(form.as_string())];
      ++ages[std::string(object.at("age_status").as_string())];
      for (const auto& country : object.at("citizenship").as_array()) {
        stateless += country == "stateless";
        nationals += country == "AT";
      }
    }
  }
  // Sexual exploitation and forced labour are the most common forms.
  for (const auto& [form, times] : forms) {
    if (form != "sexual_exploitation" && form != "forced_labour") {
      EXPECT_LT(times, forms["forced_labour"]) << form;
      EXPECT_LT(times, forms["sexual_exploitation"]) << form;
    }
  }
  EXPECT_GT(ages["presumed_child"], 0);
  EXPECT_GT(ages["child"], 0);
  EXPECT_GT(stateless, 0);
  EXPECT_GT(nationals, 0);
  for (const char* type : {"reflection_refused", "permit_granted", "permit_renewed",
                           "testimony_scheduled", "referral_made", "risk_assessment", "returned",
                           "charged_with_offence", "case_closed", "conclusive_grounds_decision"}) {
    EXPECT_GT(types[type], 0) << type;
  }
}

}  // namespace
}  // namespace opennrm::demo

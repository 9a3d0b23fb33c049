// Properties of the engine over thousands of random case histories: it never crashes, a refused
// event changes nothing, and the view of a date never depends on events dated after it.

#include <gtest/gtest.h>

#include <random>

#include "case_builder.h"
#include "rules/vocabulary.h"

namespace opennrm::rules::testing {
namespace {

// Produces mostly valid events of every type, in mostly increasing date order, with a few
// corrupted fields so that every rejection path is exercised.
class HistoryGenerator {
 public:
  explicit HistoryGenerator(uint32_t seed) : random_(seed) {}

  std::vector<json::value> history(std::size_t length) {
    std::vector<json::value> events;
    date_ = day("2026-01-01").add_days(pick(0, 400));
    for (std::size_t i = 0; i < length; ++i) {
      date_ = date_.add_days(chance(0.05) ? -pick(1, 30) : pick(0, 20));
      json::object next = i == 0 && !chance(0.05) ? identified_event() : any_event();
      if (chance(0.04)) corrupt(next);
      events.emplace_back(std::move(next));
    }
    return events;
  }

  policy::Policy policy() {
    policy::Policy p = policy::coe_minimum();
    p.identification.two_stage = chance(0.5);
    p.reflection.days = pick(0, 90);
    p.reflection.child_days = pick(0, 90);
    p.reflection.notice_days = pick(0, 14);
    if (chance(0.3)) p.reflection.refusal_reasons = {"public_order", "no_cooperation"};
    p.residence.min_months = pick(0, 12);
    p.residence.conditional_on_cooperation = chance(0.3);
    p.residence.renewal_notice_days = pick(0, 60);
    p.children.presumption_of_minority = chance(0.7);
    p.children.extended_stay_until_durable_solution = chance(0.7);
    p.children.guardian_within_days = pick(0, 10);
    p.children.best_interests_before_return = chance(0.7);
    p.return_.risk_assessment_required = chance(0.7);
    p.return_.risk_assessment_valid_days = pick(0, 120);
    return p;
  }

 private:
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(random_); }
  std::string word(Vocabulary vocabulary) {
    return std::string(vocabulary[std::size_t(pick(0, int(vocabulary.size()) - 1))]);
  }
  json::array words(Vocabulary vocabulary) {
    json::array list;
    for (int n = pick(0, 3); n > 0; --n) list.emplace_back(word(vocabulary));
    return list;
  }
  std::string when() { return date_.to_string(); }
  std::string some_date() { return date_.add_days(pick(-30, 400)).to_string(); }
  json::value country_list() {
    static const std::array<std::string_view, 4> countries = {"NG", "AT", "RO", "XK"};
    return words(countries);
  }

  json::object identified_event() {
    json::object e = event("identified", when(),
                           {{"by_agency_type", word(kAgencyTypes)},
                            {"sex", word(kSexes)},
                            {"age_status", word(kAgeStatuses)},
                            {"residence_status", word(kResidenceStatuses)},
                            {"citizenship", country_list()},
                            {"forms", words(kForms)},
                            {"countries_of_exploitation", country_list()}});
    if (chance(0.6)) e["birth_year"] = date_.year() - pick(0, 40);
    return e;
  }

  json::object any_event() {
    switch (pick(0, 28)) {
      case 0:
        return identified_event();
      case 1:
        return event("reasonable_grounds_decision", when(), {{"positive", chance(0.8)}});
      case 2:
        return event("conclusive_grounds_decision", when(), {{"positive", chance(0.7)}});
      case 3:
        return event("reflection_refused", when(),
                     {{"reason", chance(0.7) ? "public_order" : "no_cooperation"}});
      case 4:
        return event("details_corrected", when(),
                     {{"residence_status", word(kResidenceStatuses)},
                      {"birth_year", date_.year() - pick(0, 40)}});
      case 5:
        return event("age_assessed", when(), {{"result", word(kAgeAssessmentResults)}});
      case 6:
        return event("guardian_appointed", when());
      case 7:
        return event("best_interests_determined", when(),
                     {{"recommendation", word(kBestInterestsRecommendations)}});
      case 8:
        return event("durable_solution_determined", when(),
                     {{"solution", word(kDurableSolutions)}});
      case 9: {
        json::object fields{{"scope", word(kConsentScopes)}, {"given", chance(0.7)}};
        if (chance(0.4)) fields["recipient_agency_type"] = word(kAgencyTypes);
        return event("consent_recorded", when(), std::move(fields));
      }
      case 10: {
        json::object fields{{"to_agency_type", word(kAgencyTypes)}, {"service", word(kServices)}};
        if (chance(0.2)) fields["override_basis"] = word(kOverrideBases);
        return event("referral_made", when(), std::move(fields));
      }
      case 11:
        return event("assistance_provided", when(), {{"service", word(kServices)}});
      case 12:
        return event("assistance_withdrawn", when(),
                     {{"service", word(kServices)}, {"reason", word(kWithdrawalReasons)}});
      case 13:
        return event("permit_applied", when());
      case 14: {
        Date from = date_.add_days(pick(0, 30));
        std::optional<std::string> until;
        if (chance(0.9)) until = from.add_days(pick(30, 400)).to_string();
        return permit_granted(when(), from.to_string(), until,
                              {{"kind", until && chance(0.8) ? "temporary" : "permanent"},
                               {"labour_market_access", chance(0.8)},
                               {"welfare_access", chance(0.8)}});
      }
      case 15:
        return event("permit_renewed", when(), {{"valid_until", some_date()}});
      case 16:
        return event("permit_refused", when(), {{"reason", word(kPermitRefusalReasons)}});
      case 17:
        return event("testimony_decision", when(), {{"decision", word(kTestimonyDecisions)}});
      case 18:
        return testimony_scheduled(when(), some_date(), words(kTestimonyMeasures), chance(0.3));
      case 19:
        return event("charged_with_offence", when(),
                     {{"offence", chance(0.5) ? "theft" : "fraud"},
                      {"related_to_trafficking", word(kTraffickingRelations)}});
      case 20: {
        json::object fields{{"outcome", word(kChargeOutcomes)}};
        if (chance(0.5)) fields["offence"] = chance(0.5) ? "theft" : "fraud";
        return event("charge_resolved", when(), std::move(fields));
      }
      case 21:
        return risk_assessment(when(), word(kRiskOutcomes), chance(0.8));
      case 22:
        return returned(when(), chance(0.5));
      case 23:
        return event("compensation_claimed", when(), {{"source", word(kCompensationSources)}});
      case 24:
        return event("compensation_awarded", when(),
                     {{"source", word(kCompensationSources)},
                      {"amount", pick(0, 10000) / 3.0},
                      {"currency", "EUR"}});
      case 25:
        return event("case_closed", when(), {{"reason", "done"}});
      default:
        return event("case_reopened", when());
    }
  }

  // Breaks one field: removes it, gives it the wrong type or an unknown word.
  void corrupt(json::object& e) {
    auto it = e.begin() + pick(0, int(e.size()) - 1);
    switch (pick(0, 3)) {
      case 0:
        e.erase(it);
        break;
      case 1:
        it->value() = 2001.5;
        break;
      case 2:
        it->value() = "not-a-word";
        break;
      default:
        it->value() = json::array{nullptr};
        break;
    }
  }

  std::mt19937 random_;
  Date date_;
};

std::string serialized_view(const CaseFile& file, Date date) {
  return json::serialize(to_json(file.as_of(date)));
}

// The views compared before and after each event: around the case's latest date, and after
// every date the generator produces.
std::vector<std::string> views_around(const CaseFile& file, Date date) {
  std::vector<std::string> views;
  for (int offset : {0, 40}) views.push_back(serialized_view(file, date.add_days(offset)));
  views.push_back(serialized_view(file, day("2031-01-01")));
  return views;
}

TEST(Properties, RandomHistoriesNeverCrashAndRejectionsChangeNothing) {
  std::size_t accepted = 0, rejected = 0;
  for (uint32_t seed = 1; seed <= 1000; ++seed) {
    HistoryGenerator generator(seed);
    CaseFile file(generator.policy());
    Date last_accepted = day("2026-01-01");
    auto unchanged = views_around(file, last_accepted);
    for (const json::value& event : generator.history(30)) {
      auto rejection = file.record(event);
      if (rejection) {
        ++rejected;
        ASSERT_FALSE(rejection->code.empty());
        ASSERT_FALSE(rejection->message.empty());
        ASSERT_EQ(views_around(file, last_accepted), unchanged)
            << "seed " << seed << ": refused " << json::serialize(event) << " changed the case";
      } else {
        ++accepted;
        last_accepted = file.applied_events().back().date;
        unchanged = views_around(file, last_accepted);
      }
    }
  }
  // The generator must exercise both paths substantially.
  EXPECT_GT(accepted, 10000u) << accepted << " accepted, " << rejected << " rejected";
  EXPECT_GT(rejected, 3000u) << accepted << " accepted, " << rejected << " rejected";
}

TEST(Properties, ViewOfADateNeverDependsOnLaterEvents) {
  for (uint32_t seed = 5000; seed < 5600; ++seed) {
    HistoryGenerator generator(seed);
    policy::Policy policy = generator.policy();
    auto events = generator.history(30);
    CaseFile full(policy);
    std::vector<bool> applied;
    for (const auto& event : events) applied.push_back(!full.record(event).has_value());

    // Replaying only the first k lines, the views of dates before the next applied event of the
    // full history must be the same: nothing after the cut is dated on or before them.
    for (std::size_t cut : {std::size_t(3), std::size_t(10), std::size_t(20)}) {
      CaseFile prefix(policy);
      std::size_t applied_in_prefix = 0;
      for (std::size_t i = 0; i < cut; ++i) applied_in_prefix += !prefix.record(events[i]);
      ASSERT_LE(applied_in_prefix, full.applied_count());
      if (applied_in_prefix == full.applied_count()) continue;
      Date next = full.applied_events()[applied_in_prefix].date;
      for (int back : {1, 2, 15, 60}) {
        Date date = next.add_days(-back);
        ASSERT_EQ(serialized_view(prefix, date), serialized_view(full, date))
            << "seed " << seed << " cut " << cut << " as of " << date.to_string();
      }
    }
  }
}

}  // namespace
}  // namespace opennrm::rules::testing

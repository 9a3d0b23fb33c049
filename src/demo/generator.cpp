#include "demo/generator.h"

#include <algorithm>
#include <array>
#include <string>

#include <boost/json/object.hpp>

#include "rules/vocabulary.h"

namespace opennrm::demo {

namespace {

using boost::json::array;
using boost::json::object;

constexpr std::array<Weighted, 10> kFormWeights = {{{"sexual_exploitation", 40},
                                                    {"forced_labour", 34},
                                                    {"domestic_servitude", 6},
                                                    {"forced_criminality", 6},
                                                    {"forced_begging", 4},
                                                    {"forced_marriage", 3},
                                                    {"organ_removal", 1},
                                                    {"illegal_adoption", 1},
                                                    {"surrogacy_exploitation", 1},
                                                    {"other", 4}}};

constexpr std::array<Weighted, 11> kIdentifyingAgencies = {{{"police", 34},
                                                            {"ngo", 20},
                                                            {"labour_inspectorate", 10},
                                                            {"border_guard", 9},
                                                            {"social_services", 7},
                                                            {"immigration", 6},
                                                            {"child_protection", 4},
                                                            {"health", 3},
                                                            {"prosecution", 2},
                                                            {"international_organisation", 3},
                                                            {"other", 2}}};

constexpr std::array<Weighted, 4> kAgeStatuses = {
    {{"adult", 74}, {"child", 15}, {"presumed_child", 6}, {"unknown", 5}}};

// Samples of citizenships by group; the jurisdiction's own country is added as the nationals.
constexpr std::array<std::string_view, 12> kEuCountries = {"RO", "BG", "HU", "PL", "SK", "CZ",
                                                           "HR", "LT", "LV", "PT", "IT", "DE"};
constexpr std::array<std::string_view, 20> kNonEuCountries = {
    "NG", "UA", "MD", "AL", "VN", "CN", "BR", "ER", "SY", "AF",
    "PK", "MA", "TH", "PH", "IN", "BD", "XK", "RS", "GE", "UZ"};

constexpr std::array<Weighted, 4> kNonEuResidence = {
    {{"irregular", 50}, {"asylum_seeker", 25}, {"lawful_resident", 20}, {"unknown", 5}}};

constexpr std::array<std::string_view, 6> kAssistanceServices = {
    "shelter", "medical", "psychological", "legal", "interpretation", "vocational"};

constexpr std::array<Weighted, 4> kReferralAgencies = {
    {{"ngo", 50}, {"social_services", 25}, {"health", 15}, {"international_organisation", 10}}};

constexpr std::array<std::string_view, 4> kOffences = {"document_fraud", "irregular_entry",
                                                       "drug_cultivation", "theft"};

constexpr std::array<std::string_view, 3> kClosureReasons = {"support_completed", "lost_contact",
                                                             "moved_away"};

// One history being written: a timeline that moves forward and stops at the anchor, and a case
// file that every event passes through.
class CaseBuilder {
 public:
  CaseBuilder(const policy::Policy& policy, Random& random, Date start, Date anchor)
      : policy_(policy),
        random_(random),
        today_(start),
        anchor_(anchor),
        history_{rules::CaseFile(policy), {}, 0} {}

  // Moves the timeline on by a number of days; false when that passes the anchor, which ends
  // the history there (the case is still running).
  bool wait(int64_t min_days, int64_t max_days) {
    Date next = today_.add_days(random_.between(min_days, max_days));
    if (next > anchor_) return false;
    today_ = next;
    return true;
  }

  bool record(std::string_view type, object fields = {}) {
    fields["type"] = type;
    fields["date"] = today_.to_string();
    boost::json::value event(std::move(fields));
    if (history_.file.record(event)) {
      ++history_.rejected;
      return false;
    }
    history_.events.push_back(std::move(event));
    return true;
  }

  Date today() const { return today_; }
  Date anchor() const { return anchor_; }
  const policy::Policy& policy() const { return policy_; }
  Random& random() { return random_; }
  bool child() const {
    auto state = history_.file.as_of(today_).state;
    return state && state->child;
  }
  History release() { return std::move(history_); }

 private:
  const policy::Policy& policy_;
  Random& random_;
  Date today_;
  Date anchor_;
  History history_;
};

struct Person {
  std::string age_status;
  bool national = false;
  bool needs_permit = false;
  std::string country;  // First citizenship when it is a country, else empty.
};

array strings(std::initializer_list<std::string_view> words) {
  array list;
  for (auto word : words) list.emplace_back(word);
  return list;
}

Person identify(CaseBuilder& builder) {
  Random& random = builder.random();
  const std::string& home = builder.policy().jurisdiction.country;
  Person person;
  std::string first_form(random.pick(kFormWeights));
  array forms = strings({first_form});
  if (random.percent(10)) {
    auto second = random.pick(kFormWeights);
    if (second != first_form) forms.emplace_back(second);
  }
  int female_share = first_form == "sexual_exploitation"  ? 90
                     : first_form == "forced_labour"      ? 30
                     : first_form == "domestic_servitude" ? 80
                                                          : 55;
  std::string_view sex = random.percent(2)              ? "unknown"
                         : random.percent(female_share) ? "female"
                         : random.percent(1)            ? "other"
                                                        : "male";
  person.age_status = random.pick(kAgeStatuses);

  int group = int(random.between(0, 99));
  array citizenship;
  std::string_view residence = "unknown";
  if (group < 25) {
    person.country = home;
    person.national = true;
    residence = "national";
  } else if (group < 50) {
    auto country = random.pick(kEuCountries);
    person.country = country == home ? "SI" : std::string(country);
    residence = random.percent(85) ? "lawful_resident" : "irregular";
  } else if (group < 95) {
    person.country = random.pick(kNonEuCountries);
    residence = random.pick(kNonEuResidence);
  } else if (group < 97) {
    citizenship.emplace_back("stateless");
    residence = random.percent(50) ? "irregular" : "asylum_seeker";
  }
  if (!person.country.empty()) citizenship.emplace_back(person.country);
  person.needs_permit =
      residence == "irregular" || residence == "asylum_seeker" || residence == "unknown";

  array countries;
  if (random.percent(95)) countries.emplace_back(home);
  if (countries.empty() || random.percent(20)) {
    countries.emplace_back(random.pick(kNonEuCountries));
  }

  object fields{{"by_agency_type", random.pick(kIdentifyingAgencies)},
                {"sex", sex},
                {"age_status", person.age_status},
                {"residence_status", residence},
                {"citizenship", std::move(citizenship)},
                {"forms", std::move(forms)},
                {"countries_of_exploitation", std::move(countries)}};
  int year = builder.today().year();
  if (person.age_status == "adult" && random.percent(80)) {
    fields["birth_year"] = year - random.between(18, 55);
  } else if (person.age_status != "adult" && random.percent(70)) {
    fields["birth_year"] = year - random.between(12, 17);
  }
  builder.record("identified", std::move(fields));
  return person;
}

void children_measures(CaseBuilder& builder, Person& person) {
  Random& random = builder.random();
  if (person.age_status == "presumed_child" && random.percent(80) && builder.wait(2, 20)) {
    person.age_status = random.percent(60) ? "child" : "adult";
    builder.record("age_assessed", {{"result", person.age_status}});
  }
  if (!builder.child()) return;
  // Most guardians are appointed in time; a few late ones keep the guardian alert realistic.
  if (builder.wait(0, random.percent(90) ? 2 : 12)) builder.record("guardian_appointed");
  if (builder.wait(10, 60)) {
    builder.record("best_interests_determined", {{"recommendation", "stay"}});
  }
}

void referrals(CaseBuilder& builder) {
  Random& random = builder.random();
  if (builder.child() && random.percent(70) && builder.wait(0, 3)) {
    builder.record("referral_made",
                   {{"to_agency_type", "child_protection"}, {"service", "child_protection"}});
  }
  if (!random.percent(88) || !builder.wait(0, 3)) return;
  builder.record("consent_recorded", {{"scope", "referral"}, {"given", true}});
  builder.record("consent_recorded", {{"scope", "assistance"}, {"given", true}});
  for (auto count = random.between(1, 3); count > 0; --count) {
    if (!builder.wait(0, 10)) return;
    auto service = random.pick(kAssistanceServices);
    builder.record("referral_made",
                   {{"to_agency_type", random.pick(kReferralAgencies)}, {"service", service}});
    if (random.percent(85)) builder.record("assistance_provided", {{"service", service}});
  }
}

// Returns true when a permit was granted.
bool residence(CaseBuilder& builder, const Person& person, bool victim) {
  Random& random = builder.random();
  if (!person.needs_permit || !random.percent(85)) return false;
  if (!builder.wait(0, 15)) return false;
  builder.record("permit_applied");
  if (!builder.wait(5, 40)) return false;
  if (!victim || random.percent(6)) {
    builder.record("permit_refused", {{"reason", victim ? "public_order" : "not_a_victim"}});
    return false;
  }
  int months =
      random.percent(3) ? 3 : (random.percent(60) ? 12 : builder.policy().residence.min_months);
  Date valid_until = builder.today().add_months(std::max(months, 1)).add_days(-1);
  std::string_view basis = builder.child()      ? "child_best_interests"
                           : random.percent(65) ? "personal_situation"
                                                : "cooperation";
  builder.record("permit_granted", {{"valid_from", builder.today().to_string()},
                                    {"valid_until", valid_until.to_string()},
                                    {"basis", basis},
                                    {"kind", "temporary"},
                                    {"labour_market_access", random.percent(95)},
                                    {"welfare_access", random.percent(97)}});
  // Renewals shortly before expiry, while the person stays.
  for (int renewal = 0; renewal < 4 && random.percent(75); ++renewal) {
    Date due = valid_until.add_days(-random.between(5, 25));
    if (due > builder.anchor()) break;
    if (!builder.wait(std::max<int64_t>(0, builder.today().days_until(due)),
                      std::max<int64_t>(0, builder.today().days_until(due)))) {
      break;
    }
    valid_until = valid_until.add_months(12);
    builder.record("permit_renewed", {{"valid_until", valid_until.to_string()}});
  }
  return true;
}

void testimony(CaseBuilder& builder) {
  Random& random = builder.random();
  if (!builder.wait(5, 40)) return;
  std::string_view decision =
      random.pick(std::array<Weighted, 3>{{{"agrees", 55}, {"refuses", 25}, {"undecided", 20}}});
  builder.record("testimony_decision", {{"decision", decision}});
  if (decision != "agrees" || !random.percent(70) || !builder.wait(10, 60)) return;
  array measures;
  for (auto measure : rules::kTestimonyMeasures) {
    if (random.percent(35)) measures.emplace_back(measure);
  }
  if (measures.empty()) measures.emplace_back("support_person");
  builder.record("testimony_scheduled",
                 {{"hearing_date", builder.today().add_days(random.between(30, 120)).to_string()},
                  {"measures", std::move(measures)},
                  {"face_to_face", random.percent(5)}});
}

void charges(CaseBuilder& builder) {
  Random& random = builder.random();
  if (!random.percent(5) || !builder.wait(0, 60)) return;
  auto offence = random.pick(kOffences);
  builder.record(
      "charged_with_offence",
      {{"offence", offence},
       {"related_to_trafficking",
        random.pick(std::array<Weighted, 3>{{{"yes", 50}, {"unknown", 30}, {"no", 20}}})}});
  if (!random.percent(70) || !builder.wait(30, 200)) return;
  builder.record(
      "charge_resolved",
      {{"outcome",
        random.pick(std::array<Weighted, 4>{
            {{"dropped", 50}, {"not_punished", 30}, {"acquitted", 10}, {"convicted", 10}}})},
       {"offence", offence}});
}

void compensation(CaseBuilder& builder) {
  Random& random = builder.random();
  if (!random.percent(8) || !builder.wait(30, 200)) return;
  std::string_view source = random.percent(60) ? "offender" : "state_fund";
  builder.record("compensation_claimed", {{"source", source}});
  if (!random.percent(50) || !builder.wait(60, 400)) return;
  builder.record(
      "compensation_awarded",
      {{"source", source}, {"amount", random.between(5, 200) * 100}, {"currency", "EUR"}});
}

// An adult's return after an individual risk assessment; voluntary unless the person was found
// not to be a victim and holds no permit, when a removal is lawful. Returns true when returned.
bool return_home(CaseBuilder& builder, const Person& person, bool victim, bool permit) {
  Random& random = builder.random();
  if (person.national || person.country.empty() || person.age_status != "adult" ||
      !random.percent(victim ? 6 : 40) || !builder.wait(10, 90)) {
    return false;
  }
  bool voluntary = victim || permit || random.percent(40);
  std::string_view outcome =
      random.pick(std::array<Weighted, 3>{{{"low", 60}, {"medium", 30}, {"high", 10}}});
  if (outcome == "high" && !voluntary) outcome = "medium";
  builder.record("risk_assessment", {{"outcome", outcome}, {"individual", true}});
  // The return follows while the assessment is still valid.
  int valid_days = builder.policy().return_.risk_assessment_valid_days;
  if (!builder.wait(0, std::min(60, valid_days))) return false;
  return builder.record("returned", {{"country", person.country}, {"voluntary", voluntary}});
}

void close(CaseBuilder& builder, bool returned) {
  Random& random = builder.random();
  if (returned) {
    if (builder.wait(0, 30)) builder.record("case_closed", {{"reason", "returned"}});
    return;
  }
  if (!random.percent(55) || !builder.wait(120, 700)) return;
  builder.record("case_closed", {{"reason", random.pick(kClosureReasons)}});
  if (random.percent(5) && builder.wait(30, 300)) builder.record("case_reopened");
}

History generate(CaseBuilder& builder) {
  Random& random = builder.random();
  Person person = identify(builder);
  children_measures(builder, person);
  if (builder.policy().identification.two_stage && builder.wait(1, 7)) {
    if (!builder.record("reasonable_grounds_decision", {{"positive", random.percent(88)}})) {
      return builder.release();
    }
  }
  referrals(builder);
  const auto& reasons = builder.policy().reflection.refusal_reasons;
  if (random.percent(2) && builder.wait(1, 5) &&
      std::find(reasons.begin(), reasons.end(), "public_order") != reasons.end()) {
    builder.record("reflection_refused", {{"reason", "public_order"}});
  }
  bool victim = random.percent(80);
  bool decided = builder.wait(20, 110) &&
                 builder.record("conclusive_grounds_decision", {{"positive", victim}});
  if (!decided) return builder.release();
  bool permit = residence(builder, person, victim);
  if (victim) testimony(builder);
  charges(builder);
  if (victim) compensation(builder);
  close(builder, return_home(builder, person, victim, permit));
  return builder.release();
}

}  // namespace

Generator::Generator(policy::Policy policy, uint64_t seed)
    : policy_(std::move(policy)),
      random_(seed),
      anchor_(Date::from_ymd(2026, 1, 1).add_days(int64_t(seed % 366))) {}

History Generator::next_case() {
  // Identifications over the four years before the anchor, more of them recently.
  int64_t days_back = std::min(random_.between(0, 4 * 365), random_.between(0, 4 * 365));
  CaseBuilder builder(policy_, random_, anchor_.add_days(-days_back), anchor_);
  return generate(builder);
}

}  // namespace opennrm::demo

#pragma once

// The closed vocabularies of the rulebook (sections 1 and 2). An event whose field holds a word
// outside its vocabulary is refused as `invalid_event`; statistics and forms use the same lists.

#include <algorithm>
#include <array>
#include <span>
#include <string_view>

namespace opennrm::rules {

using Vocabulary = std::span<const std::string_view>;

inline constexpr std::array<std::string_view, 4> kSexes = {"female", "male", "other", "unknown"};

inline constexpr std::array<std::string_view, 4> kAgeStatuses = {"adult", "child", "presumed_child",
                                                                 "unknown"};

inline constexpr std::array<std::string_view, 5> kResidenceStatuses = {
    "national", "lawful_resident", "irregular", "asylum_seeker", "unknown"};

inline constexpr std::array<std::string_view, 10> kForms = {
    "sexual_exploitation",    "forced_labour",
    "domestic_servitude",     "forced_marriage",
    "organ_removal",          "forced_criminality",
    "forced_begging",         "illegal_adoption",
    "surrogacy_exploitation", "other"};

inline constexpr std::array<std::string_view, 14> kAgencyTypes = {"police",
                                                                  "border_guard",
                                                                  "labour_inspectorate",
                                                                  "immigration",
                                                                  "prosecution",
                                                                  "court",
                                                                  "ngo",
                                                                  "social_services",
                                                                  "child_protection",
                                                                  "health",
                                                                  "coordinator",
                                                                  "rapporteur",
                                                                  "international_organisation",
                                                                  "other"};

inline constexpr std::array<std::string_view, 11> kServices = {
    "shelter",          "medical",           "psychological", "legal",
    "interpretation",   "education",         "vocational",    "financial",
    "child_protection", "return_assistance", "other"};

inline constexpr std::array<std::string_view, 4> kOverrideBases = {
    "vital_interests", "legal_obligation", "child_protection", "court_order"};

inline constexpr std::array<std::string_view, 2> kAgeAssessmentResults = {"adult", "child"};

inline constexpr std::array<std::string_view, 3> kBestInterestsRecommendations = {"stay", "return",
                                                                                  "third_country"};

inline constexpr std::array<std::string_view, 3> kDurableSolutions = {"local_integration", "return",
                                                                      "third_country"};

inline constexpr std::array<std::string_view, 3> kConsentScopes = {"assistance", "data_sharing",
                                                                   "referral"};

inline constexpr std::array<std::string_view, 6> kWithdrawalReasons = {
    "no_cooperation",     "refused_to_testify", "no_longer_needed",
    "declined_by_person", "moved_away",         "other"};

inline constexpr std::array<std::string_view, 3> kPermitBases = {
    "personal_situation", "cooperation", "child_best_interests"};

inline constexpr std::array<std::string_view, 2> kPermitKinds = {"temporary", "permanent"};

inline constexpr std::array<std::string_view, 6> kPermitRefusalReasons = {
    "no_cooperation", "refused_to_testify",   "public_order",
    "not_a_victim",   "other_status_granted", "other"};

inline constexpr std::array<std::string_view, 3> kTestimonyDecisions = {"agrees", "refuses",
                                                                        "undecided"};

inline constexpr std::array<std::string_view, 6> kTestimonyMeasures = {
    "video_link",   "screen",         "separate_waiting_area",
    "pre_recorded", "closed_hearing", "support_person"};

inline constexpr std::array<std::string_view, 3> kTraffickingRelations = {"yes", "no", "unknown"};

inline constexpr std::array<std::string_view, 4> kChargeOutcomes = {"dropped", "not_punished",
                                                                    "convicted", "acquitted"};

inline constexpr std::array<std::string_view, 3> kRiskOutcomes = {"low", "medium", "high"};

inline constexpr std::array<std::string_view, 2> kCompensationSources = {"offender", "state_fund"};

inline bool in_vocabulary(Vocabulary vocabulary, std::string_view word) {
  return std::find(vocabulary.begin(), vocabulary.end(), word) != vocabulary.end();
}

// Countries are two capital letters (the ISO 3166-1 alpha-2 format; the list itself is not
// checked, so codes such as XK pass).
inline bool is_country_code(std::string_view word) {
  return word.size() == 2 && word[0] >= 'A' && word[0] <= 'Z' && word[1] >= 'A' && word[1] <= 'Z';
}

// `citizenship` may also hold `stateless`.
inline bool is_citizenship(std::string_view word) {
  return is_country_code(word) || word == "stateless";
}

}  // namespace opennrm::rules

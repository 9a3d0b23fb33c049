#include "web/event_forms.h"

#include <array>
#include <cctype>

#include <boost/json.hpp>

#include "core/number.h"

namespace opennrm::web {

namespace {

using namespace opennrm::rules;
using K = FieldKind;

// `reason` of reflection_refused is free text in the rulebook; the form offers the two reasons
// the Convention allows and "other", so that an officer sees at once which ones are lawful.
constexpr std::array<std::string_view, 3> kReflectionRefusalReasons = {"public_order",
                                                                       "improper_claim", "other"};

FieldSpec choice(std::string_view name, std::string_view vocabulary_name, Vocabulary words,
                 bool required = true) {
  return {name, K::choice, required, vocabulary_name, words};
}
FieldSpec choices(std::string_view name, std::string_view vocabulary_name, Vocabulary words,
                  bool required = true) {
  return {name, K::choices, required, vocabulary_name, words};
}
FieldSpec plain(std::string_view name, FieldKind kind, bool required = true) {
  return {name, kind, required, {}, {}};
}

std::vector<EventForm> build_forms() {
  return {
      {"identified",
       {choice("by_agency_type", "agency_type", kAgencyTypes),
        choice("age_status", "age_status", kAgeStatuses), plain("birth_year", K::integer, false),
        choice("sex", "sex", kSexes),
        choice("residence_status", "residence_status", kResidenceStatuses),
        plain("citizenship", K::countries), choices("forms", "forms", kForms),
        plain("countries_of_exploitation", K::countries)}},
      {"reasonable_grounds_decision", {plain("positive", K::boolean)}},
      {"conclusive_grounds_decision", {plain("positive", K::boolean)}},
      {"reflection_refused",
       {choice("reason", "reflection_refusal_reason", kReflectionRefusalReasons)}},
      {"details_corrected",
       {choice("sex", "sex", kSexes, false),
        choice("residence_status", "residence_status", kResidenceStatuses, false),
        plain("citizenship", K::countries, false), choices("forms", "forms", kForms, false),
        plain("countries_of_exploitation", K::countries, false),
        plain("birth_year", K::integer, false)}},
      {"age_assessed", {choice("result", "age_result", kAgeAssessmentResults)}},
      {"guardian_appointed", {plain("name", K::text, false)}},
      {"best_interests_determined",
       {choice("recommendation", "recommendation", kBestInterestsRecommendations)}},
      {"durable_solution_determined", {choice("solution", "solution", kDurableSolutions)}},
      {"consent_recorded",
       {choice("scope", "consent_scope", kConsentScopes), plain("given", K::boolean),
        choice("recipient_agency_type", "agency_type", kAgencyTypes, false)}},
      {"referral_made",
       {choice("to_agency_type", "agency_type", kAgencyTypes),
        choice("service", "service", kServices),
        choice("override_basis", "override_basis", kOverrideBases, false)}},
      {"assistance_provided", {choice("service", "service", kServices)}},
      {"assistance_withdrawn",
       {choice("service", "service", kServices),
        choice("reason", "withdrawal_reason", kWithdrawalReasons)}},
      {"permit_applied", {}},
      {"permit_granted",
       {plain("valid_from", K::date), plain("valid_until", K::date, false),
        choice("basis", "permit_basis", kPermitBases), choice("kind", "permit_kind", kPermitKinds),
        plain("labour_market_access", K::boolean), plain("welfare_access", K::boolean)}},
      {"permit_renewed", {plain("valid_until", K::date)}},
      {"permit_refused", {choice("reason", "permit_refusal_reason", kPermitRefusalReasons)}},
      {"testimony_decision", {choice("decision", "testimony", kTestimonyDecisions)}},
      {"testimony_scheduled",
       {plain("hearing_date", K::date), choices("measures", "measures", kTestimonyMeasures),
        plain("face_to_face", K::boolean)}},
      {"charged_with_offence",
       {plain("offence", K::text),
        choice("related_to_trafficking", "trafficking_relation", kTraffickingRelations)}},
      {"charge_resolved",
       {choice("outcome", "charge_outcome", kChargeOutcomes), plain("offence", K::text, false)}},
      {"risk_assessment",
       {choice("outcome", "risk_outcome", kRiskOutcomes), plain("individual", K::boolean)}},
      {"returned", {plain("country", K::country), plain("voluntary", K::boolean)}},
      {"compensation_claimed", {choice("source", "compensation_source", kCompensationSources)}},
      {"compensation_awarded",
       {choice("source", "compensation_source", kCompensationSources), plain("amount", K::number),
        plain("currency", K::text)}},
      {"case_closed", {plain("reason", K::text)}},
      {"case_reopened", {}},
  };
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

// "ro, md" -> ["RO", "MD"]; "stateless" stays as the rulebook spells it.
boost::json::array country_list(std::string_view text) {
  boost::json::array out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    bool stateless = word.size() > 2;
    for (char& c : word) {
      c = static_cast<char>(stateless ? std::tolower(static_cast<unsigned char>(c))
                                      : std::toupper(static_cast<unsigned char>(c)));
    }
    out.emplace_back(word);
    word.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c))) {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

// A form value as the JSON the rules expect; text that is not the kind's shape goes through
// as a string, which the rules refuse naming the field.
boost::json::value field_value(const FieldSpec& field, std::string_view raw,
                               const http::Params& posted) {
  std::string text = trimmed(raw);
  switch (field.kind) {
    case K::boolean:
      if (text == "true") return true;
      if (text == "false") return false;
      return boost::json::string(text);
    case K::integer:
      if (auto number = parse_integer(text)) return *number;
      return boost::json::string(text);
    case K::number:
      // Not "inf" or "nan": an event holding one could be stored but never read back.
      if (auto number = parse_number(text)) return *number;
      return boost::json::string(text);
    case K::choices: {
      boost::json::array words;
      for (std::string_view word : posted.get_all(field.name)) {
        if (!word.empty()) words.emplace_back(word);
      }
      return words;
    }
    case K::countries:
      return country_list(text);
    case K::country: {
      for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return boost::json::string(text);
    }
    case K::date:
    case K::text:
    case K::choice:
      return boost::json::string(text);
  }
  return boost::json::string(text);
}

}  // namespace

const std::vector<EventForm>& event_forms() {
  static const std::vector<EventForm> forms = build_forms();
  return forms;
}

const EventForm* find_event_form(std::string_view type) {
  for (const EventForm& form : event_forms()) {
    if (form.type == type) return &form;
  }
  return nullptr;
}

boost::json::object event_from_form(const EventForm& form, const http::Params& posted) {
  boost::json::object event;
  event["type"] = form.type;
  event["date"] = trimmed(posted.get("date").value_or(""));
  for (const FieldSpec& field : form.fields) {
    bool given = field.kind == K::choices ? posted.contains(field.name)
                                          : !trimmed(posted.get(field.name).value_or("")).empty();
    // A required list may be empty ("lists may be empty"); an optional one left blank is absent.
    if (!given && (!field.required || field.kind != K::choices)) continue;
    event[field.name] = field_value(field, posted.get(field.name).value_or(""), posted);
  }
  return event;
}

View form_fields_view(const EventForm& form, const http::Params& posted, const Catalog& catalog,
                      std::string_view error_field) {
  View fields = view_list();
  for (const FieldSpec& field : form.fields) {
    View item;
    std::string name(field.name);
    item.set("name", name);
    item.set("id", "f-" + std::string(form.type) + "-" + name);
    item.set("label", catalog.text("field." + name));
    item.set("required", field.required);
    item.set("invalid", field.name == error_field);
    std::string value(posted.get(field.name).value_or(""));
    item.set("value", value);
    bool is_choice = field.kind == K::choice || field.kind == K::choices;
    item.set("is_select", field.kind == K::choice);
    item.set("is_checkboxes", field.kind == K::choices);
    item.set("is_boolean", field.kind == K::boolean);
    item.set("is_date", field.kind == K::date);
    item.set("is_integer", field.kind == K::integer);
    item.set("is_number", field.kind == K::number);
    item.set("is_text",
             field.kind == K::text || field.kind == K::countries || field.kind == K::country);
    item.set("is_countries", field.kind == K::countries || field.kind == K::country);
    if (is_choice) {
      auto chosen = posted.get_all(field.name);
      View options = view_list();
      for (std::string_view word : field.vocabulary) {
        View option;
        option.set("value", std::string(word));
        option.set("label", catalog.text("vocab." + std::string(field.vocabulary_name) + "." +
                                         std::string(word)));
        bool selected = std::find(chosen.begin(), chosen.end(), word) != chosen.end();
        option.set("selected", selected);
        option.set("id", "f-" + std::string(form.type) + "-" + name + "-" + std::string(word));
        options.push_back(option);
      }
      item.set("options", options);
    }
    if (field.kind == K::boolean) {
      item.set("yes", value == "true");
      item.set("no", value == "false");
    }
    fields.push_back(item);
  }
  return fields;
}

}  // namespace opennrm::web

#include "rules/events.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "rules/vocabulary.h"

namespace opennrm::rules {

namespace {

namespace json = boost::json;

Error invalid(std::string message, std::string_view field = {}) {
  return Error::make("invalid_event", std::move(message), std::string(field));
}

Error missing(std::string_view key) {
  return invalid(fmt::format("The event has no '{}', which this type of event requires.", key),
                 key);
}

std::string describe(Vocabulary vocabulary) {
  return fmt::format("{}", fmt::join(vocabulary, ", "));
}

// Reads the fields of one event object. Every optional reader treats an absent key and a
// `null` value alike (the rulebook: "null in an optional field means absent"); every required
// reader is the optional one plus "it must be there".
class FieldReader {
 public:
  explicit FieldReader(const json::object& object) : object_(object) {}

  const json::value* find(std::string_view key) const {
    const json::value* value = object_.if_contains(key);
    return value == nullptr || value->is_null() ? nullptr : value;
  }

  bool has(std::string_view key) const { return find(key) != nullptr; }

  ErrorOr<std::optional<std::string>> optional_text(std::string_view key) const {
    const json::value* value = find(key);
    if (value == nullptr) return std::optional<std::string>();
    if (!value->is_string()) return invalid(fmt::format("'{}' must be a string.", key), key);
    return std::optional<std::string>(std::string(value->get_string()));
  }

  ErrorOr<std::optional<std::string>> optional_word(std::string_view key,
                                                    Vocabulary vocabulary) const {
    return optional_checked_word(key, [&](std::string_view word) -> ErrorOr<void> {
      if (in_vocabulary(vocabulary, word)) return {};
      return invalid(
          fmt::format("'{}' is '{}', which is not one of: {}.", key, word, describe(vocabulary)),
          key);
    });
  }

  ErrorOr<std::optional<std::string>> optional_country(std::string_view key,
                                                       bool stateless_allowed) const {
    return optional_checked_word(key, [&](std::string_view word) -> ErrorOr<void> {
      if (stateless_allowed ? is_citizenship(word) : is_country_code(word)) return {};
      return invalid(fmt::format("'{}' is '{}', which is not a two-capital-letter country code{}.",
                                 key, word, stateless_allowed ? " or 'stateless'" : ""),
                     key);
    });
  }

  ErrorOr<std::optional<std::vector<std::string>>> optional_words(std::string_view key,
                                                                  Vocabulary vocabulary) const {
    return optional_list(key, [&](std::string_view word) -> ErrorOr<void> {
      if (in_vocabulary(vocabulary, word)) return {};
      return invalid(
          fmt::format("'{}' holds '{}', which is not one of: {}.", key, word, describe(vocabulary)),
          key);
    });
  }

  ErrorOr<std::optional<std::vector<std::string>>> optional_countries(
      std::string_view key, bool stateless_allowed) const {
    return optional_list(key, [&](std::string_view word) -> ErrorOr<void> {
      if (stateless_allowed ? is_citizenship(word) : is_country_code(word)) return {};
      return invalid(fmt::format("'{}' holds '{}', which is not a two-capital-letter country code"
                                 "{}.",
                                 key, word, stateless_allowed ? " or 'stateless'" : ""),
                     key);
    });
  }

  ErrorOr<std::optional<bool>> optional_flag(std::string_view key) const {
    const json::value* value = find(key);
    if (value == nullptr) return std::optional<bool>();
    if (!value->is_bool()) return invalid(fmt::format("'{}' must be true or false.", key), key);
    return std::optional<bool>(value->get_bool());
  }

  ErrorOr<std::optional<Date>> optional_date(std::string_view key) const {
    const json::value* value = find(key);
    if (value == nullptr) return std::optional<Date>();
    auto bad_date = [&] {
      return invalid(fmt::format("'{}' must be a date written YYYY-MM-DD.", key), key);
    };
    if (!value->is_string()) return bad_date();
    auto date = Date::parse(std::string_view(value->get_string()));
    if (date.is_error()) return bad_date();
    return std::optional<Date>(date.value());
  }

  // An integer is a JSON number written without fraction or exponent; 2001.5 and 2001.0 are not.
  // Years beyond the range of int are refused as implausible rather than wrapped.
  ErrorOr<std::optional<int>> optional_integer(std::string_view key) const {
    const json::value* value = find(key);
    if (value == nullptr) return std::optional<int>();
    if (!value->is_int64() && !value->is_uint64()) {
      return invalid(fmt::format("'{}' must be a whole number.", key), key);
    }
    if (!value->is_int64() || value->get_int64() < std::numeric_limits<int>::min() ||
        value->get_int64() > std::numeric_limits<int>::max()) {
      return invalid(fmt::format("'{}' is not a plausible year.", key), key);
    }
    return std::optional<int>(int(value->get_int64()));
  }

  ErrorOr<std::optional<double>> optional_number(std::string_view key) const {
    const json::value* value = find(key);
    if (value == nullptr) return std::optional<double>();
    // JSON has no NaN or infinity, so an event holding one could be stored but not read back.
    double number = value->is_number() ? value->to_number<double>() : NAN;
    if (!std::isfinite(number)) return invalid(fmt::format("'{}' must be a number.", key), key);
    return std::optional<double>(number);
  }

  ErrorOr<void> optional_object(std::string_view key) const {
    const json::value* value = find(key);
    if (value != nullptr && !value->is_object()) {
      return invalid(fmt::format("'{}' must be an object.", key), key);
    }
    return {};
  }

  // The required readers: the optional reader's value, which must be present.
  template <typename T>
  static ErrorOr<T> required(std::string_view key, ErrorOr<std::optional<T>> read) {
    if (read.is_error()) return read.release_error();
    std::optional<T> value = read.release_value();
    if (!value) return missing(key);
    return std::move(*value);
  }
  ErrorOr<std::string> text(std::string_view key) const {
    return required(key, optional_text(key));
  }
  ErrorOr<std::string> word(std::string_view key, Vocabulary vocabulary) const {
    return required(key, optional_word(key, vocabulary));
  }
  ErrorOr<std::string> country(std::string_view key) const {
    return required(key, optional_country(key, false));
  }
  ErrorOr<std::vector<std::string>> words(std::string_view key, Vocabulary vocabulary) const {
    return required(key, optional_words(key, vocabulary));
  }
  ErrorOr<std::vector<std::string>> countries(std::string_view key, bool stateless) const {
    return required(key, optional_countries(key, stateless));
  }
  ErrorOr<bool> flag(std::string_view key) const { return required(key, optional_flag(key)); }
  ErrorOr<Date> date(std::string_view key) const { return required(key, optional_date(key)); }
  ErrorOr<double> number(std::string_view key) const { return required(key, optional_number(key)); }

 private:
  template <typename Check>
  ErrorOr<std::optional<std::string>> optional_checked_word(std::string_view key,
                                                            Check check) const {
    auto text_value = TRY(optional_text(key));
    if (text_value) TRY(check(*text_value));
    return text_value;
  }

  template <typename Check>
  ErrorOr<std::optional<std::vector<std::string>>> optional_list(std::string_view key,
                                                                 Check check) const {
    const json::value* value = find(key);
    if (value == nullptr) return std::optional<std::vector<std::string>>();
    if (!value->is_array()) return invalid(fmt::format("'{}' must be a list.", key), key);
    std::vector<std::string> words;
    for (const json::value& item : value->get_array()) {
      if (!item.is_string()) {
        return invalid(fmt::format("'{}' must be a list of strings.", key), key);
      }
      TRY(check(std::string_view(item.get_string())));
      words.emplace_back(item.get_string());
    }
    return std::optional<std::vector<std::string>>(std::move(words));
  }

  const json::object& object_;
};

// One reader per event type: the fields of the rulebook's table in section 2.
template <typename T>
ErrorOr<EventDetails> read_fields(const FieldReader& fields);

template <>
ErrorOr<EventDetails> read_fields<Identified>(const FieldReader& fields) {
  Identified event;
  event.by_agency_type = TRY(fields.word("by_agency_type", kAgencyTypes));
  event.sex = TRY(fields.word("sex", kSexes));
  event.age_status = TRY(fields.word("age_status", kAgeStatuses));
  event.residence_status = TRY(fields.word("residence_status", kResidenceStatuses));
  event.citizenship = TRY(fields.countries("citizenship", true));
  event.forms = TRY(fields.words("forms", kForms));
  event.countries_of_exploitation = TRY(fields.countries("countries_of_exploitation", false));
  event.birth_year = TRY(fields.optional_integer("birth_year"));
  TRY(fields.optional_object("screening"));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<ReasonableGroundsDecision>(const FieldReader& fields) {
  return EventDetails(ReasonableGroundsDecision{TRY(fields.flag("positive"))});
}

template <>
ErrorOr<EventDetails> read_fields<ConclusiveGroundsDecision>(const FieldReader& fields) {
  return EventDetails(ConclusiveGroundsDecision{TRY(fields.flag("positive"))});
}

template <>
ErrorOr<EventDetails> read_fields<ReflectionRefused>(const FieldReader& fields) {
  return EventDetails(ReflectionRefused{TRY(fields.text("reason"))});
}

template <>
ErrorOr<EventDetails> read_fields<DetailsCorrected>(const FieldReader& fields) {
  DetailsCorrected event;
  event.sex = TRY(fields.optional_word("sex", kSexes));
  event.residence_status = TRY(fields.optional_word("residence_status", kResidenceStatuses));
  event.citizenship = TRY(fields.optional_countries("citizenship", true));
  event.forms = TRY(fields.optional_words("forms", kForms));
  event.countries_of_exploitation =
      TRY(fields.optional_countries("countries_of_exploitation", false));
  event.birth_year = TRY(fields.optional_integer("birth_year"));
  if (!event.sex && !event.residence_status && !event.citizenship && !event.forms &&
      !event.countries_of_exploitation && !event.birth_year) {
    return invalid(
        "A correction must give at least one of sex, residence_status, citizenship, forms, "
        "countries_of_exploitation or birth_year.");
  }
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<AgeAssessed>(const FieldReader& fields) {
  return EventDetails(AgeAssessed{TRY(fields.word("result", kAgeAssessmentResults))});
}

template <>
ErrorOr<EventDetails> read_fields<GuardianAppointed>(const FieldReader& fields) {
  return EventDetails(GuardianAppointed{TRY(fields.optional_text("name"))});
}

template <>
ErrorOr<EventDetails> read_fields<BestInterestsDetermined>(const FieldReader& fields) {
  return EventDetails(
      BestInterestsDetermined{TRY(fields.word("recommendation", kBestInterestsRecommendations))});
}

template <>
ErrorOr<EventDetails> read_fields<DurableSolutionDetermined>(const FieldReader& fields) {
  return EventDetails(DurableSolutionDetermined{TRY(fields.word("solution", kDurableSolutions))});
}

template <>
ErrorOr<EventDetails> read_fields<ConsentRecorded>(const FieldReader& fields) {
  ConsentRecorded event;
  event.scope = TRY(fields.word("scope", kConsentScopes));
  event.given = TRY(fields.flag("given"));
  event.recipient_agency_type = TRY(fields.optional_word("recipient_agency_type", kAgencyTypes));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<ReferralMade>(const FieldReader& fields) {
  ReferralMade event;
  event.to_agency_type = TRY(fields.word("to_agency_type", kAgencyTypes));
  event.service = TRY(fields.word("service", kServices));
  event.override_basis = TRY(fields.optional_word("override_basis", kOverrideBases));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<AssistanceProvided>(const FieldReader& fields) {
  return EventDetails(AssistanceProvided{TRY(fields.word("service", kServices))});
}

template <>
ErrorOr<EventDetails> read_fields<AssistanceWithdrawn>(const FieldReader& fields) {
  AssistanceWithdrawn event;
  event.service = TRY(fields.word("service", kServices));
  event.reason = TRY(fields.word("reason", kWithdrawalReasons));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<PermitApplied>(const FieldReader& /*fields*/) {
  return EventDetails(PermitApplied{});
}

template <>
ErrorOr<EventDetails> read_fields<PermitGranted>(const FieldReader& fields) {
  PermitGranted event;
  event.valid_from = TRY(fields.date("valid_from"));
  event.basis = TRY(fields.word("basis", kPermitBases));
  event.kind = TRY(fields.word("kind", kPermitKinds));
  event.labour_market_access = TRY(fields.flag("labour_market_access"));
  event.welfare_access = TRY(fields.flag("welfare_access"));
  event.valid_until = TRY(fields.optional_date("valid_until"));
  if (event.kind == "temporary" && !event.valid_until) return missing("valid_until");
  if (event.valid_until && *event.valid_until < event.valid_from) {
    return invalid("The permit's 'valid_until' is before its 'valid_from'.", "valid_until");
  }
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<PermitRenewed>(const FieldReader& fields) {
  return EventDetails(PermitRenewed{TRY(fields.date("valid_until"))});
}

template <>
ErrorOr<EventDetails> read_fields<PermitRefused>(const FieldReader& fields) {
  return EventDetails(PermitRefused{TRY(fields.word("reason", kPermitRefusalReasons))});
}

template <>
ErrorOr<EventDetails> read_fields<TestimonyDecision>(const FieldReader& fields) {
  return EventDetails(TestimonyDecision{TRY(fields.word("decision", kTestimonyDecisions))});
}

template <>
ErrorOr<EventDetails> read_fields<TestimonyScheduled>(const FieldReader& fields) {
  TestimonyScheduled event;
  event.hearing_date = TRY(fields.date("hearing_date"));
  event.measures = TRY(fields.words("measures", kTestimonyMeasures));
  event.face_to_face = TRY(fields.flag("face_to_face"));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<ChargedWithOffence>(const FieldReader& fields) {
  ChargedWithOffence event;
  event.offence = TRY(fields.text("offence"));
  event.related_to_trafficking = TRY(fields.word("related_to_trafficking", kTraffickingRelations));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<ChargeResolved>(const FieldReader& fields) {
  ChargeResolved event;
  event.outcome = TRY(fields.word("outcome", kChargeOutcomes));
  event.offence = TRY(fields.optional_text("offence"));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<RiskAssessment>(const FieldReader& fields) {
  RiskAssessment event;
  event.outcome = TRY(fields.word("outcome", kRiskOutcomes));
  event.individual = TRY(fields.flag("individual"));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<Returned>(const FieldReader& fields) {
  Returned event;
  event.country = TRY(fields.country("country"));
  event.voluntary = TRY(fields.flag("voluntary"));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<CompensationClaimed>(const FieldReader& fields) {
  return EventDetails(CompensationClaimed{TRY(fields.word("source", kCompensationSources))});
}

template <>
ErrorOr<EventDetails> read_fields<CompensationAwarded>(const FieldReader& fields) {
  CompensationAwarded event;
  event.source = TRY(fields.word("source", kCompensationSources));
  event.amount = TRY(fields.number("amount"));
  event.currency = TRY(fields.text("currency"));
  return EventDetails(std::move(event));
}

template <>
ErrorOr<EventDetails> read_fields<CaseClosed>(const FieldReader& fields) {
  return EventDetails(CaseClosed{TRY(fields.text("reason"))});
}

template <>
ErrorOr<EventDetails> read_fields<CaseReopened>(const FieldReader& /*fields*/) {
  return EventDetails(CaseReopened{});
}

// Finds the alternative of EventDetails whose kType is `type` and reads its fields.
template <std::size_t index = 0>
ErrorOr<EventDetails> read_details(std::string_view type, const FieldReader& fields) {
  if constexpr (index == std::variant_size_v<EventDetails>) {
    return invalid(fmt::format("'{}' is not a type of event.", type), "type");
  } else {
    using Details = std::variant_alternative_t<index, EventDetails>;
    if (type == Details::kType) return read_fields<Details>(fields);
    return read_details<index + 1>(type, fields);
  }
}

}  // namespace

std::string_view Event::type() const {
  return std::visit([](const auto& alternative) { return alternative.kType; }, details);
}

ErrorOr<Event> parse_event(const json::value& value) {
  if (!value.is_object()) return invalid("An event must be a JSON object.");
  FieldReader fields(value.get_object());
  std::string type = TRY(fields.text("type"));
  Date date = TRY(fields.date("date"));
  EventDetails details = TRY(read_details(type, fields));
  if (const auto* identified = std::get_if<Identified>(&details)) {
    if (identified->birth_year && *identified->birth_year > date.year()) {
      return invalid("The birth year is after the year the person was identified.", "birth_year");
    }
  }
  return Event{date, std::move(details)};
}

}  // namespace opennrm::rules

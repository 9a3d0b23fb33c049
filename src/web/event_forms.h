#pragma once

// The rulebook's events as HTML forms: which fields each event type has, of which kind and
// vocabulary, and how a posted form becomes the event's JSON. The field names and vocabularies
// are the rulebook's (section 2), so the form posts exactly what the API would receive.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "http/request.h"
#include "rules/vocabulary.h"
#include "web/i18n.h"
#include "web/view.h"

namespace opennrm::web {

enum class FieldKind {
  date,       // YYYY-MM-DD
  text,       // a free string
  integer,    // a whole number
  number,     // a decimal number
  boolean,    // yes or no
  choice,     // one word of a vocabulary
  choices,    // any words of a vocabulary (checkboxes)
  countries,  // country codes separated by commas or spaces
  country,    // one country code
};

struct FieldSpec {
  std::string_view name;
  FieldKind kind;
  bool required = true;
  // For choice and choices: the catalog's vocabulary name ("vocab.<name>.<word>") and words.
  std::string_view vocabulary_name = {};
  rules::Vocabulary vocabulary = {};
};

struct EventForm {
  std::string_view type;
  std::vector<FieldSpec> fields;
};

// Every event type's form, in the rulebook's order.
const std::vector<EventForm>& event_forms();
const EventForm* find_event_form(std::string_view type);

// The event JSON of a posted form: {"type", "date", fields...}. Empty optional fields are left
// out; what the form cannot even express (a word that is not a number) is left for the rules
// to refuse as invalid_event, so that every refusal goes through one place.
boost::json::object event_from_form(const EventForm& form, const http::Params& posted);

// The view of a form's fields for the "event_fields" template: labels, options with the posted
// (or default) values selected, and `error_field` marked.
View form_fields_view(const EventForm& form, const http::Params& posted, const Catalog& catalog,
                      std::string_view error_field);

}  // namespace opennrm::web

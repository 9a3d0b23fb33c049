#pragma once

// Renders the web application's mustache templates (web/templates, embedded in the binary).
// Values are HTML-escaped unless a template asks otherwise with {{{ }}}, which only the layout
// does, for the page it wraps, and the statistics page, for the SVG of its charts (web/charts.h
// escapes every text it draws). "{{t.some.key}}" is the message "some.key" of the request's
// catalog, so templates carry no user-visible text of their own.

#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "web/i18n.h"

namespace opennrm::web {

using View = kainjow::mustache::data;

// A list value for templates, built item by item.
inline View view_list() {
  return View(View::type::list);
}

// Renders templates/<name>.mustache. A missing or malformed template is a programmer error
// (std::logic_error); the tests render every template.
std::string render_template(std::string_view name, const View& view, const Catalog& catalog);

}  // namespace opennrm::web

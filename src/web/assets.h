#pragma once

// The web application's files (templates, catalogs, CSS, htmx), compiled into the binary at
// build time from web/ and node_modules/, so that a running server needs no files beside it.

#include <optional>
#include <string_view>
#include <vector>

namespace opennrm::web {

struct Asset {
  std::string_view name;  // Relative to web/: "templates/case.mustache", "static/app.css".
  std::string_view content;
};

// Every embedded file, sorted by name.
const std::vector<Asset>& assets();
// The content of one file, if it is embedded.
std::optional<std::string_view> find_asset(std::string_view name);

}  // namespace opennrm::web

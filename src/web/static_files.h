#pragma once

// The web application's static files (CSS, htmx), served from the binary under /static/ with
// long caching: pages link them with a version derived from their content, so a new build
// changes the address and a browser never keeps a stale copy, while the ETag answers a
// revalidation with 304.

#include <string>
#include <string_view>

#include "http/router.h"

namespace opennrm::web {

// "/static/app.css?v=3f9c0a1b2c3d4e5f": the address a page links a static file with.
std::string static_href(std::string_view name);

// GET /static/{name}.
void add_static_routes(http::Router& router);

}  // namespace opennrm::web

#pragma once

// The application: the router with its middleware and every route group of the JSON API.
//
// Middleware, outermost first: security headers; authentication (a session cookie
// `opennrm_session` or `Authorization: Bearer TOKEN` attaches the Principal; without one every
// /api/v1 route except POST /api/v1/sessions answers 401); the Origin check on state changes and
// the CSRF token check for cookie sessions (header X-CSRF-Token or form field csrf_token).

#include <memory>
#include <string_view>

#include "api/accounts.h"
#include "api/context.h"
#include "http/request.h"
#include "http/router.h"

namespace opennrm::api {

inline constexpr std::string_view kSessionCookie = "opennrm_session";
// The session's CSRF token, readable by the page's script (not HttpOnly), also sent in the
// X-CSRF-Token header of the sign-in response.
inline constexpr std::string_view kCsrfCookie = "opennrm_csrf";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
inline constexpr std::string_view kCsrfFormField = "csrf_token";

// The router with the given accounts service; it keeps the service alive. It opens the plan
// store on the case store's file and throws std::runtime_error when it cannot.
http::Router make_router(AppContext& context, std::shared_ptr<Accounts> accounts);
// The same with default settings; throws std::runtime_error when the common-password list
// cannot be read.
http::Router make_router(AppContext& context);

// The signed-in principal of a request that passed authentication. Calling it on a request
// without one is a programmer error (std::logic_error, hence a 500).
const Principal& principal(const http::Request& request);

}  // namespace opennrm::api

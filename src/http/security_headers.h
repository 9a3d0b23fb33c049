#pragma once

#include "http/response.h"

namespace opennrm::http {

// The Content-Security-Policy every response carries: pages load scripts, styles and images
// only from this server, cannot be framed, and forms post only back to it.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// Adds the security headers to a response: CSP, X-Content-Type-Options nosniff,
// Referrer-Policy no-referrer, Cache-Control no-store, and Strict-Transport-Security when the
// server speaks TLS. A header the handler already set is kept, so a static-asset handler can
// make its files cacheable. The server applies this to every response it sends, including
// the errors it produces before a request reaches the router (400, 413, 431, 503).
void apply_security_headers(Response& response, bool tls);

}  // namespace opennrm::http

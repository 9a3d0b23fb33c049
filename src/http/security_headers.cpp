#include "http/security_headers.h"

namespace opennrm::http {

void apply_security_headers(Response& response, bool tls) {
  response.headers.set_default("Content-Security-Policy", kContentSecurityPolicy);
  response.headers.set_default("X-Content-Type-Options", "nosniff");
  response.headers.set_default("Referrer-Policy", "no-referrer");
  // Case data must never linger in a shared or browser cache.
  response.headers.set_default("Cache-Control", "no-store");
  if (tls) response.headers.set_default("Strict-Transport-Security", "max-age=63072000");
}

}  // namespace opennrm::http

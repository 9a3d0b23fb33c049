#pragma once

#include <string>
#include <string_view>

#include "http/response.h"

namespace opennrm::http {

// Bodies at most this large are sent as they are: gzip would save too little to pay off.
inline constexpr size_t kMinimumCompressedBytes = 1024;

// True when an Accept-Encoding value accepts gzip (by "gzip", "x-gzip" or "*" with q > 0).
bool accepts_gzip(std::string_view accept_encoding);

// Gzips the response body in place when the client accepts gzip, the body is larger than
// kMinimumCompressedBytes, of a textual type (text/*, JSON, JavaScript, XML, SVG) and not
// already encoded. Sets Content-Encoding, and Vary: Accept-Encoding on every response that
// could have been compressed, so that caches keep the two forms apart.
void compress_if_accepted(std::string_view accept_encoding, Response& response);

// The gzip format (RFC 1952) of the given bytes.
std::string gzip(std::string_view data);

}  // namespace opennrm::http

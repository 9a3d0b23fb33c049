#pragma once

// Text encodings of binary values (hex, base64, base64url, base32) and the length-prefixed
// framing that keeps field boundaries unambiguous when several values feed one hash or one
// associated-data block.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace opennrm::security {

using Bytes = std::vector<unsigned char>;

// Views the bytes of a string without copying.
inline std::span<const unsigned char> bytes_of(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

// Lower-case hexadecimal.
std::string to_hex(std::span<const unsigned char> bytes);

// Standard base64 (RFC 4648 section 4) with padding.
std::string to_base64(std::span<const unsigned char> bytes);
// Decodes standard padded base64 exactly; any other character makes it invalid (nullopt).
std::optional<Bytes> from_base64(std::string_view text);
// The same into a caller's buffer (for key material that must not be copied around); returns
// the number of bytes written, or nullopt when the text is invalid or does not fit.
std::optional<std::size_t> from_base64_into(std::string_view text, std::span<unsigned char> out);

// URL-safe base64 (RFC 4648 section 5) without padding, for tokens in URLs and headers.
std::string to_base64url(std::span<const unsigned char> bytes);

// Base32 (RFC 4648 section 6), upper case, padded to a multiple of 8 characters.
std::string base32_encode(std::span<const unsigned char> bytes);
// Accepts upper or lower case, with or without the trailing '=' padding; nullopt for any other
// character or an impossible length.
std::optional<Bytes> base32_decode(std::string_view text);

// Appends the value's length as 8 big-endian bytes, then the value: concatenations of framed
// values can never be confused by shifting bytes from one value to the next.
void append_length_prefixed(std::string& out, std::string_view value);

}  // namespace opennrm::security

#pragma once

// Random secrets, session tokens and the hashes under which they are stored. A token is shown to
// its holder once and the server keeps only token_hash(token), so a copy of the database does
// not let anyone act as a signed-in user.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "security/encoding.h"

namespace opennrm::security {

// Bytes from the operating system's cryptographic random source.
Bytes random_bytes(std::size_t count);

// A 256-bit random token as URL-safe base64 without padding (43 characters).
std::string random_token();

// BLAKE2b-256 of the token as lower-case hex (64 characters): what the store keeps.
std::string token_hash(std::string_view token);

// BLAKE2b-256 as lower-case hex; with a key it is a MAC (key of 16 to 64 bytes).
std::string blake2b_256_hex(std::string_view data, std::span<const unsigned char> key = {});

// Compares in time independent of where the contents differ (the lengths are not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace opennrm::security

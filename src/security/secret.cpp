#include "security/secret.h"

#include <sodium.h>

#include <array>
#include <cassert>

#include "security/sodium.h"

namespace opennrm::security {

Bytes random_bytes(std::size_t count) {
  ensure_sodium_initialized();
  Bytes bytes(count);
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

std::string random_token() {
  constexpr std::size_t kTokenBytes = 32;
  Bytes bytes = random_bytes(kTokenBytes);
  std::string token = to_base64url(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return token;
}

std::string token_hash(std::string_view token) {
  return blake2b_256_hex(token);
}

std::string blake2b_256_hex(std::string_view data, std::span<const unsigned char> key) {
  ensure_sodium_initialized();
  assert(key.empty() || (key.size() >= crypto_generichash_KEYBYTES_MIN &&
                         key.size() <= crypto_generichash_KEYBYTES_MAX));
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(), bytes_of(data).data(), data.size(),
                     key.empty() ? nullptr : key.data(), key.size());
  return to_hex(digest);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  ensure_sodium_initialized();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace opennrm::security

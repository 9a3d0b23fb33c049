#include "security/totp.h"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <cstdint>

#include "security/secret.h"
#include "security/sha1.h"

namespace opennrm::security {
namespace {

constexpr std::size_t kSecretBytes = 20;

std::uint32_t power_of_ten(int digits) {
  std::uint32_t result = 1;
  for (int i = 0; i < digits; ++i) result *= 10;
  return result;
}

// The code for one counter value: HOTP (RFC 4226 section 5.3) with dynamic truncation.
std::string hotp_code(std::span<const unsigned char> secret, std::uint64_t counter, int digits) {
  std::array<unsigned char, 8> message;
  for (int i = 0; i < 8; ++i) message[i] = static_cast<unsigned char>(counter >> (56 - 8 * i));
  Sha1Digest mac = hmac_sha1(secret, message);
  unsigned offset = mac[19] & 0x0F;
  std::uint32_t binary = ((std::uint32_t{mac[offset]} & 0x7F) << 24) |
                         (std::uint32_t{mac[offset + 1]} << 16) |
                         (std::uint32_t{mac[offset + 2]} << 8) | std::uint32_t{mac[offset + 3]};
  return fmt::format("{:0{}}", binary % power_of_ten(digits), digits);
}

// Percent-encodes everything except RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text) {
  std::string encoded;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      encoded.push_back(c);
    } else {
      encoded += fmt::format("%{:02X}", byte);
    }
  }
  return encoded;
}

}  // namespace

Bytes generate_totp_secret() {
  return random_bytes(kSecretBytes);
}

std::int64_t totp_step(std::int64_t unix_time) {
  assert(unix_time >= 0);
  return unix_time / kTotpStepSeconds;
}

std::string totp_code(std::span<const unsigned char> secret, std::int64_t unix_time, int digits) {
  assert(digits >= 6 && digits <= 8);
  return hotp_code(secret, static_cast<std::uint64_t>(totp_step(unix_time)), digits);
}

std::optional<std::int64_t> verify_totp(std::span<const unsigned char> secret,
                                        std::string_view code, std::int64_t unix_time,
                                        std::optional<std::int64_t> last_used_step) {
  if (code.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
  std::int64_t now_step = totp_step(unix_time);
  std::optional<std::int64_t> matched;
  // Every candidate is computed and compared, so timing does not tell which step matched.
  for (std::int64_t step = now_step - 1; step <= now_step + 1; ++step) {
    if (step < 0 || (last_used_step && step <= *last_used_step)) continue;
    std::string expected = hotp_code(secret, static_cast<std::uint64_t>(step), kTotpDigits);
    if (constant_time_equal(expected, code) && !matched) matched = step;
  }
  return matched;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::span<const unsigned char> secret) {
  std::string secret_text = base32_encode(secret);
  // Authenticator apps expect the secret without '=' padding.
  while (!secret_text.empty() && secret_text.back() == '=') secret_text.pop_back();
  std::string encoded_issuer = percent_encode(issuer);
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={}&period={}",
                     encoded_issuer, percent_encode(account), secret_text, encoded_issuer,
                     kTotpDigits, kTotpStepSeconds);
}

}  // namespace opennrm::security

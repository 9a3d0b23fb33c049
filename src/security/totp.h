#pragma once

// Time-based one-time passwords (RFC 6238) as authenticator apps compute them: HMAC-SHA1,
// 30-second steps, 6 digits. The time is always a parameter: nothing here reads a clock.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "security/encoding.h"

namespace opennrm::security {

inline constexpr std::int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;

// A new random 160-bit secret (RFC 4226 recommends 160 bits), to be stored encrypted.
Bytes generate_totp_secret();

// The time step (counter) that contains unix_time (seconds since 1970, not negative).
std::int64_t totp_step(std::int64_t unix_time);

// The code for unix_time with the given number of digits (6 to 8), zero-padded.
std::string totp_code(std::span<const unsigned char> secret, std::int64_t unix_time,
                      int digits = kTotpDigits);

// Checks a 6-digit code against the steps just before, at and just after unix_time, so a clock
// off by up to 30 seconds still works. Returns the matching step; nullopt when none matches.
// Steps at or before last_used_step are not accepted, so storing the returned step and passing
// it next time stops a code from being used twice.
std::optional<std::int64_t> verify_totp(std::span<const unsigned char> secret,
                                        std::string_view code, std::int64_t unix_time,
                                        std::optional<std::int64_t> last_used_step = {});

// The otpauth:// URI that authenticator apps read from a QR code, for example
// otpauth://totp/OpenNRM:jdoe?secret=...&issuer=OpenNRM&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::span<const unsigned char> secret);

}  // namespace opennrm::security

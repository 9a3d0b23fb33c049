#pragma once

// Password storage (argon2id) and the password policy: at least 12 characters, no composition
// rules, and not on a list of commonly used passwords.
//
// One argon2id hash at the interactive limits uses 64 MiB of memory for about a tenth of a
// second; the caller caps how many run at once (see HashSlots in throttle.h).

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/error.h"

namespace opennrm::security {

// The argon2id work factors. A server uses interactive(); tests that sign in hundreds of times
// use lightest(), since the hash records its own parameters and verifies the same either way.
struct PasswordCost {
  unsigned long long operations = 0;
  std::size_t memory_bytes = 0;

  static PasswordCost interactive();
  static PasswordCost lightest();
};

// The encoded argon2id hash (algorithm, parameters, salt and digest in one string).
ErrorOr<std::string> hash_password(std::string_view password,
                                   PasswordCost cost = PasswordCost::interactive());

// True when the password matches the stored hash; false for a wrong password or a malformed
// hash.
bool verify_password(std::string_view password, std::string_view stored_hash);

// True when the stored hash was made with other parameters than today's, so the caller should
// re-hash the password after the next successful sign-in.
bool password_needs_rehash(std::string_view stored_hash,
                           PasswordCost cost = PasswordCost::interactive());

inline constexpr std::size_t kMinimumPasswordLength = 12;

// The commonly used passwords to refuse, compared case-insensitively (ASCII letters only; the
// lists are ASCII). Load it once at start-up and share it: it is read-only afterwards.
class CommonPasswords {
 public:
  // Debian's john-data package installs this list.
  static constexpr std::string_view kDefaultPath = "/usr/share/john/password.lst";

  // One password per line; lines starting with "#!comment:" and empty lines are skipped.
  static ErrorOr<CommonPasswords> load(const std::filesystem::path& path = kDefaultPath);

  bool contains(std::string_view password) const;
  std::size_t size() const { return lowered_.size(); }

 private:
  std::unordered_set<std::string> lowered_;
};

// Checks a new password against the policy. Errors have code "password_policy" and field
// "password", and never repeat the password.
ErrorOr<void> check_password_policy(std::string_view password, const CommonPasswords& common);

}  // namespace opennrm::security

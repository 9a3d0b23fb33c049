#include "security/password.h"

#include <sodium.h>

#include <algorithm>
#include <fstream>

#include "security/sodium.h"
#include "security/utf8.h"

namespace opennrm::security {
namespace {

constexpr std::string_view kCommentPrefix = "#!comment:";

std::string ascii_lower(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  return lowered;
}

Error policy_error(std::string message) {
  return Error::make("password_policy", std::move(message), "password");
}

}  // namespace

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::lightest() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

ErrorOr<std::string> hash_password(std::string_view password, PasswordCost cost) {
  ensure_sodium_initialized();
  char encoded[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(encoded, password.data(), password.size(), cost.operations,
                        cost.memory_bytes) != 0) {
    return Error::make("password_hash_failed",
                       "the password could not be hashed (not enough memory)");
  }
  return std::string(encoded);
}

bool verify_password(std::string_view password, std::string_view stored_hash) {
  ensure_sodium_initialized();
  // libsodium reads the hash as a NUL-terminated string that fits in crypto_pwhash_STRBYTES.
  if (stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos) {
    return false;
  }
  std::string terminated(stored_hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view stored_hash, PasswordCost cost) {
  ensure_sodium_initialized();
  std::string terminated(stored_hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), cost.operations, cost.memory_bytes) !=
         0;
}

ErrorOr<CommonPasswords> CommonPasswords::load(const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) {
    return Error::make("common_passwords_missing",
                       "the list of common passwords cannot be read: " + path.string(),
                       path.string());
  }
  CommonPasswords list;
  std::string line;
  while (std::getline(file, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.starts_with(kCommentPrefix)) continue;
    list.lowered_.insert(ascii_lower(line));
  }
  if (file.bad()) {
    return Error::make(
        "common_passwords_missing",
        "the list of common passwords could not be read to the end: " + path.string(),
        path.string());
  }
  return list;
}

bool CommonPasswords::contains(std::string_view password) const {
  return lowered_.contains(ascii_lower(password));
}

ErrorOr<void> check_password_policy(std::string_view password, const CommonPasswords& common) {
  auto code_points = decode_utf8(password);
  if (!code_points) return policy_error("password is not valid UTF-8 text");
  if (code_points->size() < kMinimumPasswordLength) {
    return policy_error("password is shorter than " + std::to_string(kMinimumPasswordLength) +
                        " characters");
  }
  if (common.contains(password)) return policy_error("password is too common");
  return {};
}

}  // namespace opennrm::security

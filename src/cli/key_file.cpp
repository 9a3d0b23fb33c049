#include "cli/key_file.h"

#include <cstdlib>

#include <fmt/format.h>

namespace opennrm::cli {

namespace {

const char* key_from_environment() {
  const char* value = std::getenv(kKeyVariable);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

ErrorOr<bool> holds_encrypted_data(store::CaseStore& store) {
  bool found = false;
  auto count = [&](store::Connection& db) -> ErrorOr<void> {
    found = TRY(db.query_int("SELECT (SELECT count(*) FROM identities) + "
                             "(SELECT count(*) FROM users WHERE totp_secret IS NOT NULL)")) > 0;
    return {};
  };
  TRY(store.read(count));
  return found;
}

}  // namespace

std::filesystem::path key_path_for(const std::string& db) {
  return std::filesystem::path(db + ".key");
}

ErrorOr<void> ensure_key_file(const std::string& db) {
  if (key_from_environment() != nullptr) return {};
  std::error_code error;
  if (std::filesystem::exists(key_path_for(db), error)) return {};
  return security::FieldCipher::create_key_file(key_path_for(db));
}

ErrorOr<security::FieldCipher> field_cipher_for(const std::string& db, store::CaseStore& store) {
  if (const char* encoded = key_from_environment()) {
    return security::FieldCipher::from_base64(encoded);
  }
  auto path = key_path_for(db);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    if (TRY(holds_encrypted_data(store))) {
      return Error::make("key_missing",
                         fmt::format("database {} holds encrypted fields but its key file {} is "
                                     "missing; restore it or set {}",
                                     db, path.string(), kKeyVariable),
                         path.string());
    }
    TRY(security::FieldCipher::create_key_file(path));
  }
  return security::FieldCipher::from_key_file(path);
}

}  // namespace opennrm::cli

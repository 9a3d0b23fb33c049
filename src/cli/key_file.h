#pragma once

// Where the server's field-encryption key comes from: the environment variable OPENNRM_KEY
// (base64), or else the key file next to the database (FILE.key, mode 0600), which `opennrm
// init` creates. The key never enters the database.

#include <filesystem>
#include <string>

#include "core/error.h"
#include "security/field_cipher.h"
#include "store/case_store.h"

namespace opennrm::cli {

inline constexpr const char* kKeyVariable = "OPENNRM_KEY";

// FILE.key for the database FILE.
std::filesystem::path key_path_for(const std::string& db);

// Creates the key file of a database unless OPENNRM_KEY is set or the file exists already.
ErrorOr<void> ensure_key_file(const std::string& db);

// The database's cipher. A database that holds nothing encrypted yet gets its key file now (it
// may have been made by `demo` or `import`); one that does refuses to start without its key.
ErrorOr<security::FieldCipher> field_cipher_for(const std::string& db, store::CaseStore& store);

}  // namespace opennrm::cli

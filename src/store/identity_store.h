#pragma once

// The person's identity fields (name, date of birth, contact, address, documents), kept apart
// from the case history and encrypted at rest: each field is sealed with XChaCha20-Poly1305,
// the case id and field name bound as associated data (security/field_cipher.h). A keyed blind
// index of the normalised name and date of birth lets the server warn that a new case may be a
// person it already knows, without ever storing either value in clear.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/error.h"
#include "security/field_cipher.h"
#include "store/sqlite.h"

namespace opennrm::store {

// The identity fields in the order the API documents them.
inline constexpr std::array<std::string_view, 5> kIdentityFields = {
    "name", "date_of_birth", "contact", "address", "documents"};

// Identity fields in clear, only those given; keys are names from kIdentityFields.
struct Identity {
  std::map<std::string, std::string, std::less<>> fields;
};

// Reads an identity object as the API receives it: only the known fields, each a string (null
// means absent) of at most 1000 characters, `date_of_birth` a YYYY-MM-DD date. Errors name the
// field ("identity.name") with code "invalid_field" or "unknown_field".
ErrorOr<Identity> parse_identity(const boost::json::value& value);

boost::json::object to_json(const Identity& identity);

// The blind index of the person: keyed over the normalised name and the date of birth, or
// nullopt when either is missing (a name alone would warn about every namesake).
ErrorOr<std::optional<std::string>> identity_blind_index(const security::FieldCipher& cipher,
                                                         const Identity& identity);

// Stores (or replaces) a case's identity, encrypted, with its blind index.
ErrorOr<void> store_identity(Connection& db, const security::FieldCipher& cipher, int64_t case_id,
                             const Identity& identity);

// The case's identity decrypted, or nullopt when none was recorded. A field that does not
// decrypt (altered, moved from another case, or another key) fails with "decrypt_failed".
ErrorOr<std::optional<Identity>> load_identity(Connection& db, const security::FieldCipher& cipher,
                                               int64_t case_id);

// The other cases whose person has this blind index, ascending.
ErrorOr<std::vector<int64_t>> cases_with_blind_index(Connection& db, std::string_view blind_index,
                                                     int64_t except_case_id);

}  // namespace opennrm::store

#include "store/identity_store.h"

#include <algorithm>

#include <fmt/format.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/date.h"
#include "security/identity.h"

namespace opennrm::store {

namespace {

constexpr std::size_t kMaxFieldBytes = 1000;

bool is_identity_field(std::string_view name) {
  return std::ranges::find(kIdentityFields, name) != kIdentityFields.end();
}

ErrorOr<void> check_field(std::string_view name, const boost::json::value& value) {
  std::string path = fmt::format("identity.{}", name);
  if (!is_identity_field(name)) {
    return Error::make("unknown_field",
                       fmt::format("{} is not an identity field (known: name, date_of_birth, "
                                   "contact, address, documents)",
                                   path),
                       path);
  }
  if (!value.is_string()) {
    return Error::make("invalid_field", fmt::format("{} must be a string", path), path);
  }
  const auto& text = value.as_string();
  if (text.size() > kMaxFieldBytes) {
    return Error::make("invalid_field",
                       fmt::format("{} is longer than {} bytes", path, kMaxFieldBytes), path);
  }
  if (name == "date_of_birth" && Date::parse(text).is_error()) {
    return Error::make("invalid_field", fmt::format("{} must be a date YYYY-MM-DD", path), path);
  }
  return {};
}

std::string case_key(int64_t case_id) {
  return std::to_string(case_id);
}

}  // namespace

ErrorOr<Identity> parse_identity(const boost::json::value& value) {
  if (!value.is_object()) {
    return Error::make("invalid_field", "identity must be an object of strings", "identity");
  }
  Identity identity;
  for (const auto& [key, field] : value.as_object()) {
    if (field.is_null()) continue;
    TRY(check_field(key, field));
    identity.fields.emplace(std::string(key), std::string(field.as_string()));
  }
  return identity;
}

boost::json::object to_json(const Identity& identity) {
  boost::json::object object;
  for (const auto& [key, value] : identity.fields) object[key] = value;
  return object;
}

ErrorOr<std::optional<std::string>> identity_blind_index(const security::FieldCipher& cipher,
                                                         const Identity& identity) {
  auto name = identity.fields.find("name");
  auto born = identity.fields.find("date_of_birth");
  if (name == identity.fields.end() || born == identity.fields.end()) {
    return std::optional<std::string>();
  }
  std::string normalised = TRY(security::normalise_identity(name->second));
  if (normalised.empty()) return std::optional<std::string>();
  // The date of birth was checked to be YYYY-MM-DD, so the separator cannot occur in it.
  return std::optional<std::string>(cipher.blind_index(normalised + '\n' + born->second));
}

ErrorOr<void> store_identity(Connection& db, const security::FieldCipher& cipher, int64_t case_id,
                             const Identity& identity) {
  boost::json::object sealed;
  for (const auto& [key, value] : identity.fields) {
    sealed[key] = cipher.encrypt(case_key(case_id), key, value);
  }
  auto index = TRY(identity_blind_index(cipher, identity));
  auto upsert =
      TRY(db.prepare("INSERT INTO identities (case_id, fields, blind_index) VALUES (?, ?, ?) "
                     "ON CONFLICT (case_id) DO UPDATE SET fields = excluded.fields, "
                     "blind_index = excluded.blind_index"));
  return upsert.bind(1, case_id)
      .bind(2, boost::json::serialize(sealed))
      .bind_optional(3, index)
      .run();
}

ErrorOr<std::optional<Identity>> load_identity(Connection& db, const security::FieldCipher& cipher,
                                               int64_t case_id) {
  auto select_lease = TRY(db.cached("SELECT fields FROM identities WHERE case_id = ?"));
  auto& select = *select_lease;
  select.bind(1, case_id);
  if (!TRY(select.step())) return std::optional<Identity>();
  std::string stored = select.column_text(0);
  select.reset();
  boost::system::error_code parse_error;
  auto sealed = boost::json::parse(stored, parse_error);
  if (parse_error || !sealed.is_object()) {
    return Error::make("decrypt_failed",
                       fmt::format("the stored identity of case {} is not readable", case_id),
                       "identity");
  }
  Identity identity;
  for (const auto& [key, value] : sealed.as_object()) {
    if (!value.is_string()) {
      return Error::make("decrypt_failed",
                         fmt::format("the stored identity of case {} is not readable", case_id),
                         "identity");
    }
    identity.fields.emplace(std::string(key),
                            TRY(cipher.decrypt(case_key(case_id), key, value.as_string())));
  }
  return std::optional<Identity>(std::move(identity));
}

ErrorOr<std::vector<int64_t>> cases_with_blind_index(Connection& db, std::string_view blind_index,
                                                     int64_t except_case_id) {
  auto select = TRY(db.prepare(
      "SELECT case_id FROM identities WHERE blind_index = ? AND case_id != ? ORDER BY case_id"));
  select.bind(1, blind_index).bind(2, except_case_id);
  std::vector<int64_t> cases;
  while (TRY(select.step())) cases.push_back(select.column_int(0));
  return cases;
}

}  // namespace opennrm::store

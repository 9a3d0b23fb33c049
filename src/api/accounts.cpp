#include "api/accounts.h"

#include <algorithm>

#include <fmt/format.h>

#include "rules/vocabulary.h"
#include "security/secret.h"
#include "security/totp.h"
#include "store/audit_log.h"

namespace opennrm::api {

namespace {

using store::Connection;

constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMaxUsernameBytes = 64;
// A session's last use is written at most this often, so reading is not a write every time.
constexpr int64_t kTouchSeconds = 30;
constexpr std::string_view kTotpField = "totp_secret";

std::string user_object(int64_t user_id) {
  return fmt::format("user:{}", user_id);
}

std::string totp_binding(std::string_view username) {
  return fmt::format("user:{}", username);
}

bool valid_username(std::string_view username) {
  if (username.empty() || username.size() > kMaxUsernameBytes) return false;
  return std::all_of(username.begin(), username.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-' || c == '@';
  });
}

Error invalid_credentials() {
  return Error::make("invalid_credentials", "Wrong username or password.");
}

}  // namespace

SecondFactor second_factor_for(std::string_view username, const security::Bytes& secret) {
  return SecondFactor{security::base32_encode(secret),
                      security::otpauth_uri("OpenNRM", username, secret)};
}

std::string generate_password() {
  // No 0/o, 1/l/i: the password is read from a screen and typed.
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string password;
  for (unsigned char byte : security::random_bytes(20)) {
    if (!password.empty() && password.size() % 5 == 4) password += '-';
    // 256 is not a multiple of 31; the bias this leaves is below 1% per character.
    password += kAlphabet[byte % kAlphabet.size()];
  }
  return password;
}

std::size_t hash_slots_for(unsigned threads) {
  return std::clamp<std::size_t>(threads, 2, 5) - 1;
}

ErrorOr<std::unique_ptr<Accounts>> Accounts::make(AppContext& context, AuthSettings settings) {
  if (!settings.common_passwords) {
    auto list = TRY(security::CommonPasswords::load());
    settings.common_passwords = std::make_shared<security::CommonPasswords>(std::move(list));
  }
  return std::make_unique<Accounts>(context, std::move(settings));
}

Accounts::Accounts(AppContext& context, AuthSettings settings)
    : context_(context),
      settings_(std::move(settings)),
      lockout_(settings_.lockout),
      rate_limiter_(settings_.login_rate),
      hash_slots_(settings_.hash_slots) {}

const std::string& Accounts::dummy_hash() {
  std::call_once(dummy_hash_made_, [&] {
    // A hash that cannot be made leaves the string empty, which never verifies: the answer is
    // still "wrong username or password", only quicker.
    auto made = security::hash_password(security::random_token(), settings_.password_cost);
    if (!made.is_error()) dummy_hash_ = made.release_value();
  });
  return dummy_hash_;
}

std::string Accounts::now_text() const {
  return store::utc_timestamp(context_.clock.now());
}

security::ThrottleTime Accounts::throttle_now() const {
  // The throttles count on the context's clock too, so tests can move time for them.
  return security::ThrottleTime(std::chrono::duration_cast<security::ThrottleClock::duration>(
      context_.clock.now().time_since_epoch()));
}

int64_t Accounts::unix_now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(context_.clock.now().time_since_epoch())
      .count();
}

ErrorOr<SignedIn> Accounts::signed_in(const store::SessionOwner& owner, bool via_cookie) {
  const store::Account& account = owner.account;
  auto role = access::parse_role(account.role);
  if (!role || !owner.agency_type) {
    return Error::make("corrupt_account", "an account has an unknown role or agency");
  }
  Principal principal{
      account.id,     account.username,         *role,     account.agency_id, *owner.agency_type,
      account.locale, owner.session.csrf_token, via_cookie};
  return SignedIn{std::move(principal), CurrentSession{owner.session.token_hash}};
}

ErrorOr<std::optional<SignedIn>> Accounts::authenticate(std::string_view token, bool via_cookie) {
  if (token.empty() || token.size() > 256) return std::optional<SignedIn>();
  std::string hash = security::token_hash(token);
  int64_t now = unix_now();
  std::optional<store::SessionOwner> owner;
  auto lookup = [&](Connection& db) -> ErrorOr<void> {
    owner = TRY(store::find_session_owner(db, hash));
    return {};
  };
  TRY(context_.store.read(lookup));
  if (!owner || owner->session.revoked || owner->account.disabled) {
    return std::optional<SignedIn>();
  }
  std::optional<SignedIn> result = TRY(signed_in(*owner, via_cookie));
  const store::Session& session = owner->session;
  bool idle = now - session.last_seen_at >= settings_.session_idle.count();
  bool too_old = now - session.created_at >= settings_.session_absolute.count();
  if (idle || too_old) {
    auto expire = [&](Connection& db) -> ErrorOr<void> {
      TRY(store::revoke_session(db, hash));
      return store::append_audit(db,
                                 {result->principal.username, "session.expired",
                                  user_object(session.user_id), idle ? "idle" : "absolute"},
                                 now_text());
    };
    TRY(context_.store.transact(expire));
    return std::optional<SignedIn>();
  }
  if (now - session.last_seen_at >= kTouchSeconds) {
    TRY(context_.store.transact(
        [&](Connection& db) { return store::touch_session(db, hash, now); }));
  }
  return result;
}

Error Accounts::refused(std::string_view actor, Error error) {
  auto audited = context_.store.transact([&](Connection& db) {
    return store::append_audit(db, {std::string(actor), "login.failure", "-", error.code},
                               now_text());
  });
  if (audited.is_error()) return audited.release_error();
  return error;
}

ErrorOr<NewSession> Accounts::sign_in(const Credentials& credentials) {
  auto decision = rate_limiter_.try_attempt(credentials.address, throttle_now());
  if (!decision.allowed) {
    return refused("-", Error::make("rate_limited", "Too many sign-in attempts; try again later.",
                                    std::to_string(decision.retry_after.count())));
  }
  if (auto until = lockout_.locked_until(credentials.username, throttle_now())) {
    auto wait = std::chrono::ceil<std::chrono::seconds>(*until - throttle_now());
    return refused("-", Error::make("account_locked",
                                    "Too many failed sign-ins for this account; try again later.",
                                    std::to_string(wait.count())));
  }
  if (credentials.password.size() > kMaxPasswordBytes) {
    return Error::make("invalid_field", "password is too long", "password");
  }
  std::optional<store::Account> account;
  if (valid_username(credentials.username)) {
    auto lookup = [&](Connection& db) -> ErrorOr<void> {
      account = TRY(store::find_account(db, credentials.username));
      return {};
    };
    TRY(context_.store.read(lookup));
  }
  bool usable = account && !account->disabled;
  bool password_ok = false;
  {
    auto slot = hash_slots_.try_acquire();
    if (!slot) {
      return refused("-",
                     Error::make("busy", "The server is busy signing others in; retry shortly."));
    }
    password_ok = security::verify_password(credentials.password,
                                            usable ? account->password_hash : dummy_hash());
  }
  if (!usable || !password_ok) {
    lockout_.record_failure(credentials.username, throttle_now());
    return refused(usable ? account->username : "-", invalid_credentials());
  }
  auto role = access::parse_role(account->role);
  std::optional<int64_t> totp_step;
  if ((role && access::requires_second_factor(*role)) || account->totp_secret) {
    if (!credentials.totp || credentials.totp->empty()) {
      // `totp_required` tells the caller the password was right, so each such answer counts as
      // a failure: guessing the password of a two-factor account is bounded by the lockout as
      // for every other account. A complete sign-in clears the count.
      lockout_.record_failure(credentials.username, throttle_now());
      return refused(account->username,
                     Error::make("totp_required", "This account needs a one-time code.", "totp"));
    }
    auto verified = verify_second_factor(*account, *credentials.totp);
    if (verified.is_error()) {
      lockout_.record_failure(credentials.username, throttle_now());
      return refused(account->username, invalid_credentials());
    }
    totp_step = *verified;
  }
  lockout_.record_success(credentials.username);

  NewSession created{security::random_token(), security::random_token(),
                     context_.clock.now() + settings_.session_absolute};
  int64_t now = unix_now();
  store::Session session{
      security::token_hash(created.token), account->id, created.csrf_token, now, now, false};
  auto stored = context_.store.transact([&](Connection& db) -> ErrorOr<void> {
    if (totp_step) {
      // Checked again under the writer lock, so two sign-ins racing with one code cannot
      // both succeed.
      auto fresh = TRY(store::account_by_id(db, account->id));
      if (!fresh || (fresh->totp_last_step && *fresh->totp_last_step >= *totp_step)) {
        return invalid_credentials();
      }
      TRY(store::set_totp_last_step(db, account->id, *totp_step));
    }
    TRY(store::delete_dead_sessions(db, now - settings_.session_idle.count()));
    TRY(store::insert_session(db, session));
    TRY(store::append_audit(db,
                            {account->username, "login.success", user_object(account->id),
                             totp_step ? "password+totp" : "password"},
                            now_text()));
    return {};
  });
  if (stored.is_error()) {
    if (stored.error().code == "invalid_credentials") {
      return refused(account->username, stored.release_error());
    }
    return stored.release_error();
  }
  return created;
}

ErrorOr<int64_t> Accounts::verify_second_factor(const store::Account& account,
                                                std::string_view code) {
  if (!account.totp_secret) return invalid_credentials();
  auto secret_text = TRY(
      context_.cipher.decrypt(totp_binding(account.username), kTotpField, *account.totp_secret));
  auto secret = security::base32_decode(secret_text);
  if (!secret) return Error::make("corrupt_account", "a second-factor secret is unreadable");
  int64_t now = unix_now();
  auto step = security::verify_totp(*secret, code, now, account.totp_last_step);
  if (!step) return invalid_credentials();
  return *step;
}

ErrorOr<void> Accounts::sign_out(const Principal& principal, const CurrentSession& session) {
  return context_.store.transact([&](Connection& db) -> ErrorOr<void> {
    TRY(store::revoke_session(db, session.token_hash));
    return store::append_audit(
        db, {principal.username, "logout", user_object(principal.user_id), "-"}, now_text());
  });
}

ErrorOr<std::string> Accounts::hash_new_password(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return Error::make("invalid_field", "password is too long", "password");
  }
  TRY(security::check_password_policy(password, *settings_.common_passwords));
  auto slot = hash_slots_.try_acquire();
  if (!slot) return Error::make("busy", "The server is busy; retry shortly.");
  return security::hash_password(password, settings_.password_cost);
}

ErrorOr<CreatedUser> Accounts::create_user(const NewUser& user, std::string_view actor) {
  if (!valid_username(user.username)) {
    return Error::make("invalid_field", "username must be 1 to 64 letters, digits or . _ - @",
                       "username");
  }
  auto role = access::parse_role(user.role);
  if (!role) return Error::make("invalid_field", "role is not a known role id", "role");
  std::string hash = TRY(hash_new_password(user.password));

  CreatedUser created;
  store::Account account;
  account.username = user.username;
  account.agency_id = user.agency_id;
  account.role = user.role;
  account.password_hash = std::move(hash);
  account.created_at = now_text();
  if (access::requires_second_factor(*role)) {
    created.totp_secret = security::generate_totp_secret();
    account.totp_secret = context_.cipher.encrypt(totp_binding(user.username), kTotpField,
                                                  security::base32_encode(*created.totp_secret));
  }
  auto store_agency = [&](Connection& db) -> ErrorOr<void> {
    if (!TRY(store::agency_of(db, user.agency_id))) {
      return Error::make("invalid_field", "agency_id names no agency", "agency_id");
    }
    created.id = TRY(store::insert_account(db, account));
    return store::append_audit(
        db, {std::string(actor), "user.create", user_object(created.id), user.role}, now_text());
  };
  TRY(context_.store.transact(store_agency));
  return created;
}

ErrorOr<int64_t> Accounts::create_agency(std::string_view name, std::string_view type,
                                         std::string_view actor) {
  if (name.empty() || name.size() > 200) {
    return Error::make("invalid_field", "name must be 1 to 200 bytes long", "name");
  }
  if (!rules::in_vocabulary(rules::kAgencyTypes, type)) {
    return Error::make("invalid_field", "type is not an agency_type of the rulebook", "type");
  }
  int64_t id = 0;
  auto store_user = [&](Connection& db) -> ErrorOr<void> {
    id = TRY(store::insert_agency(db, name, type, now_text()));
    return store::append_audit(
        db, {std::string(actor), "agency.create", fmt::format("agency:{}", id), std::string(type)},
        now_text());
  };
  TRY(context_.store.transact(store_user));
  return id;
}

ErrorOr<security::Bytes> Accounts::reset_second_factor(int64_t user_id, std::string_view actor) {
  security::Bytes secret = security::generate_totp_secret();
  auto store_secret = [&](Connection& db) -> ErrorOr<void> {
    auto account = TRY(store::account_by_id(db, user_id));
    if (!account) return Error::make("not_found", "no such user", "user_id");
    TRY(store::set_totp_secret(db, user_id,
                               context_.cipher.encrypt(totp_binding(account->username), kTotpField,
                                                       security::base32_encode(secret))));
    TRY(store::revoke_sessions_of(db, user_id));
    return store::append_audit(
        db, {std::string(actor), "user.second_factor_reset", user_object(user_id), "-"},
        now_text());
  };
  TRY(context_.store.transact(store_secret));
  return secret;
}

}  // namespace opennrm::api

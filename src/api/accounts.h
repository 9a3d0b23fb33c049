#pragma once

// Accounts and sessions: signing in (password, lockout, rate limit, second factor), the
// session behind a token, and creating accounts. The HTTP routes (sessions.cpp, admin.cpp), the
// authentication middleware (app.cpp) and `opennrm user add` all go through this one place.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/context.h"
#include "core/error.h"
#include "security/encoding.h"
#include "security/password.h"
#include "security/throttle.h"
#include "store/account_store.h"

namespace opennrm::api {

struct AuthSettings {
  std::chrono::seconds session_idle = std::chrono::minutes(30);
  std::chrono::seconds session_absolute = std::chrono::hours(12);
  security::LockoutSettings lockout;
  security::RateLimitSettings login_rate;
  // Concurrent argon2id hashes (64 MiB each); sign-ins beyond this get 503. A hash holds its
  // server thread throughout, so the server sets this by hash_slots_for().
  std::size_t hash_slots = 4;
  // The argon2id work factors of new password hashes (tests lower them to sign in quickly).
  security::PasswordCost password_cost = security::PasswordCost::interactive();
  // The list new passwords are checked against; null loads Debian's john list.
  std::shared_ptr<const security::CommonPasswords> common_passwords;
};

// The hash slots for a server of `threads` threads: at most 4, and one fewer than the threads
// (at least one), so that a flood of sign-ins leaves a thread to answer everyone else.
std::size_t hash_slots_for(unsigned threads);

// What the authentication middleware attaches besides the Principal: which session it is.
struct CurrentSession {
  std::string token_hash;
};

struct SignedIn {
  Principal principal;
  CurrentSession session;
};

struct Credentials {
  std::string username;
  std::string password;
  std::optional<std::string> totp;
  std::string address;  // The client's IP address, for the rate limit.
};

// A successful sign-in: the token is shown to the client once, and only its hash is stored.
struct NewSession {
  std::string token;
  std::string csrf_token;
  std::chrono::system_clock::time_point expires_at;
};

struct NewUser {
  std::string username;
  int64_t agency_id = 0;
  std::string role;
  std::string password;
};

struct CreatedUser {
  int64_t id = 0;
  // The second-factor secret, for roles that need one: shown to its holder once.
  std::optional<security::Bytes> totp_secret;
};

// A secret the account's holder enters in an authenticator app.
struct SecondFactor {
  std::string secret_base32;
  std::string otpauth_uri;
};
SecondFactor second_factor_for(std::string_view username, const security::Bytes& secret);

// A random password of 24 characters (about 99 bits) that is easy to type.
std::string generate_password();

class Accounts {
 public:
  // Errors when settings.common_passwords is null and the default list cannot be read.
  static ErrorOr<std::unique_ptr<Accounts>> make(AppContext& context, AuthSettings settings);

  const AuthSettings& settings() const { return settings_; }

  // The session of a token, when it exists, is neither revoked nor expired, and its account is
  // enabled; it also notes the session's use (idle timeout). An expired session is revoked.
  ErrorOr<std::optional<SignedIn>> authenticate(std::string_view token, bool via_cookie);

  // Signs in. Errors (code): "rate_limited" (field = seconds to wait), "busy", "account_locked"
  // (field = seconds to wait), "invalid_credentials", "totp_required"; each is audited.
  ErrorOr<NewSession> sign_in(const Credentials& credentials);
  // Revokes the session (logout) and audits it.
  ErrorOr<void> sign_out(const Principal& principal, const CurrentSession& session);

  // Checks and creates an account (password policy, role, agency, username), with a second
  // factor for roles that need one, and audits it as done by `actor`.
  ErrorOr<CreatedUser> create_user(const NewUser& user, std::string_view actor);
  // Checks (name not empty, type an agency_type of the rulebook) and creates an agency.
  ErrorOr<int64_t> create_agency(std::string_view name, std::string_view type,
                                 std::string_view actor);
  // Gives the account a new second-factor secret and revokes its sessions.
  ErrorOr<security::Bytes> reset_second_factor(int64_t user_id, std::string_view actor);

  // UTC text of the context clock's current time, for audit records and timestamps.
  std::string now_text() const;

  Accounts(AppContext& context, AuthSettings settings);

 private:
  static ErrorOr<SignedIn> signed_in(const store::SessionOwner& owner, bool via_cookie);
  // The time step of a valid, unused code.
  ErrorOr<int64_t> verify_second_factor(const store::Account& account, std::string_view code);
  ErrorOr<std::string> hash_new_password(std::string_view password);
  security::ThrottleTime throttle_now() const;
  int64_t unix_now() const;
  // Audits a refused sign-in and gives back the error for the client.
  Error refused(std::string_view actor, Error error);

  AppContext& context_;
  AuthSettings settings_;
  security::AccountLockout lockout_;
  security::AddressRateLimiter rate_limiter_;
  security::HashSlots hash_slots_;
  // What a failed password check costs when there is no account to check against, so that the
  // answer's timing does not tell whether the account exists. Made at the first such check,
  // so that commands which never sign anyone in do not pay for a hash.
  const std::string& dummy_hash();
  std::once_flag dummy_hash_made_;
  std::string dummy_hash_;
};

}  // namespace opennrm::api

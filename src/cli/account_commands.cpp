// `agency add`, `user add` and `audit verify`: setting up a server's agencies and accounts from
// the command line, and checking the audit log's hash chain.

#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "api/accounts.h"
#include "cli/commands.h"
#include "cli/key_file.h"
#include "cli/store_cli.h"
#include "store/audit_log.h"

namespace opennrm::cli {

namespace {

using store_cli::fail;

// Who the audit log names for what the command line does.
constexpr std::string_view kCommandLineActor = "cli";

struct AccountOptions {
  std::string db;
  std::string name;
  std::string type;
  std::string username;
  int64_t agency_id = 0;
  std::string role;
  bool generate_password = false;
};

// Runs `work` with the accounts service over the database's store.
template <typename Work>
int with_accounts(const std::string& db, Work work) {
  auto run = [&]() -> ErrorOr<int> {
    auto store = TRY(store_cli::open_initialised(db));
    auto cipher = TRY(field_cipher_for(db, store));
    SystemClock clock;
    api::AppContext context{store, access::PermissionMatrix::shipped(), cipher, clock};
    auto accounts = TRY(api::Accounts::make(context, api::AuthSettings{}));
    return work(*accounts);
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

int add_agency(const AccountOptions& options) {
  return with_accounts(options.db, [&](api::Accounts& accounts) -> ErrorOr<int> {
    int64_t id = TRY(accounts.create_agency(options.name, options.type, kCommandLineActor));
    std::cout << id << "\n";
    return 0;
  });
}

// The password from standard input: its first line, without the line break.
std::string password_from_stdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Standard output gets only the secrets, one a line, so that scripts can read them; standard
// error says what they are.
int add_user(const AccountOptions& options) {
  return with_accounts(options.db, [&](api::Accounts& accounts) -> ErrorOr<int> {
    api::NewUser user{options.username, options.agency_id, options.role,
                      options.generate_password ? api::generate_password() : password_from_stdin()};
    auto created = TRY(accounts.create_user(user, kCommandLineActor));
    std::cerr << fmt::format("Created user {} ({}) in agency {}.\n", created.id, options.role,
                             options.agency_id);
    if (options.generate_password) {
      std::cerr << "Password (shown once):\n";
      std::cout << user.password << "\n" << std::flush;
    }
    if (created.totp_secret) {
      auto factor = api::second_factor_for(user.username, *created.totp_secret);
      std::cerr << "Second-factor secret and otpauth URI for an authenticator app (shown once):\n";
      std::cout << factor.secret_base32 << "\n" << factor.otpauth_uri << "\n" << std::flush;
    }
    return 0;
  });
}

int verify_audit_log(const AccountOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    auto store = TRY(store::CaseStore::open(options.db, store::CaseStore::Create::never));
    std::optional<security::ChainBreak> broken;
    std::size_t records = 0;
    auto verify = [&](store::Connection& db) -> ErrorOr<void> {
      broken = TRY(store::verify_audit(db));
      records = TRY(store::read_audit(db)).size();
      return {};
    };
    TRY(store.read(verify));
    if (broken) {
      std::cout << fmt::format("audit log broken at record {}: {}\n", broken->seq, broken->reason);
      return 1;
    }
    std::cout << fmt::format("audit log intact: {} records\n", records);
    return 0;
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

}  // namespace

void add_account_commands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<AccountOptions>();

  auto* agency = app.add_subcommand("agency", "Agencies of the server");
  agency->require_subcommand(1);
  auto* agency_add = agency->add_subcommand("add", "Add an agency and print its id");
  agency_add->add_option("--db", options->db, "Database file")->required();
  agency_add->add_option("--name", options->name, "Agency name")->required();
  agency_add->add_option("--type", options->type, "agency_type of the rulebook")->required();
  agency_add->callback([options, &exit_code] { exit_code = add_agency(*options); });

  auto* user = app.add_subcommand("user", "User accounts of the server");
  user->require_subcommand(1);
  auto* user_add =
      user->add_subcommand("add", "Add an account; the password is read from standard input");
  user_add->add_option("--db", options->db, "Database file")->required();
  user_add->add_option("--username", options->username, "Username")->required();
  user_add->add_option("--agency", options->agency_id, "Agency id")->required();
  user_add->add_option("--role", options->role, "Role id")->required();
  user_add->add_flag("--generate-password", options->generate_password,
                     "Generate a password and print it (once)");
  user_add->callback([options, &exit_code] { exit_code = add_user(*options); });

  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Check the audit log's hash chain; exit 1 naming the first bad record");
  verify->add_option("--db", options->db, "Database file")->required();
  verify->callback([options, &exit_code] { exit_code = verify_audit_log(*options); });
}

}  // namespace opennrm::cli

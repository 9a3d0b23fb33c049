#include "test_server.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/app.h"
#include "policy/policy.h"
#include "security/secret.h"
#include "security/totp.h"

namespace opennrm::api::testing {

namespace {

template <typename T>
T must(ErrorOr<T> result, std::string_view doing) {
  if (result.is_error()) {
    throw std::runtime_error(std::string(doing) + ": " + result.error().message);
  }
  return result.release_value();
}

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "opennrm-api-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a temp dir");
  return pattern;
}

// Role, agency type of its account.
constexpr std::pair<access::Role, std::string_view> kAccounts[] = {
    {access::Role::frontline_officer, "police"}, {access::Role::caseworker, "ngo"},
    {access::Role::supervisor, "police"},        {access::Role::immigration_officer, "immigration"},
    {access::Role::prosecutor, "prosecution"},   {access::Role::coordinator, "coordinator"},
    {access::Role::rapporteur, "rapporteur"},    {access::Role::admin, "other"},
};

constexpr std::string_view kAgencyTypes[] = {
    "police",     "ngo",   "immigration",     "prosecution",      "coordinator",
    "rapporteur", "other", "social_services", "child_protection", "border_guard"};

}  // namespace

Reply Client::request(std::string_view method, std::string_view target, std::string body,
                      const HeaderList& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!connection_) connection_ = std::make_unique<http::testing::TestClient>(port_);
    if (auto reply = connection_->request(method, target, body, headers)) {
      if (!reply->keep_alive()) connection_.reset();
      return std::move(*reply);
    }
    connection_.reset();  // The server closed the kept-alive connection; try a new one.
  }
  throw std::runtime_error("no reply from the test server");
}

Reply Client::call(std::string_view method, std::string_view target, std::string_view token,
                   std::string body) {
  HeaderList headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + std::string(token));
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  return request(method, target, std::move(body), headers);
}

TestServer::TestServer(TestServerOptions options)
    : dir_(make_temp_dir()),
      db_path_(dir_ + "/test.db"),
      clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1'767'225'600))) {
  store_ = std::make_unique<store::CaseStore>(must(store::CaseStore::open(db_path_), "open"));
  must(store_->initialise(policy::coe_minimum()), "initialise");
  cipher_ = std::make_unique<security::FieldCipher>(must(
      security::FieldCipher::from_base64(security::to_base64(security::random_bytes(32))), "key"));
  context_ = std::make_unique<AppContext>(
      AppContext{*store_, access::PermissionMatrix::shipped(), *cipher_, clock_});
  accounts_ = std::shared_ptr<Accounts>(must(Accounts::make(*context_, options.auth), "accounts"));
  for (auto type : kAgencyTypes) {
    agencies_[std::string(type)] =
        must(accounts_->create_agency(std::string(type) + " agency", type, "test"), "agency");
  }
  for (const auto& [role, type] : kAccounts) {
    accounts_by_role_[role] = add_account(access::role_id(role), role, agency_id(type));
  }
  http::ServerOptions server_options;
  server_options.listen = "127.0.0.1:0";
  server_ = must(http::Server::start(server_options, make_router(*context_, accounts_)), "start");
  client_ = Client(port());
}

TestServer::~TestServer() {
  server_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

int64_t TestServer::agency_id(std::string_view type) const {
  auto found = agencies_.find(type);
  if (found == agencies_.end()) throw std::invalid_argument("no test agency of that type");
  return found->second;
}

const TestAccount& TestServer::account(access::Role role) const {
  return accounts_by_role_.at(role);
}

TestAccount TestServer::add_account(std::string_view username, access::Role role, int64_t agency) {
  TestAccount account;
  account.username = std::string(username);
  account.password = generate_password();
  account.role = role;
  account.agency_id = agency;
  auto created = must(
      accounts_->create_user(
          {account.username, agency, std::string(access::role_id(role)), account.password}, "test"),
      "create user");
  account.user_id = created.id;
  account.totp_secret = created.totp_secret;
  return account;
}

std::string TestServer::totp_code(const TestAccount& account) const {
  if (!account.totp_secret) throw std::invalid_argument("account has no second factor");
  auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch());
  return security::totp_code(*account.totp_secret, now.count());
}

Reply TestServer::sign_in(const TestAccount& account) {
  boost::json::object body{{"username", account.username}, {"password", account.password}};
  if (account.totp_secret) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch());
    auto& last = last_totp_step_[account.user_id];
    if (security::totp_step(now.count()) <= last) {
      clock_.advance(std::chrono::seconds(security::kTotpStepSeconds));
    }
    last = security::totp_step(
        std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count());
    body["totp"] = totp_code(account);
  }
  return client_.call("POST", "/api/v1/sessions", "", boost::json::serialize(body));
}

std::string TestServer::login(const TestAccount& account) {
  auto reply = sign_in(account);
  if (reply.result_int() != 201) {
    throw std::runtime_error("test sign-in failed: " + std::to_string(reply.result_int()) + " " +
                             reply.body());
  }
  return std::string(json(reply).at("token").as_string());
}

std::string TestServer::login(access::Role role) {
  return login(account(role));
}

boost::json::value TestServer::json(const Reply& reply) {
  boost::system::error_code error;
  auto value = boost::json::parse(reply.body(), error);
  return error ? boost::json::value() : value;
}

std::optional<std::string> set_cookie(const Reply& reply, std::string_view name) {
  for (const auto& field : reply) {
    if (field.name_string() != "Set-Cookie" && field.name_string() != "set-cookie") continue;
    std::string_view value = field.value();
    std::string prefix = std::string(name) + "=";
    if (!value.starts_with(prefix)) continue;
    value.remove_prefix(prefix.size());
    return std::string(value.substr(0, value.find(';')));
  }
  return std::nullopt;
}

}  // namespace opennrm::api::testing

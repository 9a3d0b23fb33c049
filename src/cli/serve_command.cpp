// `opennrm serve`: the multi-agency server over a database, until SIGTERM or SIGINT, which let
// requests in flight finish.

#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "api/accounts.h"
#include "api/app.h"
#include "cli/commands.h"
#include "cli/key_file.h"
#include "cli/store_cli.h"
#include "http/server.h"

namespace opennrm::cli {

namespace {

struct ServeOptions {
  std::string db;
  http::ServerOptions server;
  int session_idle_minutes = 30;
  int session_max_hours = 12;
};

ErrorOr<int> serve(const ServeOptions& options) {
  if (options.session_idle_minutes <= 0 || options.session_max_hours <= 0) {
    return Error::make("invalid_option", "session timeouts must be positive", "session");
  }
  // Logs go to standard error: standard output is for the line that says where to connect.
  spdlog::set_default_logger(spdlog::stderr_color_mt("opennrm"));
  auto store = TRY(store_cli::open_initialised(options.db));
  auto cipher = TRY(field_cipher_for(options.db, store));
  SystemClock clock;
  api::AppContext context{store, access::PermissionMatrix::shipped(), cipher, clock};
  api::AuthSettings settings;
  settings.session_idle = std::chrono::minutes(options.session_idle_minutes);
  settings.session_absolute = std::chrono::hours(options.session_max_hours);
  settings.hash_slots = api::hash_slots_for(options.server.threads);
  std::shared_ptr<api::Accounts> accounts = TRY(api::Accounts::make(context, settings));
  auto server = TRY(http::Server::start(options.server, api::make_router(context, accounts)));
  server->stop_on_signals();
  // The first line says where to connect, so scripts and tests can read the port.
  std::cout << fmt::format("OpenNRM listening on {}://{}:{}\n", server->is_tls() ? "https" : "http",
                           options.server.listen.substr(0, options.server.listen.rfind(':')),
                           server->port())
            << std::flush;
  server->wait();
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  auto* command = app.add_subcommand("serve", "Run the server (HTTP JSON API) over a database");
  command->add_option("--db", options->db, "Database file")->required();
  command->add_option("--listen", options->server.listen, "HOST:PORT (default 127.0.0.1:8080)");
  command->add_option("--tls-cert", options->server.tls_cert, "TLS certificate (PEM)");
  command->add_option("--tls-key", options->server.tls_key, "TLS private key (PEM)");
  command
      ->add_option("--threads", options->server.threads,
                   "Threads that serve requests (default twice the cores)")
      ->check(CLI::Range(1, 256));
  command->add_option("--session-idle", options->session_idle_minutes,
                      "Minutes of inactivity that end a session (default 30)");
  command->add_option("--session-max", options->session_max_hours,
                      "Hours after which a session ends in any case (default 12)");
  command->callback([options, &exit_code] {
    auto result = serve(*options);
    exit_code = result.is_error() ? store_cli::fail(result.error()) : *result;
  });
}

}  // namespace opennrm::cli

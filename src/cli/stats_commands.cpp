// `stats` (statistics.md command-line contract) and `export htcds`: what leaves the database in
// aggregate tables for the national rapporteur, and case records in the HTCDS field names for
// agencies exchanging data.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/store_cli.h"
#include "stats/database_tables.h"
#include "stats/disclosure.h"
#include "stats/htcds_export.h"
#include "stats/population.h"
#include "stats/render.h"
#include "stats/victim_tables.h"

namespace opennrm::cli {

namespace {

using store_cli::fail;

struct StatsOptions {
  std::string db;
  std::string table;
  std::string status = "registered";
  std::string from;
  std::string to;
  std::string threshold;
  std::string round;
  std::string population;
  std::string format = "json";
  std::string out;
  bool raw = false;
  // The options given on the command line, to tell "not given" from any value.
  const CLI::Option* from_given = nullptr;
  const CLI::Option* to_given = nullptr;
  const CLI::Option* threshold_given = nullptr;
  const CLI::Option* round_given = nullptr;
};

bool given(const CLI::Option* option) {
  return option != nullptr && option->count() > 0;
}

ErrorOr<std::optional<int>> year_option(const CLI::Option* option, const std::string& text,
                                        std::string_view name) {
  if (!given(option)) return std::optional<int>();
  auto year = stats::parse_year(text);
  if (!year) {
    return Error::make("invalid_year", fmt::format("{}: '{}' is not a year (YYYY)", name, text),
                       std::string(name));
  }
  return year;
}

// A whole number from 1 to a billion.
ErrorOr<int64_t> positive_option(const std::string& text, std::string_view name,
                                 std::string_view meaning) {
  const bool digits = !text.empty() && text.size() <= 10 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  const int64_t value = digits ? std::stoll(text) : 0;
  if (value < 1 || value > 1'000'000'000) {
    return Error::make(
        "invalid_option",
        fmt::format("{}: '{}' is not {} (a whole number from 1)", name, text, meaning),
        std::string(name));
  }
  return value;
}

// Writes `content` to `path` through a temporary file in the same directory, so that the file
// appears only when complete.
ErrorOr<void> write_file_atomically(const std::string& path,
                                    const std::function<void(std::ostream&)>& content) {
  const std::string partial = path + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (file) content(file);
    file.flush();
    if (!file) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      return Error::make("write_failed", fmt::format("cannot write {}", path), path);
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) {
    std::filesystem::remove(partial, error);
    return Error::make("write_failed", fmt::format("cannot write {}", path), path);
  }
  return {};
}

struct CheckedStats {
  stats::TableRequest request;
  std::optional<stats::DisclosureOptions> disclosure;  // Absent for --raw.
  std::optional<stats::Population> population;
};

// Checks every option before the database is opened.
ErrorOr<CheckedStats> check_stats_options(const StatsOptions& options) {
  CheckedStats checked;
  checked.request.table_id = options.table;
  TRY(stats::table_builder(options.table, stats::VictimStatus::registered, {}, {}));
  if (options.format != "json" && options.format != "csv" && options.format != "xlsx") {
    return Error::make("invalid_format", "--format must be json, csv or xlsx", "format");
  }
  if (options.format == "xlsx" && options.out.empty()) {
    return Error::make("invalid_option", "--format xlsx needs --out FILE (a workbook is binary)",
                       "out");
  }
  if (options.status != "registered" && options.status != "identified") {
    return Error::make("invalid_option", "--status must be registered or identified", "status");
  }
  checked.request.status = options.status == "identified" ? stats::VictimStatus::identified
                                                          : stats::VictimStatus::registered;
  checked.request.from_year = TRY(year_option(options.from_given, options.from, "--from"));
  checked.request.to_year = TRY(year_option(options.to_given, options.to, "--to"));
  TRY(stats::year_range(checked.request.from_year, checked.request.to_year, {}, {}));
  if (options.raw) {
    if (given(options.threshold_given) || given(options.round_given)) {
      return Error::make("invalid_option",
                         "--raw publishes counts without disclosure control; it cannot be "
                         "combined with --threshold or --round",
                         "raw");
    }
  } else {
    stats::DisclosureOptions disclosure;
    if (given(options.threshold_given)) {
      disclosure.threshold = TRY(positive_option(options.threshold, "--threshold", "a threshold"));
    }
    if (given(options.round_given)) {
      disclosure.round_to = TRY(positive_option(options.round, "--round", "a rounding base"));
    }
    checked.disclosure = disclosure;
  }
  if (!options.population.empty()) {
    checked.population = TRY(stats::load_population_csv(options.population));
  }
  return checked;
}

int run_stats(const StatsOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    const CheckedStats checked = TRY(check_stats_options(options));
    auto store = TRY(store_cli::open_initialised(options.db));
    const std::string country = store.policy().jurisdiction.country;
    std::optional<ErrorOr<stats::Table>> queried;
    TRY(store.read([&](store::Connection& db) -> ErrorOr<void> {
      queried = stats::query_table(db, checked.request, country,
                                   checked.population ? &*checked.population : nullptr);
      return {};
    }));
    const stats::Table table = TRY(std::move(*queried));
    stats::PublishedTable published;
    if (checked.disclosure) {
      published = TRY(stats::apply_disclosure_control(table, *checked.disclosure));
    } else {
      published = stats::publish_raw(table);
    }
    if (options.format == "xlsx") {
      TRY(stats::write_xlsx(published, options.out));
      return 0;
    }
    const std::string text = options.format == "csv" ? stats::render_csv(published)
                                                     : stats::render_json(published) + "\n";
    if (options.out.empty()) {
      std::cout << text;
    } else {
      TRY(write_file_atomically(options.out, [&](std::ostream& out) { out << text; }));
    }
    return 0;
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

struct ExportOptions {
  std::string db;
  std::string out;
  std::string format = "csv";
};

// Writes the export to standard output, or to `path` only when it is complete.
ErrorOr<void> write_htcds(store::Connection& db, stats::HtcdsFormat format,
                          const std::string& path) {
  if (path.empty()) {
    TRY(stats::export_htcds(db, format, std::cout));
    return {};
  }
  ErrorOr<std::size_t> written = std::size_t{0};
  auto file_written = write_file_atomically(path, [&](std::ostream& out) {
    written = stats::export_htcds(db, format, out);
    // A failed export leaves the stream failed, so that no file appears.
    if (written.is_error()) out.setstate(std::ios::failbit);
  });
  // The export's own error says more than the failed write it caused.
  TRY(written);
  return file_written;
}

int run_export_htcds(const ExportOptions& options) {
  auto run = [&]() -> ErrorOr<int> {
    if (options.format != "csv" && options.format != "json") {
      return Error::make("invalid_format", "--format must be csv or json", "format");
    }
    const auto format =
        options.format == "json" ? stats::HtcdsFormat::json : stats::HtcdsFormat::csv;
    auto store = TRY(store_cli::open_initialised(options.db));
    TRY(store.read([&](store::Connection& db) { return write_htcds(db, format, options.out); }));
    return 0;
  };
  auto result = run();
  return result.is_error() ? fail(result.error()) : *result;
}

}  // namespace

void add_stats_commands(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<StatsOptions>();
  auto* stats_command = app.add_subcommand(
      "stats", "A statistics table for the national rapporteur, with disclosure control");
  stats_command->add_option("--db", options->db, "Database file")->required();
  stats_command
      ->add_option("--table", options->table,
                   "Table id: victims_by_sex_age, victims_by_form, "
                   "victims_by_citizenship, victims_by_country, "
                   "victims_by_identifying_agency, internal_vs_transnational, "
                   "protection_outcomes, sdg_16_2_2")
      ->required();
  stats_command->add_option("--status", options->status,
                            "registered (default: every case with an identified event) or "
                            "identified (a positive conclusive-grounds decision)");
  options->from_given =
      stats_command->add_option("--from", options->from, "First year counted (YYYY)");
  options->to_given = stats_command->add_option("--to", options->to, "Last year counted (YYYY)");
  options->threshold_given = stats_command->add_option(
      "--threshold", options->threshold, "Suppress counts from 1 to K-1 (default 10)");
  options->round_given = stats_command->add_option(
      "--round", options->round, "Round published counts to the nearest multiple of N");
  stats_command->add_flag("--raw", options->raw,
                          "Raw counts without disclosure control (coordinator only)");
  stats_command->add_option("--population", options->population,
                            "For sdg_16_2_2: CSV 'year,population', one line a year");
  stats_command->add_option("--format", options->format, "json (default), csv or xlsx");
  stats_command->add_option("--out", options->out, "Output file (required for xlsx)");
  stats_command->callback([options, &exit_code] { exit_code = run_stats(*options); });

  auto export_options = std::make_shared<ExportOptions>();
  auto* export_command = app.add_subcommand("export", "Export case data for other systems");
  export_command->require_subcommand(1);
  auto* htcds_command = export_command->add_subcommand(
      "htcds",
      "Every case in the field names of the Human Trafficking Case Data Standard (HTCDS, by "
      "IOM, CC BY 4.0; IOM does not endorse OpenNRM), without identity fields");
  htcds_command->add_option("--db", export_options->db, "Database file")->required();
  htcds_command->add_option("--out", export_options->out, "Output file (default: stdout)");
  htcds_command->add_option("--format", export_options->format, "csv (default) or json");
  htcds_command->callback(
      [export_options, &exit_code] { exit_code = run_export_htcds(*export_options); });
}

}  // namespace opennrm::cli

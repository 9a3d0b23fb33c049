#include "api/stats_service.h"

#include <fmt/format.h>

#include "api/case_json.h"
#include "stats/database_tables.h"
#include "stats/victim_tables.h"

namespace opennrm::api {

// An audit record quotes each parameter's name and value up to this many bytes.
constexpr std::size_t kMaxAuditedBytes = 40;

std::string clipped_for_audit(std::string_view text) {
  return std::string(text.substr(0, kMaxAuditedBytes));
}

ErrorOr<std::optional<int>> year_parameter(const http::Request& request, std::string_view name) {
  auto given = request.query(name);
  if (!given) return std::optional<int>();
  auto year = stats::parse_year(*given);
  if (!year) {
    return Error::make("invalid_field", fmt::format("{} must be a year YYYY", name),
                       std::string(name));
  }
  return year;
}

std::string stats_audit_detail(const http::Request& request, int status) {
  std::string detail;
  for (const auto& [name, given] : request.query()) {
    detail += fmt::format("{}={} ", clipped_for_audit(name), clipped_for_audit(given));
  }
  return detail + fmt::format("status:{}", status);
}

ErrorOr<stats::PublishedTable> published_table(
    AppContext& context, const stats::TableRequest& request,
    const std::optional<stats::DisclosureOptions>& disclosure) {
  TRY(context.store.require_policy());
  const std::string country = context.store.policy().jurisdiction.country;
  auto table = TRY(read_store<stats::Table>(context.store, [&](store::Connection& db) {
    return stats::query_table(db, request, country);
  }));
  if (!disclosure) return stats::publish_raw(table);
  return stats::apply_disclosure_control(table, *disclosure);
}

}  // namespace opennrm::api

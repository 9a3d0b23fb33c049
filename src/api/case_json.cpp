#include "api/case_json.h"

#include <ctime>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/app.h"
#include "api/json_input.h"
#include "core/json.h"
#include "store/account_store.h"
#include "store/audit_log.h"

namespace opennrm::api {

http::Response json_response(int status, const boost::json::value& value) {
  return json_text_response(status, to_json_text(value));
}

http::Response json_text_response(int status, std::string json) {
  http::Response response;
  response.status = status;
  response.headers.set("Content-Type", "application/json");
  response.body = std::move(json);
  return response;
}

http::Response forbidden(std::string_view permission) {
  return http::Response::error(
      403, "forbidden", fmt::format("Your role does not have the permission {}.", permission));
}

Error case_not_found_error() {
  return Error::make("case_not_found", "There is no case with this id that you may see.",
                     "case_id");
}

http::Response case_not_found() {
  return http::Response::error(404, case_not_found_error());
}

int error_status(const Error& error) {
  if (error.code == "case_not_found" || error.code == "referral_not_found") return 404;
  if (error.code == "referral_not_pending") return 409;
  return status_for(error);
}

http::Handler guarded(AppContext& context, std::string permission, PrincipalHandler handler) {
  return [&context, permission = std::move(permission),
          handler = std::move(handler)](http::Request& request) {
    const Principal& who = principal(request);
    if (!context.matrix.allows(who.role, permission)) return forbidden(permission);
    auto answered = handler(context, who, request);
    if (!answered.is_error()) return answered.release_value();
    int status = error_status(answered.error());
    if (status != 500) return http::Response::error(status, answered.error());
    spdlog::error("{} {} failed: {}", request.method(), request.route(), answered.error().code);
    return http::Response::internal_error();
  };
}

ErrorOr<Date> as_of_parameter(const http::Request& request, const Clock& clock) {
  if (auto given = request.query("as_of")) {
    auto date = Date::parse(*given);
    if (date.is_error()) {
      return Error::make("invalid_field", "as_of must be a date YYYY-MM-DD", "as_of");
    }
    return date;
  }
  std::time_t now = std::chrono::system_clock::to_time_t(clock.now());
  std::tm local{};
  localtime_r(&now, &local);
  return Date::from_ymd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                        static_cast<unsigned>(local.tm_mday));
}

ErrorOr<boost::json::object> event_body(const http::Request& request) {
  auto value = TRY(request.json());
  if (!value.is_object()) {
    return Error::make("invalid_body", "The request body must be a JSON object.", "body");
  }
  return std::move(value.as_object());
}

std::string timestamp(const Clock& clock) {
  return store::utc_timestamp(clock.now());
}

namespace {

store::TimedAuditEntry audit_record(AppContext& context, const Principal& who, std::string action,
                                    std::string object, std::string detail) {
  return {{who.username, std::move(action), std::move(object), std::move(detail)},
          timestamp(context.clock)};
}

}  // namespace

ErrorOr<void> audit(AppContext& context, const Principal& who, std::string action,
                    std::string object, std::string detail) {
  return context.store.record_audit(
      audit_record(context, who, std::move(action), std::move(object), std::move(detail)));
}

std::shared_ptr<http::Hold> audit_before_answer(AppContext& context, const Principal& who,
                                                std::string action, std::string object,
                                                std::string detail) {
  auto hold = std::make_shared<http::Hold>();
  context.store.record_audit(
      audit_record(context, who, std::move(action), std::move(object), std::move(detail)),
      [hold](const ErrorOr<void>& committed) {
        if (committed.is_error()) {
          spdlog::error("audit: a read's record could not be committed: {}",
                        committed.error().code);
        }
        hold->release(!committed.is_error());
      });
  return hold;
}

}  // namespace opennrm::api

// The referral inbox of the receiving agency: the referrals addressed to it, and its answer to
// each (api/case_service.h, shared with the web pages). Accepting adds the agency to the case's
// scope; both answers are audited in the transaction that records them, and only the receiving
// agency may give them.

#include <fmt/format.h>

#include "api/case_json.h"
#include "api/case_service.h"
#include "api/context.h"
#include "api/json_input.h"
#include "core/json.h"
#include "store/referral_store.h"

namespace opennrm::api {

namespace {

using boost::json::object;
using boost::json::value;

constexpr std::size_t kMaxReasonBytes = 1000;

Error referral_not_found() {
  return Error::make("referral_not_found", "There is no referral with this id to your agency.",
                     "referral_id");
}

object to_json(const store::Referral& referral) {
  return object{
      {"referral_id", referral.id},
      {"case_id", referral.case_id},
      {"case_number", referral.case_number},
      {"event_seq", referral.event_seq},
      {"from_agency_id",
       referral.from_agency_id ? value(*referral.from_agency_id) : value(nullptr)},
      {"to_agency_id", referral.to_agency_id},
      {"service", referral.service},
      {"status", referral.status},
      {"created_at", referral.created_at},
      {"responded_at", optional_text(referral.responded_at)},
      {"reason", optional_text(referral.reason)},
  };
}

ErrorOr<std::string> status_parameter(const http::Request& request) {
  auto given = request.query("status");
  if (!given) return std::string();
  if (*given == "pending" || *given == "accepted" || *given == "declined") {
    return std::string(*given);
  }
  return Error::make("invalid_field", "status must be pending, accepted or declined", "status");
}

ErrorOr<http::Response> inbox(AppContext& context, const Principal& who, http::Request& request) {
  std::string status = TRY(status_parameter(request));
  auto referrals =
      TRY(read_store<std::vector<store::Referral>>(context.store, [&](store::Connection& db) {
        return store::referral_inbox(db, who.agency_id, status);
      }));
  boost::json::array items;
  for (const auto& referral : referrals) items.push_back(to_json(referral));
  return json_response(200, object{{"referrals", std::move(items)}});
}

// The decline reason from an optional body {"reason": string}; any other member is refused,
// so that a misspelt field is not silently lost.
ErrorOr<std::optional<std::string>> decline_reason(const http::Request& request) {
  if (request.body().empty()) return std::optional<std::string>();
  auto body = TRY(json_object_body(request, {"reason"}));
  return string_field(body, "reason", false, kMaxReasonBytes);
}

// Records the receiving agency's answer: "accepted" (the case joins the agency's scope) or
// "declined".
ErrorOr<http::Response> answer(AppContext& context, const Principal& who, http::Request& request,
                               std::string_view status) {
  auto id = parse_id(request.path_param("referral_id"));
  if (!id) return referral_not_found();
  std::optional<std::string> reason;
  if (status == "declined") reason = TRY(decline_reason(request));
  int64_t case_id = TRY(answer_referral(context, who, *id, status, reason));
  return json_response(200, object{{"referral_id", *id}, {"case_id", case_id}, {"status", status}});
}

}  // namespace

void add_referral_routes(http::Router& router, AppContext& context) {
  router.get("/api/v1/referrals", guarded(context, "referral.respond", inbox));
  router.post("/api/v1/referrals/{referral_id}/accept",
              guarded(context, "referral.respond",
                      [](AppContext& app, const Principal& who, http::Request& request) {
                        return answer(app, who, request, "accepted");
                      }));
  router.post("/api/v1/referrals/{referral_id}/decline",
              guarded(context, "referral.respond",
                      [](AppContext& app, const Principal& who, http::Request& request) {
                        return answer(app, who, request, "declined");
                      }));
}

}  // namespace opennrm::api

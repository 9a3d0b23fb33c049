#pragma once

// The case services behind both the JSON API and the web pages: opening a case, recording an
// event, reading a case and the alerts of a principal's scope, and answering a referral. Each
// checks what the principal may do, writes in one transaction with its audit record, and gives
// the rulebook's rejection back as a result (nothing stored), so that both front ends refuse
// and record exactly alike.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "access/scope.h"
#include "api/context.h"
#include "core/date.h"
#include "core/error.h"
#include "http/hold.h"
#include "rules/case_view.h"
#include "store/case_store.h"
#include "store/identity_store.h"

namespace opennrm::api {

// A case the principal may see that records a person with the same name and date of birth.
struct DuplicateWarning {
  int64_t case_id = 0;
  std::string message;
};

struct OpenedCase {
  std::optional<rules::Rejection> rejection;  // Refused by the rules: nothing was stored.
  int64_t case_id = 0;
  std::string case_number;
  std::vector<DuplicateWarning> warnings;
};

// Opens a case with its `identified` event: the opening agency's link, the identity (encrypted,
// apart from the history) and the audit record are stored in the event's transaction. Errors:
// "forbidden" when the role may not record `identified`.
ErrorOr<OpenedCase> open_case(AppContext& context, const Principal& who,
                              const boost::json::object& event,
                              const std::optional<store::Identity>& identity);

struct RecordedEvent {
  std::optional<rules::Rejection> rejection;  // Refused by the rules: nothing was stored.
  int64_t seq = 0;
  std::vector<int64_t> referral_ids;  // The pending referrals a `referral_made` created.
};

// Records an event on a case in the principal's scope; a `referral_made` also creates its
// pending referrals. Errors: "forbidden" (the role may not record this type, or make
// referrals), "case_not_found", "invalid_field" (identity in an event, a bad to_agency_id).
ErrorOr<RecordedEvent> record_event(AppContext& context, const Principal& who, int64_t case_id,
                                    const boost::json::object& event);

// The case's scope when it exists and the principal may see it; "case_not_found" otherwise.
ErrorOr<access::CaseScope> visible_scope(AppContext& context, const Principal& who,
                                         int64_t case_id);

struct CaseRead {
  std::shared_ptr<const store::LoadedCase> loaded;
  bool identity_visible = false;
  std::optional<store::Identity> identity;  // Only when visible and recorded.
  // Released once the read's audit record is committed: the answer must carry it.
  std::shared_ptr<http::Hold> audited;
};

// Loads a case the principal may see, with the identity fields when the matrix and the
// person's consent allow them, and audits the read; the answer showing it waits for `audited`.
ErrorOr<CaseRead> read_case(AppContext& context, const Principal& who, int64_t case_id);

// The alerts of the open cases in the principal's scope on a date, soonest due first; the read
// is audited.
ErrorOr<std::vector<store::CaseAlert>> alerts_in_scope(AppContext& context, const Principal& who,
                                                       Date as_of);

// The receiving agency's answer to a referral, "accepted" (the case joins the agency's scope) or
// "declined", audited in its transaction; returns the case id. Errors: "referral_not_found"
// when it is not addressed to the principal's agency, "referral_not_pending".
ErrorOr<int64_t> answer_referral(AppContext& context, const Principal& who, int64_t referral_id,
                                 std::string_view status, const std::optional<std::string>& reason);

}  // namespace opennrm::api

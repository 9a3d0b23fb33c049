#include "api/case_service.h"

#include <algorithm>

#include <fmt/format.h>
#include <boost/json/parse.hpp>

#include "api/case_json.h"
#include "core/json.h"
#include "rules/alerts.h"
#include "store/account_store.h"
#include "store/audit_log.h"
#include "store/case_scope.h"
#include "store/referral_store.h"

namespace opennrm::api {

namespace {

using boost::json::object;

std::string case_object(int64_t case_id) {
  return fmt::format("case:{}", case_id);
}

store::AuditEntry audit_entry(const Principal& who, std::string action, int64_t case_id,
                              std::string detail) {
  return store::AuditEntry{who.username, std::move(action), case_object(case_id),
                           std::move(detail)};
}

// A role may record only the event types the matrix gives it. An unknown type is left to the
// rules, which reject it as invalid_event with a message naming it.
ErrorOr<void> check_may_record(AppContext& context, const Principal& who, const object& event) {
  std::string type = text_field(event, "type");
  auto known = context.matrix.event_types();
  if (std::ranges::find(known, type) == known.end() || context.matrix.may_record(who.role, type)) {
    return {};
  }
  return Error::make("forbidden", fmt::format("Your role may not record {} events.", type), "type");
}

// Duplicate warnings for a new case whose person has `blind_index`: only cases the principal
// may see are named, so the warning discloses nothing of other agencies' cases.
ErrorOr<std::vector<DuplicateWarning>> duplicate_warnings(store::Connection& db,
                                                          const Principal& who,
                                                          const std::string& blind_index,
                                                          int64_t case_id) {
  std::vector<DuplicateWarning> warnings;
  for (int64_t other : TRY(store::cases_with_blind_index(db, blind_index, case_id))) {
    auto scope = TRY(store::find_case_scope(db, other));
    if (!scope || !access::in_scope(who.viewer(), *scope)) continue;
    warnings.push_back(
        {other, fmt::format("Case {} records a person with the same name and date of birth; "
                            "check whether this is the same person.",
                            other)});
  }
  return warnings;
}

ErrorOr<std::string> case_number_of(store::Connection& db, int64_t case_id) {
  auto select = TRY(db.prepare("SELECT case_number FROM cases WHERE id = ?"));
  select.bind(1, case_id);
  TRY(select.step());
  std::string number = select.column_text(0);
  select.reset();
  return number;
}

// The pending referrals a stored `referral_made` creates: to the agency named by
// `to_agency_id`, which must be of the event's `to_agency_type`, or without one to every agency
// of that type that does not hold the case yet.
ErrorOr<std::vector<int64_t>> make_referrals(store::Connection& db, const Principal& who,
                                             const object& event, const store::Recorded& recorded,
                                             const std::string& now) {
  std::string to_type = text_field(event, "to_agency_type");
  std::vector<int64_t> recipients;
  if (const auto* named = event.if_contains("to_agency_id"); named && !named->is_null()) {
    auto agency = TRY(store::agency_of(db, named->as_int64()));
    if (!agency || agency->type != to_type) {
      return Error::make("invalid_field",
                         fmt::format("to_agency_id must name an agency of type {}", to_type),
                         "to_agency_id");
    }
    if (agency->id == who.agency_id) {
      return Error::make("invalid_field", "a case cannot be referred to your own agency",
                         "to_agency_id");
    }
    recipients.push_back(agency->id);
  } else {
    auto scope = TRY(store::find_case_scope(db, recorded.case_id));
    auto holds_case = [&](int64_t agency_id) {
      return agency_id == who.agency_id || agency_id == scope->opening_agency_id ||
             std::ranges::find(scope->accepting_agency_ids, agency_id) !=
                 scope->accepting_agency_ids.end();
    };
    for (const auto& agency : TRY(store::list_agencies(db))) {
      if (agency.type == to_type && !holds_case(agency.id)) recipients.push_back(agency.id);
    }
  }
  std::vector<int64_t> ids;
  for (int64_t recipient : recipients) {
    ids.push_back(TRY(store::insert_referral(
        db,
        {recorded.case_id, recorded.seq, who.agency_id, recipient, text_field(event, "service")},
        now)));
  }
  return ids;
}

// `to_agency_id`, when given, must be a positive integer; whether it names an agency of the
// right type is checked once the rules accepted the event.
ErrorOr<void> check_recipient_field(const object& event) {
  const auto* named = event.if_contains("to_agency_id");
  if (named == nullptr || named->is_null()) return {};
  if (named->is_int64() && named->as_int64() > 0) return {};
  return Error::make("invalid_field", "to_agency_id must be a positive integer agency id",
                     "to_agency_id");
}

// The events that decide who may see the identity (access::identity_sharing reads only consents
// and referrals).
std::vector<access::SharingEvent> identity_sharing_events(const store::LoadedCase& loaded) {
  std::vector<access::SharingEvent> events;
  for (const auto& stored : loaded.events) {
    if (stored.type != "consent_recorded" && stored.type != "referral_made") continue;
    events.push_back({stored.seq, &stored.event});
  }
  return events;
}

// Whether the reader may see the person's identity. The agencies that accepted a referral made
// under an override are looked up only when there is such a referral, which is rare.
ErrorOr<bool> may_read_identity(store::Connection& db, AppContext& context, const Principal& who,
                                const access::CaseScope& scope, const store::LoadedCase& loaded) {
  if (!context.matrix.allows(who.role, "case.read_identity")) return false;
  auto sharing = access::identity_sharing(identity_sharing_events(loaded));
  std::vector<int64_t> override_recipients;
  if (!sharing.override_referral_seqs.empty()) {
    override_recipients = TRY(
        store::accepted_referral_recipients(db, loaded.summary.id, sharing.override_referral_seqs));
  }
  return access::may_see_identity(who.viewer(), scope, sharing, override_recipients);
}

}  // namespace

ErrorOr<access::CaseScope> visible_scope(AppContext& context, const Principal& who,
                                         int64_t case_id) {
  auto scope = TRY(read_store<std::optional<access::CaseScope>>(
      context.store, [&](store::Connection& db) { return store::find_case_scope(db, case_id); }));
  if (!scope || !access::in_scope(who.viewer(), *scope)) return case_not_found_error();
  return *scope;
}

ErrorOr<OpenedCase> open_case(AppContext& context, const Principal& who, const object& event,
                              const std::optional<store::Identity>& identity) {
  // Whatever the event says, this records the event that opens a case; an event of another
  // type is the rules' invalid_event, not a question of permission.
  if (!context.matrix.may_record(who.role, "identified")) {
    return Error::make("forbidden", "Your role may not record identified events.", "type");
  }
  std::string now = timestamp(context.clock);
  OpenedCase opened;
  store::Recorder recorder{
      who.username, std::to_string(who.agency_id),
      [&](store::Connection& db, const store::Recorded& recorded) -> ErrorOr<void> {
        TRY(store::link_case_agency(db, recorded.case_id, who.agency_id, "opened", now));
        if (identity) {
          TRY(store::store_identity(db, context.cipher, recorded.case_id, *identity));
          if (auto index = TRY(store::identity_blind_index(context.cipher, *identity))) {
            opened.warnings = TRY(duplicate_warnings(db, who, *index, recorded.case_id));
          }
        }
        opened.case_number = TRY(case_number_of(db, recorded.case_id));
        return store::append_audit(db, audit_entry(who, "case.open", recorded.case_id, "opened"),
                                   now);
      }};
  auto recorded = TRY(context.store.open_case(event, recorder));
  if (recorded.rejection) {
    TRY(audit(context, who, "case.open", "case:-", "rejected:" + recorded.rejection->code));
    opened.rejection = std::move(recorded.rejection);
    opened.warnings.clear();
    return opened;
  }
  opened.case_id = recorded.case_id;
  return opened;
}

ErrorOr<RecordedEvent> record_event(AppContext& context, const Principal& who, int64_t case_id,
                                    const object& event) {
  // What the role may never do is refused before the case is looked at, so that the answer
  // does not depend on whether the case exists.
  TRY(check_may_record(context, who, event));
  bool referral = text_field(event, "type") == "referral_made";
  if (referral && !context.matrix.allows(who.role, "referral.make")) {
    return Error::make("forbidden", "Your role does not have the permission referral.make.");
  }
  TRY(visible_scope(context, who, case_id));
  if (event.contains("identity")) {
    return Error::make("invalid_field",
                       "identity fields are recorded when the case is opened, never in an event",
                       "identity");
  }
  if (referral) TRY(check_recipient_field(event));
  std::string now = timestamp(context.clock);
  RecordedEvent result;
  store::Recorder recorder{
      who.username, std::to_string(who.agency_id),
      [&](store::Connection& db, const store::Recorded& recorded) -> ErrorOr<void> {
        if (referral) result.referral_ids = TRY(make_referrals(db, who, event, recorded, now));
        return store::append_audit(
            db, audit_entry(who, "case.event", case_id, "event:" + text_field(event, "type")), now);
      }};
  auto recorded = TRY(context.store.append_event(case_id, event, recorder));
  if (recorded.rejection) {
    TRY(audit(context, who, "case.event", case_object(case_id),
              "rejected:" + recorded.rejection->code));
    result.rejection = std::move(recorded.rejection);
    result.referral_ids.clear();
    return result;
  }
  result.seq = recorded.seq;
  return result;
}

ErrorOr<CaseRead> read_case(AppContext& context, const Principal& who, int64_t case_id) {
  // The scope, the history and the identity decision come from one read, so that all three
  // describe the same moment of the case.
  std::optional<CaseRead> read;
  auto look = [&](store::Connection& db) -> ErrorOr<void> {
    auto scope = TRY(store::find_case_scope(db, case_id));
    if (!scope || !access::in_scope(who.viewer(), *scope)) return {};
    read.emplace(CaseRead{TRY(context.store.load_case(db, case_id)), false, std::nullopt});
    read->identity_visible = TRY(may_read_identity(db, context, who, *scope, *read->loaded));
    if (read->identity_visible) {
      read->identity = TRY(store::load_identity(db, context.cipher, case_id));
    }
    return {};
  };
  TRY(context.store.read(look));
  if (!read) {
    // Looking for a case outside one's scope is what someone searching for a person would do,
    // so the refused look is recorded as well.
    TRY(audit(context, who, "case.read", case_object(case_id), "refused:not_found"));
    return case_not_found_error();
  }
  read->audited =
      audit_before_answer(context, who, "case.read", case_object(case_id),
                          read->identity_visible ? "with_identity" : "without_identity");
  return std::move(*read);
}

ErrorOr<std::vector<store::CaseAlert>> alerts_in_scope(AppContext& context, const Principal& who,
                                                       Date as_of) {
  auto visible = TRY(read_store<std::vector<int64_t>>(context.store, [&](store::Connection& db) {
    return store::case_ids_in_scope(db, who.viewer());
  }));
  std::vector<store::CaseAlert> alerts;
  for (auto& item : TRY(context.store.alerts_as_of(as_of))) {
    if (std::ranges::binary_search(visible, item.case_id)) alerts.push_back(std::move(item));
  }
  TRY(audit(context, who, "alerts.read", "alerts", "as_of:" + as_of.to_string()));
  return alerts;
}

ErrorOr<int64_t> answer_referral(AppContext& context, const Principal& who, int64_t referral_id,
                                 std::string_view status,
                                 const std::optional<std::string>& reason) {
  std::string now = timestamp(context.clock);
  int64_t case_id = 0;
  auto answer = [&](store::Connection& db) -> ErrorOr<void> {
    auto referral = TRY(store::find_referral(db, referral_id));
    if (!referral || referral->to_agency_id != who.agency_id) {
      return Error::make("referral_not_found", "There is no referral with this id to your agency.",
                         "referral_id");
    }
    case_id = referral->case_id;
    TRY(store::answer_referral(db, referral_id, status, who.user_id, reason, now));
    if (status == "accepted") {
      TRY(store::link_case_agency(db, case_id, who.agency_id, "referral_accepted", now));
    }
    return store::append_audit(
        db,
        store::AuditEntry{who.username,
                          status == "accepted" ? "referral.accept" : "referral.decline",
                          fmt::format("referral:{}", referral_id), case_object(case_id)},
        now);
  };
  TRY(context.store.transact(answer));
  return case_id;
}

}  // namespace opennrm::api

#include "demo/agency_links.h"

#include <cassert>

#include "store/case_scope.h"
#include "store/referral_store.h"

namespace opennrm::demo {

namespace {

// Added to the seed for the answers' stream, so that it differs from the histories' stream.
constexpr uint64_t kAnswerStream = 0x9e3779b97f4a7c15ULL;

std::string_view text_field(const boost::json::value& event, std::string_view key) {
  const auto* field = event.as_object().if_contains(key);
  return field != nullptr && field->is_string() ? std::string_view(field->as_string())
                                                : std::string_view();
}

}  // namespace

AgencyLinks::AgencyLinks(const std::vector<store::Agency>& agencies, uint64_t seed)
    : answers_(seed + kAnswerStream) {
  assert(!agencies.empty());
  for (const auto& agency : agencies) agencies_by_type_[agency.type].push_back(agency.id);
  auto police = agencies_by_type_.find("police");
  fallback_opener_ =
      police != agencies_by_type_.end() ? police->second.front() : agencies.front().id;
}

std::optional<int64_t> AgencyLinks::next_of_type(Turns& turns, std::string_view type,
                                                 int64_t except) {
  auto found = agencies_by_type_.find(type);
  if (found == agencies_by_type_.end()) return std::nullopt;
  const auto& ids = found->second;
  auto turn = turns.find(type);
  if (turn == turns.end()) turn = turns.emplace(std::string(type), 0).first;
  for (std::size_t tried = 0; tried < ids.size(); ++tried) {
    int64_t id = ids[turn->second++ % ids.size()];
    if (id != except) return id;
  }
  return std::nullopt;
}

std::string_view AgencyLinks::next_answer() {
  int64_t draw = answers_.between(0, 99);
  if (draw < 80) return "accepted";
  return draw < 92 ? "pending" : "declined";
}

CaseAgencies AgencyLinks::choose(std::span<const boost::json::value> events) {
  assert(!events.empty());
  CaseAgencies chosen;
  chosen.opened_by = next_of_type(opening_turns_, text_field(events.front(), "by_agency_type"), 0)
                         .value_or(fallback_opener_);
  for (std::size_t index = 1; index < events.size(); ++index) {
    if (text_field(events[index], "type") != "referral_made") continue;
    auto recipient = next_of_type(referral_turns_, text_field(events[index], "to_agency_type"),
                                  chosen.opened_by);
    if (!recipient) continue;
    chosen.referrals.push_back(PlannedReferral{static_cast<int64_t>(index) + 1, *recipient,
                                               std::string(text_field(events[index], "service")),
                                               next_answer()});
  }
  return chosen;
}

ErrorOr<void> AgencyLinks::write(store::Connection& db, int64_t case_id,
                                 const CaseAgencies& agencies, const std::string& now) {
  if (!statements_) {
    statements_.emplace(Statements{TRY(store::prepare_link_case_agency(db)),
                                   TRY(store::prepare_insert_referral(db)),
                                   TRY(store::prepare_answer_referral(db))});
  }
  auto& statements = *statements_;
  TRY(store::link_case_agency(statements.link, case_id, agencies.opened_by, "opened", now));
  for (const auto& referral : agencies.referrals) {
    int64_t id = TRY(store::insert_referral(
        db, statements.insert_referral,
        {case_id, referral.event_seq, agencies.opened_by, referral.to_agency_id, referral.service},
        now));
    if (referral.status == "pending") continue;
    std::optional<std::string> reason;
    if (referral.status == "declined") reason = "no capacity at present (generated)";
    TRY(store::answer_referral(db, statements.answer_referral, id, referral.status, std::nullopt,
                               reason, now));
    if (referral.status == "accepted") {
      TRY(store::link_case_agency(statements.link, case_id, referral.to_agency_id,
                                  "referral_accepted", now));
    }
  }
  return {};
}

}  // namespace opennrm::demo

#pragma once

// The agencies of a demo database that generated cases belong to, so that every role sees a
// realistic part of the demo (need-to-know scope, case_scope.h) and not only the coordinator.
//
// Rules, all deterministic for a seed and the agencies present:
// - A case is opened by an agency whose type is the `identified` event's `by_agency_type`, taking
//   the agencies of that type in turn (by id). When there is none of that type, the first police
//   agency (lowest id) opens it, and when there is no police agency either, the first agency.
// - Each `referral_made` event is addressed to one agency of its `to_agency_type`, again in turn
//   and never to the opening agency; with no such agency the event makes no referral.
// - About 80% of the referrals are accepted (the case then belongs to the recipient too), 12% are
//   still pending, so that the recipients' inboxes have work in them, and 8% are declined. The
//   answers come from their own random stream, so the generated histories stay as they were.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/error.h"
#include "demo/random.h"
#include "store/account_store.h"
#include "store/sqlite.h"

namespace opennrm::demo {

// A referral of a generated case and the answer the receiving agency gave.
struct PlannedReferral {
  int64_t event_seq = 0;  // The `referral_made` event's seq (1 is the `identified` event).
  int64_t to_agency_id = 0;
  std::string service;
  std::string_view status;  // "accepted", "pending" or "declined".
};

struct CaseAgencies {
  int64_t opened_by = 0;
  std::vector<PlannedReferral> referrals;
};

class AgencyLinks {
 public:
  // `agencies` as store::list_agencies gives them, by id; there must be at least one.
  AgencyLinks(const std::vector<store::Agency>& agencies, uint64_t seed);

  // The agencies of the next generated case, from its accepted events. Each call moves the turns
  // on, so cases must be offered once each, in the order they are stored.
  CaseAgencies choose(std::span<const boost::json::value> events);

  // Stores the case's links and referrals with statements prepared on `db` at the first call;
  // every later call must use the same connection (the bulk write's).
  ErrorOr<void> write(store::Connection& db, int64_t case_id, const CaseAgencies& agencies,
                      const std::string& now);

 private:
  struct Statements {
    store::Statement link;
    store::Statement insert_referral;
    store::Statement answer_referral;
  };

  using Turns = std::map<std::string, std::size_t, std::less<>>;

  // The next agency of the type in turn other than `except`, or nothing when there is none.
  // Openings and referrals take turns apart, so that both spread evenly over the agencies.
  std::optional<int64_t> next_of_type(Turns& turns, std::string_view type, int64_t except);
  std::string_view next_answer();

  std::map<std::string, std::vector<int64_t>, std::less<>> agencies_by_type_;
  Turns opening_turns_;
  Turns referral_turns_;
  int64_t fallback_opener_ = 0;
  Random answers_;
  std::optional<Statements> statements_;
};

}  // namespace opennrm::demo

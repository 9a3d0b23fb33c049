#pragma once

// Referrals between agencies (rulebook `referral_made`): a stored `referral_made` event creates
// one pending referral for each receiving agency, which accepts it (the case then belongs to it
// as well, see case_scope.h) or declines it. Each referral is written in the transaction of the
// event or the answer it records.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/sqlite.h"

namespace opennrm::store {

struct Referral {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string case_number;
  int64_t event_seq = 0;
  std::optional<int64_t> from_agency_id;
  int64_t to_agency_id = 0;
  std::string service;
  std::string status;  // "pending", "accepted" or "declined".
  std::string created_at;
  std::optional<std::string> responded_at;
  std::optional<std::string> reason;
};

struct NewReferral {
  int64_t case_id = 0;
  int64_t event_seq = 0;
  std::optional<int64_t> from_agency_id;
  int64_t to_agency_id = 0;
  std::string service;
};

// Stores a pending referral and returns its id.
ErrorOr<int64_t> insert_referral(Connection& db, const NewReferral& referral,
                                 const std::string& now);
// The same with a statement from prepare_insert_referral(db), for bulk writes that store many.
ErrorOr<Statement> prepare_insert_referral(Connection& db);
ErrorOr<int64_t> insert_referral(Connection& db, Statement& insert, const NewReferral& referral,
                                 const std::string& now);

// The referral, or nullopt when there is none with that id.
ErrorOr<std::optional<Referral>> find_referral(Connection& db, int64_t referral_id);

// The referrals addressed to an agency, newest first; `status` empty means every status.
ErrorOr<std::vector<Referral>> referral_inbox(Connection& db, int64_t agency_id,
                                              std::string_view status);

// The agencies that accepted a referral of the case made by one of the events `event_seqs`.
ErrorOr<std::vector<int64_t>> accepted_referral_recipients(Connection& db, int64_t case_id,
                                                           const std::vector<int64_t>& event_seqs);

// Records the receiving agency's answer to a pending referral: "accepted" or "declined".
// `responded_by` is the answering user; generated demo answers have none.
ErrorOr<void> answer_referral(Connection& db, int64_t referral_id, std::string_view status,
                              std::optional<int64_t> responded_by,
                              const std::optional<std::string>& reason, const std::string& now);
// The same with a statement from prepare_answer_referral(db), for bulk writes that answer many.
ErrorOr<Statement> prepare_answer_referral(Connection& db);
ErrorOr<void> answer_referral(Connection& db, Statement& update, int64_t referral_id,
                              std::string_view status, std::optional<int64_t> responded_by,
                              const std::optional<std::string>& reason, const std::string& now);

}  // namespace opennrm::store

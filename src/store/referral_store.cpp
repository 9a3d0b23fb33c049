#include "store/referral_store.h"

namespace opennrm::store {

namespace {

constexpr std::string_view kReferralColumns =
    "SELECT r.id, r.case_id, c.case_number, r.event_seq, r.from_agency_id, r.to_agency_id, "
    "r.service, r.status, r.created_at, r.responded_at, r.reason "
    "FROM referrals r JOIN cases c ON c.id = r.case_id ";

Referral read_referral(const Statement& row) {
  return Referral{row.column_int(0),
                  row.column_int(1),
                  row.column_text(2),
                  row.column_int(3),
                  row.column_is_null(4) ? std::nullopt : std::optional(row.column_int(4)),
                  row.column_int(5),
                  row.column_text(6),
                  row.column_text(7),
                  row.column_text(8),
                  row.column_optional_text(9),
                  row.column_optional_text(10)};
}

void bind_optional_id(Statement& statement, int index, std::optional<int64_t> id) {
  if (id) {
    statement.bind(index, *id);
  } else {
    statement.bind_null(index);
  }
}

}  // namespace

ErrorOr<Statement> prepare_insert_referral(Connection& db) {
  return db.prepare(
      "INSERT INTO referrals (case_id, event_seq, from_agency_id, to_agency_id, service, status, "
      "created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)");
}

ErrorOr<int64_t> insert_referral(Connection& db, Statement& insert, const NewReferral& referral,
                                 const std::string& now) {
  insert.bind(1, referral.case_id).bind(2, referral.event_seq);
  bind_optional_id(insert, 3, referral.from_agency_id);
  TRY(insert.bind(4, referral.to_agency_id).bind(5, referral.service).bind(6, now).run());
  return db.last_insert_rowid();
}

ErrorOr<int64_t> insert_referral(Connection& db, const NewReferral& referral,
                                 const std::string& now) {
  auto insert = TRY(prepare_insert_referral(db));
  return insert_referral(db, insert, referral, now);
}

ErrorOr<std::optional<Referral>> find_referral(Connection& db, int64_t referral_id) {
  auto select = TRY(db.prepare(std::string(kReferralColumns) + "WHERE r.id = ?"));
  select.bind(1, referral_id);
  if (!TRY(select.step())) return std::optional<Referral>();
  Referral referral = read_referral(select);
  select.reset();
  return std::optional<Referral>(std::move(referral));
}

ErrorOr<std::vector<Referral>> referral_inbox(Connection& db, int64_t agency_id,
                                              std::string_view status) {
  auto select = TRY(db.prepare(std::string(kReferralColumns) +
                               "WHERE r.to_agency_id = ?1 AND (?2 = '' OR r.status = ?2) "
                               "ORDER BY r.id DESC"));
  select.bind(1, agency_id).bind(2, status);
  std::vector<Referral> referrals;
  while (TRY(select.step())) referrals.push_back(read_referral(select));
  return referrals;
}

ErrorOr<std::vector<int64_t>> accepted_referral_recipients(Connection& db, int64_t case_id,
                                                           const std::vector<int64_t>& event_seqs) {
  auto select =
      TRY(db.prepare("SELECT to_agency_id FROM referrals WHERE case_id = ? AND event_seq = ? "
                     "AND status = 'accepted'"));
  std::vector<int64_t> recipients;
  for (int64_t seq : event_seqs) {
    select.bind(1, case_id).bind(2, seq);
    while (TRY(select.step())) recipients.push_back(select.column_int(0));
    select.reset();
  }
  return recipients;
}

ErrorOr<Statement> prepare_answer_referral(Connection& db) {
  return db.prepare(
      "UPDATE referrals SET status = ?, responded_at = ?, responded_by = ?, reason = ? "
      "WHERE id = ? AND status = 'pending'");
}

ErrorOr<void> answer_referral(Connection& db, Statement& update, int64_t referral_id,
                              std::string_view status, std::optional<int64_t> responded_by,
                              const std::optional<std::string>& reason, const std::string& now) {
  update.bind(1, status).bind(2, now);
  bind_optional_id(update, 3, responded_by);
  TRY(update.bind_optional(4, reason).bind(5, referral_id).run());
  if (sqlite3_changes(db.handle()) == 1) return {};
  return Error::make("referral_not_pending",
                     "this referral has already been answered; an answer cannot be changed",
                     "referral_id");
}

ErrorOr<void> answer_referral(Connection& db, int64_t referral_id, std::string_view status,
                              std::optional<int64_t> responded_by,
                              const std::optional<std::string>& reason, const std::string& now) {
  auto update = TRY(prepare_answer_referral(db));
  return answer_referral(db, update, referral_id, status, responded_by, reason, now);
}

}  // namespace opennrm::store

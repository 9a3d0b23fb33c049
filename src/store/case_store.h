#pragma once

// The case store: every case is its append-only event history in SQLite (rulebook section 1).
// An event reaches the database only after the rules engine accepted it on the case's replayed
// history, and every write is one transaction, so the stored history always replays cleanly.
//
// Threads: writes go through one connection, guarded by one mutex, so they are serialised (SQLite
// allows one writer anyway); reads go through a pool of read-only connections that never wait
// for the writer (store/reader_pool.h), and the histories they replay are kept for the next read
// of the case (store/case_cache.h). Other processes can read and write the same file.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "policy/policy.h"
#include "rules/case_file.h"
#include "store/audit_committer.h"
#include "store/sqlite.h"

namespace opennrm::store {

struct CaseSummary {
  int64_t id = 0;
  std::string case_number;  // Public number, "NRM-<year identified>-<id>".
  std::optional<std::string> ref;
  std::string created_at;  // UTC, "YYYY-MM-DDTHH:MM:SSZ".
};

struct StoredEvent {
  int64_t seq = 0;  // 1 for the `identified` event, then one more per stored event.
  std::string date;
  std::string type;
  // The event as recorded, parsed once when the history is read (its stored form is JSON text);
  // the events of one read share an arena.
  boost::json::object event;
  std::string recorded_at;
  std::optional<std::string> recorded_by;
  std::optional<std::string> agency;
  // event_record() as JSON text, written once when the history is read: a kept history is given
  // out for many reads, and each would otherwise copy and write every event again.
  std::string record_text;
};

// How the API's timeline and `case show` give a stored event: its members as recorded, then
// "seq", "recorded_at", "recorded_by" (null when the command line recorded it) and "agency_id"
// (the recording agency's id, or null).
boost::json::object event_record(const StoredEvent& stored);

// Who records an event, as the server knows it; the command line leaves both empty.
struct Recorded;

struct Recorder {
  std::optional<std::string> recorded_by;
  std::optional<std::string> agency;
  // Runs inside the transaction that stores the event, after it is stored: the server writes
  // the audit record (and the case's agency links) here, so they commit or fail with the event.
  std::function<ErrorOr<void>(Connection&, const Recorded&)> in_same_transaction;
};

// What happened to one event offered to a case: stored as `seq`, or rejected (nothing stored).
struct Recorded {
  std::optional<rules::Rejection> rejection;
  int64_t case_id = 0;
  int64_t seq = 0;
};

// A case's state and alerts as of a date, as the JSON texts rules::to_json gives them.
struct CaseViewText {
  Date as_of;
  std::string state;
  std::string alerts;
};

struct LoadedCase {
  CaseSummary summary;
  rules::CaseFile file;
  std::vector<StoredEvent> events;

  // The state and alerts as of `as_of`. A kept history is read many times, nearly always as of
  // today, and computing the view (every rule over the whole history) and writing it out was
  // most of what building a case's answer cost; so the texts of the date last asked are kept.
  std::shared_ptr<const CaseViewText> view_text(Date as_of) const;

  // The texts of the date last asked; the history's readers share them.
  struct LastView {
    std::mutex mutex;
    std::shared_ptr<const CaseViewText> text;
  };
  mutable LastView last_view{};
};

struct CaseAlert {
  int64_t case_id = 0;
  std::string case_number;
  rules::Alert alert;
};

// One event of an imported case that the rules refused; `index` counts the case's events from 0.
struct ImportRejection {
  std::size_t index = 0;
  std::string code;
};

struct ImportedCase {
  std::size_t stored = 0;
  std::vector<ImportRejection> rejected;
};

class CaseStore {
 public:
  enum class Create { if_missing, never };

  // Opens the database at `path` and brings its schema up to date. With Create::never a missing
  // file is an error naming the path.
  static ErrorOr<CaseStore> open(const std::string& path, Create create = Create::if_missing);
  CaseStore(CaseStore&&) noexcept;
  CaseStore& operator=(CaseStore&&) noexcept;
  ~CaseStore();

  // Keeps the jurisdiction policy in the database; a database has exactly one, for good.
  ErrorOr<void> initialise(const policy::Policy& policy);
  bool initialised() const;
  // An error naming the database when it has no policy yet (`opennrm init` gives it one).
  ErrorOr<void> require_policy() const;
  // The database's policy; only valid once initialised().
  const policy::Policy& policy() const;

  // Opens a case with its `identified` event (or whatever the engine makes of the event).
  ErrorOr<Recorded> open_case(const boost::json::value& event, const Recorder& recorder = {});
  // Replays the case, offers it the event, and stores the event only when accepted.
  ErrorOr<Recorded> append_event(int64_t case_id, const boost::json::value& event,
                                 const Recorder& recorder = {});

  // The case's replayed history, shared with other readers and kept for the next read of the
  // case (store/case_cache.h), so it is never changed.
  ErrorOr<std::shared_ptr<const LoadedCase>> load_case(int64_t case_id);
  // The same inside a read the caller holds (read()), for a case read with other reads of one
  // snapshot. Only there: a history read inside a write transaction that then rolled back must
  // never be kept.
  ErrorOr<std::shared_ptr<const LoadedCase>> load_case(Connection& db, int64_t case_id) const;
  ErrorOr<std::vector<CaseSummary>> list_cases();
  // Every open case's alerts as of the date, ordered by due date (no due date last), then case.
  ErrorOr<std::vector<CaseAlert>> alerts_as_of(Date as_of);

  // Runs `work` in one write transaction on the store's connection, holding the writer lock; it
  // commits when `work` succeeds and rolls back when it fails. The server's other tables
  // (accounts, sessions, referrals, audit) are written through this, so there stays one writer.
  ErrorOr<void> transact(const std::function<ErrorOr<void>(Connection&)>& work);
  // Runs `work` on one of the store's read-only connections (store/reader_pool.h), in one read
  // transaction: it sees the last commit before it began, never waits for the writer, and
  // cannot write.
  ErrorOr<void> read(const std::function<ErrorOr<void>(Connection&)>& work);

  // Appends an audit record that has no write of its own to join (a read, a refused write) in a
  // group commit with the others that arrive meanwhile (store/audit_committer.h); `committed`
  // is told, on the committer's thread, how the commit ended.
  void record_audit(TimedAuditEntry record, AuditCommitter::Committed committed);
  // The same, waiting for the commit.
  ErrorOr<void> record_audit(TimedAuditEntry record);

  class Bulk;
  // Starts a bulk write (import, demo) that commits every `cases_per_transaction` cases.
  ErrorOr<Bulk> bulk(std::size_t cases_per_transaction = 2000);

 private:
  struct State;
  explicit CaseStore(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

// Many cases written in large transactions, holding the store's lock meanwhile. Each case keeps
// its CaseFile in memory while its events are recorded, so a new case is never reloaded.
class CaseStore::Bulk {
 public:
  Bulk(Bulk&&) noexcept;
  ~Bulk();  // Rolls back what was not committed.

  // Applies a case's events in order through the rules: a new (or absent) ref starts a case with
  // the first accepted event, a stored ref extends that case. The recorder's in_same_transaction
  // runs once when any event was stored (its Recorded names the last one).
  ErrorOr<ImportedCase> import_case(const std::optional<std::string>& ref,
                                    std::span<const boost::json::value> events,
                                    const Recorder& recorder = {});
  // Stores a history the caller already built through `file`, every event accepted. The
  // recorder's names go into every event, and its in_same_transaction runs once, after the last
  // event (its Recorded names that event), in the bulk transaction: the demo links the case to
  // its agencies there.
  ErrorOr<int64_t> add_case(const rules::CaseFile& file, std::span<const boost::json::value> events,
                            const Recorder& recorder = {});
  // Commits what was written so far.
  ErrorOr<void> commit();

 private:
  friend class CaseStore;
  struct Impl;
  explicit Bulk(std::unique_ptr<Impl> impl);
  ErrorOr<void> case_done();
  std::unique_ptr<Impl> impl_;
};

}  // namespace opennrm::store

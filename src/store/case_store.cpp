#include "store/case_store.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/json.h"
#include "core/number.h"
#include "policy/policy_file.h"
#include "store/account_store.h"
#include "store/case_cache.h"
#include "store/checkpointer.h"
#include "store/fact_tables.h"
#include "store/migrations.h"
#include "store/reader_pool.h"

namespace opennrm::store {

boost::json::object event_record(const StoredEvent& stored) {
  boost::json::object record = stored.event;
  record["seq"] = stored.seq;
  record["recorded_at"] = stored.recorded_at;
  record["recorded_by"] = optional_text(stored.recorded_by);
  // The agency is stored as the text of its id; an id that does not read as one is not shown.
  auto agency = stored.agency ? parse_id(*stored.agency) : std::nullopt;
  record["agency_id"] = agency ? boost::json::value(*agency) : boost::json::value(nullptr);
  return record;
}

std::shared_ptr<const CaseViewText> LoadedCase::view_text(Date as_of) const {
  {
    std::lock_guard lock(last_view.mutex);
    if (last_view.text && last_view.text->as_of == as_of) return last_view.text;
  }
  // Computed outside the lock: two readers of the same new date may both compute it, which is
  // cheaper than making every reader of the case wait for one.
  auto view = rules::to_json(file.as_of(as_of));
  auto text = std::make_shared<const CaseViewText>(
      CaseViewText{as_of, to_json_text(view.at("state")), to_json_text(view.at("alerts"))});
  std::lock_guard lock(last_view.mutex);
  last_view.text = text;
  return text;
}

namespace {

// The reads of a case's history, used by the writer (inside its write transaction) and by the
// readers alike, each on its own connection's cached statement (Connection::cached).
constexpr std::string_view kSelectCase =
    "SELECT id, case_number, ref, created_at FROM cases WHERE id = ?";
constexpr std::string_view kSelectEvents =
    "SELECT seq, date, type, body, recorded_at, recorded_by, agency "
    "FROM events WHERE case_id = ? ORDER BY seq";
constexpr std::string_view kListCases =
    "SELECT id, case_number, ref, created_at FROM cases ORDER BY id";
// The events up to the date of every case not closed by then; events are stored in date order,
// so this prefix is exactly what the rules apply as of that date.
constexpr std::string_view kOpenHistories =
    "SELECT e.case_id, c.case_number, e.body FROM events e "
    "JOIN cases c ON c.id = e.case_id "
    "LEFT JOIN case_facts f ON f.case_id = e.case_id "
    "WHERE e.date <= ?1 AND (f.closed_on IS NULL OR f.closed_on > ?1) "
    "ORDER BY e.case_id, e.seq";

// Readers beyond this many wait for one to come back: more would only contend for the cores.
constexpr std::size_t kReaders = 8;

std::string utc_now() {
  return utc_timestamp(std::chrono::system_clock::now());
}

// The date of an event the rules accepted, which therefore has a valid one.
Date accepted_date(const boost::json::value& event) {
  return Date::parse(text_field(event, "date")).value();
}

CaseSummary read_case_summary(const Statement& row) {
  return CaseSummary{row.column_int(0), row.column_text(1), row.column_optional_text(2),
                     row.column_text(3)};
}

// Offers one stored event to a case file and returns it parsed. A stored event that the rules
// now refuse means the database was changed behind the store's back, which ends the operation.
// The parsed event lives in `memory`.
ErrorOr<boost::json::value> replay_stored(const Connection& db, int64_t case_id, int64_t seq,
                                          std::string_view body, rules::CaseFile& file,
                                          const boost::json::storage_ptr& memory) {
  boost::system::error_code parse_error;
  auto event = boost::json::parse(body, parse_error, memory);
  auto rejection = parse_error ? std::optional<rules::Rejection>(rules::Rejection{
                                     "invalid_event", parse_error.message(), "", ""})
                               : file.record(event);
  if (!rejection) return event;
  return Error::make("database_error",
                     fmt::format("database {}: stored event {} of case {} no longer replays "
                                 "({}: {})",
                                 db.path(), seq, case_id, rejection->code, rejection->message));
}

// Replays a stored history into `file`; returns how many events it has. With `events`, the
// stored events are kept there, each as parsed for the replay.
ErrorOr<int64_t> replay(Connection& db, int64_t case_id, rules::CaseFile& file,
                        std::vector<StoredEvent>* events) {
  auto lease = TRY(db.cached(kSelectEvents));
  auto& select = *lease;
  select.bind(1, case_id);
  int64_t count = 0;
  // Kept events are shared between the reader threads (store/case_cache.h), and a copy of a JSON
  // value allocates from the storage of what it copies, so they use the thread-safe heap. A
  // history replayed only to be checked is parsed into an arena (the rules copy what they keep),
  // one allocation for many JSON values.
  boost::json::storage_ptr memory =
      events != nullptr ? boost::json::storage_ptr()
                        : boost::json::make_shared_resource<boost::json::monotonic_resource>();
  while (TRY(select.step())) {
    int64_t seq = select.column_int(0);
    auto replayed = replay_stored(db, case_id, seq, select.column_text(3), file, memory);
    if (replayed.is_error()) {
      select.reset();
      return replayed.release_error();
    }
    ++count;
    if (events == nullptr) continue;
    // Every stored event is an object: the rules refuse anything else.
    auto& stored = events->emplace_back(StoredEvent{
        seq, select.column_text(1), select.column_text(2), std::move(replayed.value().as_object()),
        select.column_text(4), select.column_optional_text(5), select.column_optional_text(6)});
    stored.record_text = to_json_text(event_record(stored));
  }
  return count;
}

// The highest event number of the case, which is how many events it has; 0 when there is no
// such case.
ErrorOr<int64_t> event_count(Connection& db, int64_t case_id) {
  auto lease = TRY(db.cached("SELECT coalesce(max(seq), 0) FROM events WHERE case_id = ?"));
  auto& select = *lease;
  select.bind(1, case_id);
  TRY(select.step());
  return select.column_int(0);
}

// The case's row; "unknown_case" when there is none.
ErrorOr<CaseSummary> summary(Connection& db, int64_t case_id) {
  auto lease = TRY(db.cached(kSelectCase));
  auto& select = *lease;
  select.bind(1, case_id);
  if (!TRY(select.step())) {
    return Error::make("unknown_case", fmt::format("there is no case {} in {}", case_id, db.path()),
                       "case");
  }
  CaseSummary found = read_case_summary(select);
  select.reset();
  return found;
}

}  // namespace

struct CaseStore::State {
  // The writer's statements, prepared once per store and reused by every write.
  struct Statements {
    Statement next_case_id;
    Statement insert_case;
    Statement insert_event;
    Statement find_ref;
    FactTables facts;

    static ErrorOr<Statements> prepare(Connection& db) {
      return Statements{
          TRY(db.prepare("SELECT coalesce(max(id), 0) + 1 FROM cases")),
          TRY(db.prepare(
              "INSERT INTO cases (id, case_number, ref, created_at) VALUES (?, ?, ?, ?)")),
          TRY(db.prepare("INSERT INTO events (case_id, seq, date, type, body, recorded_at, "
                         "recorded_by, agency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")),
          TRY(db.prepare("SELECT id FROM cases WHERE ref = ?")),
          TRY(FactTables::prepare(db)),
      };
    }
  };

  Connection db;
  Statements statements;
  std::optional<policy::Policy> policy;
  std::mutex mutex;
  ReaderPool readers;
  CaseCache cases;  // What the readers replayed, for the next read.
  // After the writer's connection, so that it stops before that closes.
  std::unique_ptr<Checkpointer> checkpointer;
  // Last: it commits through the writer, whose commits the checkpointer watches.
  std::unique_ptr<AuditCommitter> audit_committer;

  ErrorOr<void> transact(const std::function<ErrorOr<void>(Connection&)>& work) {
    std::lock_guard lock(mutex);
    auto transaction = TRY(Transaction::begin(db));
    TRY(work(db));
    return transaction.commit();
  }

  ErrorOr<int64_t> insert_case(const std::optional<std::string>& ref, Date identified_on,
                               const std::string& now) {
    auto& next = statements.next_case_id;
    TRY(next.step());
    int64_t id = next.column_int(0);
    next.reset();
    TRY(statements.insert_case.bind(1, id)
            .bind(2, fmt::format("NRM-{}-{:06}", identified_on.year(), id))
            .bind_optional(3, ref)
            .bind(4, now)
            .run());
    return id;
  }

  ErrorOr<void> insert_event(int64_t case_id, int64_t seq, const boost::json::value& event,
                             const std::string& now, const Recorder& recorder) {
    return statements.insert_event.bind(1, case_id)
        .bind(2, seq)
        .bind(3, text_field(event, "date"))
        .bind(4, text_field(event, "type"))
        .bind(5, boost::json::serialize(event))
        .bind(6, now)
        .bind_optional(7, recorder.recorded_by)
        .bind_optional(8, recorder.agency)
        .run();
  }

  ErrorOr<std::optional<int64_t>> find_ref(const std::string& ref) {
    auto& find = statements.find_ref;
    find.bind(1, ref);
    if (!TRY(find.step())) return std::optional<int64_t>();
    int64_t id = find.column_int(0);
    find.reset();
    return std::optional<int64_t>(id);
  }
};

CaseStore::CaseStore(std::unique_ptr<State> state) : state_(std::move(state)) {}
CaseStore::CaseStore(CaseStore&&) noexcept = default;
CaseStore& CaseStore::operator=(CaseStore&&) noexcept = default;
CaseStore::~CaseStore() = default;

ErrorOr<CaseStore> CaseStore::open(const std::string& path, Create create) {
  if (create == Create::never && !std::filesystem::exists(path)) {
    return Error::make(
        "database_error",
        fmt::format("database {} does not exist (create it with `opennrm init`)", path), path);
  }
  auto db = TRY(Connection::open(path, create == Create::if_missing));
  TRY(migrate(db));
  auto statements = TRY(State::Statements::prepare(db));
  // State holds a mutex, so it is built in place rather than moved.
  std::unique_ptr<State> state(new State{std::move(db),
                                         std::move(statements),
                                         {},
                                         {},
                                         ReaderPool(path, kReaders),
                                         CaseCache(),
                                         nullptr,
                                         nullptr});
  state->checkpointer = TRY(Checkpointer::start(state->db));
  state->audit_committer = std::make_unique<AuditCommitter>(
      [&state = *state](const std::vector<const TimedAuditEntry*>& records) {
        return state.transact([&](Connection& writer) { return append_audit(writer, records); });
      });
  auto read = TRY(state->db.prepare("SELECT value FROM settings WHERE key = 'policy'"));
  if (TRY(read.step())) {
    state->policy = TRY(policy::parse_policy(read.column_text(0), "database " + path));
    read.reset();
  }
  return CaseStore(std::move(state));
}

ErrorOr<void> CaseStore::initialise(const policy::Policy& policy) {
  std::lock_guard lock(state_->mutex);
  if (state_->policy) {
    return Error::make("already_initialised",
                       fmt::format("database {} is already initialised for jurisdiction {}",
                                   state_->db.path(), state_->policy->jurisdiction.id),
                       state_->db.path());
  }
  auto transaction = TRY(Transaction::begin(state_->db));
  auto insert = TRY(state_->db.prepare("INSERT INTO settings (key, value) VALUES ('policy', ?)"));
  TRY(insert.bind(1, policy::to_toml(policy)).run());
  TRY(transaction.commit());
  state_->policy = policy;
  return {};
}

bool CaseStore::initialised() const {
  return state_->policy.has_value();
}

const policy::Policy& CaseStore::policy() const {
  return *state_->policy;
}

ErrorOr<void> CaseStore::require_policy() const {
  if (state_->policy) return {};
  return Error::make("not_initialised",
                     fmt::format("database {} has no jurisdiction policy yet (run `opennrm init`)",
                                 state_->db.path()),
                     state_->db.path());
}

ErrorOr<Recorded> CaseStore::open_case(const boost::json::value& event, const Recorder& recorder) {
  TRY(require_policy());
  std::lock_guard lock(state_->mutex);
  rules::CaseFile file(*state_->policy);
  if (auto rejection = file.record(event)) return Recorded{std::move(rejection), 0, 0};
  auto transaction = TRY(Transaction::begin(state_->db));
  std::string now = utc_now();
  int64_t case_id = TRY(state_->insert_case(std::nullopt, file.person()->identified_on, now));
  TRY(state_->insert_event(case_id, 1, event, now, recorder));
  TRY(state_->statements.facts.write(case_id, file, *state_->policy, accepted_date(event)));
  Recorded recorded{std::nullopt, case_id, 1};
  if (recorder.in_same_transaction) TRY(recorder.in_same_transaction(state_->db, recorded));
  TRY(transaction.commit());
  return recorded;
}

ErrorOr<Recorded> CaseStore::append_event(int64_t case_id, const boost::json::value& event,
                                          const Recorder& recorder) {
  TRY(require_policy());
  std::lock_guard lock(state_->mutex);
  // The history is read inside the write transaction, so no other writer can slip an event in
  // between the replay and the append.
  auto transaction = TRY(Transaction::begin(state_->db));
  TRY(summary(state_->db, case_id));
  rules::CaseFile file(*state_->policy);
  int64_t count = TRY(replay(state_->db, case_id, file, nullptr));
  const StatisticsFacts before =
      statistics_facts(file, *state_->policy, file.applied_events().back().date);
  if (auto rejection = file.record(event)) return Recorded{std::move(rejection), case_id, 0};
  TRY(state_->insert_event(case_id, count + 1, event, utc_now(), recorder));
  // Most events (consents, assistance, referrals) change no statistic, and rewriting the same
  // facts would only add pages to the synchronous commit.
  const Date latest = accepted_date(event);
  StatisticsFacts after = statistics_facts(file, *state_->policy, latest);
  if (after != before) TRY(state_->statements.facts.write(case_id, after, latest));
  Recorded recorded{std::nullopt, case_id, count + 1};
  if (recorder.in_same_transaction) TRY(recorder.in_same_transaction(state_->db, recorded));
  TRY(transaction.commit());
  return recorded;
}

ErrorOr<void> CaseStore::transact(const std::function<ErrorOr<void>(Connection&)>& work) {
  return state_->transact(work);
}

ErrorOr<void> CaseStore::read(const std::function<ErrorOr<void>(Connection&)>& work) {
  return state_->readers.run(work);
}

void CaseStore::record_audit(TimedAuditEntry record, AuditCommitter::Committed committed) {
  state_->audit_committer->append(std::move(record), std::move(committed));
}

ErrorOr<void> CaseStore::record_audit(TimedAuditEntry record) {
  return state_->audit_committer->append(std::move(record));
}

ErrorOr<std::shared_ptr<const LoadedCase>> CaseStore::load_case(int64_t case_id) {
  std::shared_ptr<const LoadedCase> loaded;
  auto work = [&](Connection& db) -> ErrorOr<void> {
    loaded = TRY(load_case(db, case_id));
    return {};
  };
  TRY(state_->readers.run(work));
  return loaded;
}

ErrorOr<std::shared_ptr<const LoadedCase>> CaseStore::load_case(Connection& db,
                                                                int64_t case_id) const {
  assert(sqlite3_db_readonly(db.handle(), "main") == 1 && "load_case(db) outside a read");
  TRY(require_policy());
  int64_t events = TRY(event_count(db, case_id));
  if (auto kept = state_->cases.find(case_id, events)) return kept;
  auto loaded =
      std::make_shared<LoadedCase>(TRY(summary(db, case_id)), rules::CaseFile(*state_->policy));
  TRY(replay(db, case_id, loaded->file, &loaded->events));
  state_->cases.keep(case_id, events, loaded);
  return std::shared_ptr<const LoadedCase>(std::move(loaded));
}

ErrorOr<std::vector<CaseSummary>> CaseStore::list_cases() {
  std::vector<CaseSummary> cases;
  auto work = [&](Connection& db) -> ErrorOr<void> {
    auto lease = TRY(db.cached(kListCases));
    auto& select = *lease;
    while (TRY(select.step())) cases.push_back(read_case_summary(select));
    return {};
  };
  TRY(state_->readers.run(work));
  return cases;
}

ErrorOr<std::vector<CaseAlert>> CaseStore::alerts_as_of(Date as_of) {
  TRY(require_policy());
  std::vector<CaseAlert> alerts;
  auto work = [&](Connection& db) -> ErrorOr<void> {
    auto lease = TRY(db.cached(kOpenHistories));
    auto& select = *lease;
    select.bind(1, as_of.to_string());
    std::optional<rules::CaseFile> file;
    int64_t current = 0;
    boost::json::storage_ptr memory;
    std::string case_number;
    auto collect = [&] {
      if (!file) return;
      for (auto& alert : file->as_of(as_of).alerts) {
        alerts.push_back(CaseAlert{current, case_number, std::move(alert)});
      }
    };
    int64_t seq = 0;
    while (TRY(select.step())) {
      if (!file || select.column_int(0) != current) {
        collect();
        current = select.column_int(0);
        case_number = select.column_text(1);
        file.emplace(*state_->policy);
        memory = boost::json::make_shared_resource<boost::json::monotonic_resource>();
        seq = 0;
      }
      auto replayed = replay_stored(db, current, ++seq, select.column_text(2), *file, memory);
      if (replayed.is_error()) {
        select.reset();
        return replayed.release_error();
      }
    }
    collect();
    return {};
  };
  TRY(state_->readers.run(work));
  // Alerts with a due date first, soonest first; then by case, then by code.
  std::stable_sort(alerts.begin(), alerts.end(), [](const CaseAlert& a, const CaseAlert& b) {
    if (a.alert.due.has_value() != b.alert.due.has_value()) return a.alert.due.has_value();
    if (a.alert.due != b.alert.due) return *a.alert.due < *b.alert.due;
    if (a.case_id != b.case_id) return a.case_id < b.case_id;
    return a.alert.code < b.alert.code;
  });
  return alerts;
}

struct CaseStore::Bulk::Impl {
  State* state;
  std::unique_lock<std::mutex> lock;
  std::size_t cases_per_transaction;
  std::size_t cases_in_transaction = 0;
  std::optional<Transaction> transaction;
  std::string now = utc_now();

  ErrorOr<void> ensure_transaction() {
    if (!transaction) transaction.emplace(TRY(Transaction::begin(state->db)));
    return {};
  }
};

ErrorOr<CaseStore::Bulk> CaseStore::bulk(std::size_t cases_per_transaction) {
  TRY(require_policy());
  return Bulk(
      std::unique_ptr<Bulk::Impl>(new Bulk::Impl{state_.get(), std::unique_lock(state_->mutex),
                                                 std::max<std::size_t>(1, cases_per_transaction)}));
}

CaseStore::Bulk::Bulk(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CaseStore::Bulk::Bulk(Bulk&&) noexcept = default;
CaseStore::Bulk::~Bulk() = default;

ErrorOr<ImportedCase> CaseStore::Bulk::import_case(const std::optional<std::string>& ref,
                                                   std::span<const boost::json::value> events,
                                                   const Recorder& recorder) {
  TRY(impl_->ensure_transaction());
  State& state = *impl_->state;
  rules::CaseFile file(*state.policy);
  std::optional<int64_t> case_id;
  int64_t seq = 0;
  if (ref) {
    case_id = TRY(state.find_ref(*ref));
    if (case_id) seq = TRY(replay(state.db, *case_id, file, nullptr));
  }
  ImportedCase imported;
  std::optional<Date> latest;
  for (std::size_t index = 0; index < events.size(); ++index) {
    if (auto rejection = file.record(events[index])) {
      imported.rejected.push_back(ImportRejection{index, std::move(rejection->code)});
      continue;
    }
    // The first accepted event of a new case is its `identified`, which opens it.
    if (!case_id) case_id = TRY(state.insert_case(ref, file.person()->identified_on, impl_->now));
    TRY(state.insert_event(*case_id, ++seq, events[index], impl_->now, {}));
    latest = accepted_date(events[index]);
    ++imported.stored;
  }
  if (imported.stored > 0) {
    TRY(state.statements.facts.write(*case_id, file, *state.policy, *latest));
    if (recorder.in_same_transaction) {
      TRY(recorder.in_same_transaction(state.db, Recorded{std::nullopt, *case_id, seq}));
    }
  }
  TRY(case_done());
  return imported;
}

ErrorOr<int64_t> CaseStore::Bulk::add_case(const rules::CaseFile& file,
                                           std::span<const boost::json::value> events,
                                           const Recorder& recorder) {
  assert(!events.empty() && file.person().has_value());
  TRY(impl_->ensure_transaction());
  State& state = *impl_->state;
  int64_t case_id = TRY(state.insert_case(std::nullopt, file.person()->identified_on, impl_->now));
  int64_t seq = 0;
  for (const auto& event : events) {
    TRY(state.insert_event(case_id, ++seq, event, impl_->now, recorder));
  }
  TRY(state.statements.facts.write(case_id, file, *state.policy, accepted_date(events.back())));
  if (recorder.in_same_transaction) {
    TRY(recorder.in_same_transaction(state.db, Recorded{std::nullopt, case_id, seq}));
  }
  TRY(case_done());
  return case_id;
}

ErrorOr<void> CaseStore::Bulk::case_done() {
  if (++impl_->cases_in_transaction < impl_->cases_per_transaction) return {};
  return commit();
}

ErrorOr<void> CaseStore::Bulk::commit() {
  if (impl_->transaction) {
    TRY(impl_->transaction->commit());
    impl_->transaction.reset();
  }
  impl_->cases_in_transaction = 0;
  return {};
}

}  // namespace opennrm::store

#include "demo/demo.h"

#include <chrono>
#include <optional>

#include "demo/agency_links.h"
#include "demo/generator.h"
#include "store/account_store.h"

namespace opennrm::demo {

namespace {

ErrorOr<std::vector<store::Agency>> agencies_of(store::CaseStore& store) {
  ErrorOr<std::vector<store::Agency>> agencies = std::vector<store::Agency>();
  auto read = store.read([&](store::Connection& db) -> ErrorOr<void> {
    agencies = store::list_agencies(db);
    return {};
  });
  if (read.is_error()) return read.release_error();
  return agencies;
}

}  // namespace

ErrorOr<DemoSummary> run_demo(store::CaseStore& store, std::size_t cases, uint64_t seed) {
  std::optional<AgencyLinks> links;
  if (auto agencies = TRY(agencies_of(store)); !agencies.empty()) links.emplace(agencies, seed);
  std::string now = store::utc_timestamp(std::chrono::system_clock::now());
  Generator generator(store.policy(), seed);
  DemoSummary summary;
  summary.anchor = generator.anchor();
  auto bulk = TRY(store.bulk(5000));
  for (std::size_t made = 0; made < cases; ++made) {
    History history = generator.next_case();
    summary.rejected += history.rejected;
    if (history.events.empty()) continue;
    if (links) {
      // The opening agency records every event of its case, as it would on the server.
      CaseAgencies agencies = links->choose(history.events);
      store::Recorder recorder{std::nullopt, std::to_string(agencies.opened_by),
                               [&](store::Connection& db, const store::Recorded& recorded) {
                                 return links->write(db, recorded.case_id, agencies, now);
                               }};
      TRY(bulk.add_case(history.file, history.events, recorder));
    } else {
      TRY(bulk.add_case(history.file, history.events));
    }
    ++summary.cases;
    summary.events += history.events.size();
  }
  TRY(bulk.commit());
  return summary;
}

}  // namespace opennrm::demo

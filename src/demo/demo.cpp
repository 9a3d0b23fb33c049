#include "demo/demo.h"

#include "demo/generator.h"

namespace opennrm::demo {

ErrorOr<DemoSummary> run_demo(store::CaseStore& store, std::size_t cases, uint64_t seed) {
  Generator generator(store.policy(), seed);
  DemoSummary summary;
  summary.anchor = generator.anchor();
  auto bulk = TRY(store.bulk(5000));
  for (std::size_t made = 0; made < cases; ++made) {
    History history = generator.next_case();
    summary.rejected += history.rejected;
    if (history.events.empty()) continue;
    TRY(bulk.add_case(history.file, history.events));
    ++summary.cases;
    summary.events += history.events.size();
  }
  TRY(bulk.commit());
  return summary;
}

}  // namespace opennrm::demo

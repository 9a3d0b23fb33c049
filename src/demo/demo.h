#pragma once

// `opennrm demo`: fills a case store with generated histories (see generator.h).

#include <cstddef>
#include <cstdint>

#include "core/date.h"
#include "core/error.h"
#include "store/case_store.h"

namespace opennrm::demo {

struct DemoSummary {
  std::size_t cases = 0;
  std::size_t events = 0;
  std::size_t rejected = 0;  // Generated events the rules refused; 0 unless the generator errs.
  Date anchor;
};

// Generates `cases` histories from `seed` under the store's policy and stores them in large
// transactions.
ErrorOr<DemoSummary> run_demo(store::CaseStore& store, std::size_t cases, uint64_t seed);

}  // namespace opennrm::demo

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
// transactions. When the database has agencies, each case is linked to them and its referrals
// are stored in the same transactions (the rules are in agency_links.h); without agencies no
// case belongs to any agency, and only the coordinator sees them.
ErrorOr<DemoSummary> run_demo(store::CaseStore& store, std::size_t cases, uint64_t seed);

}  // namespace opennrm::demo

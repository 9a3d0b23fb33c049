#pragma once

// The plan services behind both the JSON API and the web pages (action-plan.md): the server's
// one plan store, and recording a progress report with its audit record, so that both front
// ends refuse and record alike.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "api/context.h"
#include "core/error.h"
#include "http/request.h"
#include "plans/plan.h"
#include "store/plan_store.h"

namespace opennrm::api {

// The longest note a progress report may carry, in bytes.
inline constexpr std::size_t kMaxProgressNoteBytes = 1000;

// The plan store on the case store's database file, opened once for the server and shared by
// the API and the pages. Throws std::runtime_error when it cannot be opened (at start-up).
std::shared_ptr<store::PlanStore> open_plan_store(AppContext& context);

// Records a progress report on an action of a stored plan, then its audit record. Errors:
// "invalid_field" on "note" (longer than kMaxProgressNoteBytes), and the store's own:
// "progress_invalid" naming the key at fault ("action", "percent", "spent"), "unknown_plan".
// A refused report stores nothing.
ErrorOr<store::ProgressRecord> record_plan_progress(AppContext& context, store::PlanStore& plans,
                                                    const Principal& who, int64_t plan_id,
                                                    const plans::Progress& progress);

// `?eu=true|false` (assess against the EU dimensions too), false when absent; anything else is
// "invalid_field" on "eu". The API and the plan page read it alike.
ErrorOr<bool> eu_parameter(const http::Request& request);

}  // namespace opennrm::api

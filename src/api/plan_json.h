#pragma once

// Stored plans as JSON, one shape for the API (/api/v1/plans) and for `opennrm plan`, so that a
// script reads the command's output as it reads the server's answers.

#include <cstdint>

#include <boost/json/object.hpp>

#include "store/plan_store.h"

namespace opennrm::api {

// {"plan_id", "title", "country", "version", "created_at"}.
boost::json::object plan_summary_json(const store::PlanSummary& summary);

// One progress report: {"plan_id", "progress_id", "version", "action", "date", "percent",
// "spent", "note", "recorded_at", "recorded_by"} (note and recorded_by null when absent).
boost::json::object plan_progress_json(int64_t plan_id, const store::ProgressRecord& record);

// The summary with every version ({"version", "recorded_at", "recorded_by"}) and every report.
boost::json::object plan_history_json(const store::PlanHistory& history);

}  // namespace opennrm::api

#include "api/plan_json.h"

#include <optional>
#include <string>

#include <boost/json/array.hpp>

#include "core/json.h"

namespace opennrm::api {

boost::json::object plan_summary_json(const store::PlanSummary& summary) {
  return boost::json::object{{"plan_id", summary.id},
                             {"title", summary.title},
                             {"country", summary.country},
                             {"version", summary.version},
                             {"created_at", summary.created_at}};
}

boost::json::object plan_progress_json(int64_t plan_id, const store::ProgressRecord& record) {
  const auto& progress = record.progress;
  return boost::json::object{{"plan_id", plan_id},
                             {"progress_id", record.id},
                             {"version", record.version},
                             {"action", progress.action},
                             {"date", progress.date.to_string()},
                             {"percent", progress.percent},
                             {"spent", progress.spent},
                             {"note", optional_text(progress.note)},
                             {"recorded_at", record.recorded_at},
                             {"recorded_by", optional_text(record.recorded_by)}};
}

boost::json::object plan_history_json(const store::PlanHistory& history) {
  boost::json::array versions;
  for (const auto& version : history.versions) {
    versions.push_back(boost::json::object{{"version", version.version},
                                           {"recorded_at", version.recorded_at},
                                           {"recorded_by", optional_text(version.recorded_by)}});
  }
  boost::json::array progress;
  for (const auto& record : history.progress) {
    progress.push_back(plan_progress_json(history.summary.id, record));
  }
  auto json = plan_summary_json(history.summary);
  json["versions"] = std::move(versions);
  json["progress"] = std::move(progress);
  return json;
}

}  // namespace opennrm::api

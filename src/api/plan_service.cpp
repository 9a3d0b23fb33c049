#include "api/plan_service.h"

#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "api/case_json.h"

namespace opennrm::api {

std::shared_ptr<store::PlanStore> open_plan_store(AppContext& context) {
  std::string path;
  auto read = context.store.read([&](store::Connection& db) -> ErrorOr<void> {
    path = db.path();
    return {};
  });
  if (read.is_error()) throw std::runtime_error(read.error().message);
  auto opened = store::PlanStore::open(path);
  if (opened.is_error()) throw std::runtime_error(opened.error().message);
  return std::make_shared<store::PlanStore>(opened.release_value());
}

ErrorOr<store::ProgressRecord> record_plan_progress(AppContext& context, store::PlanStore& plans,
                                                    const Principal& who, int64_t plan_id,
                                                    const plans::Progress& progress) {
  if (progress.note && progress.note->size() > kMaxProgressNoteBytes) {
    return Error::make("invalid_field",
                       fmt::format("note must be at most {} bytes", kMaxProgressNoteBytes), "note");
  }
  auto record = TRY(plans.record_progress(plan_id, progress, who.username));
  TRY(audit(context, who, "plan.progress", fmt::format("plan:{}", plan_id),
            fmt::format("progress:{}", record.id)));
  return record;
}

ErrorOr<bool> eu_parameter(const http::Request& request) {
  auto given = request.query("eu");
  if (!given || *given == "false") return false;
  if (*given == "true") return true;
  return Error::make("invalid_field", "eu must be true or false", "eu");
}

}  // namespace opennrm::api

#pragma once

// Views of a case for the templates, in the request's language: the status panel, the
// timeline, an alert with what to do and which rule requires it, and a refused event with the
// rulebook's reason and legal source.

#include <cstdint>
#include <map>
#include <string>

#include <boost/json/object.hpp>

#include "core/date.h"
#include "rules/case_view.h"
#include "store/case_store.h"
#include "web/i18n.h"
#include "web/view.h"

namespace opennrm::web {

// One alert for the "alert_item" template; `case_number` empty on the case's own page.
View alert_view(const Catalog& catalog, const rules::Alert& alert, Date today, int64_t case_id,
                const std::string& case_number);

// The status panel's values: stage, child or adult, protection and its grounds, reflection
// period with days left, permit, testimony and the open alerts.
View status_view(const Catalog& catalog, const rules::CaseView& view, Date today);

// The timeline, oldest first: each event's date, name, recorded values and who recorded it.
// `agency_names` maps agency ids to names.
View timeline_view(const Catalog& catalog, const store::LoadedCase& loaded,
                   const std::map<int64_t, std::string>& agency_names);

// What a rejection's message needs besides the event: filled into the catalog's sentence.
struct RefusalContext {
  std::string latest_date;  // The case's latest event (out_of_order).
  std::string grounds;      // The protection grounds on the event's date (removal_prohibited).
  int risk_assessment_days = 0;
};

// A refused event for the "refusal" template: the rule, the plain reason, the field at fault
// and the legal source.
View refusal_view(const Catalog& catalog, const rules::Rejection& rejection,
                  const boost::json::object& event, const RefusalContext& context);

// The protection grounds of a state as a sentence ("Reflection period, Child's extended stay").
std::string grounds_text(const Catalog& catalog, const rules::CaseState& state);

}  // namespace opennrm::web

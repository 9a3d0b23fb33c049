#pragma once

// The statistics service behind both the JSON API and the rapporteur's web page: a table of
// statistics.md counted by the database and published through disclosure control (or raw, for
// a caller that has checked stats.raw), so that both front ends show exactly the same cells.

#include <optional>
#include <string>
#include <string_view>

#include "api/context.h"
#include "core/error.h"
#include "http/request.h"
#include "stats/disclosure.h"
#include "stats/victim_tables.h"

namespace opennrm::api {

// The table of `request` over the stored cases, with disclosure control when `disclosure` is
// given and raw counts otherwise. Checking who may see raw counts is the caller's task.
ErrorOr<stats::PublishedTable> published_table(
    AppContext& context, const stats::TableRequest& request,
    const std::optional<stats::DisclosureOptions>& disclosure);

// `?NAME=YYYY` of a statistics request, nullopt when absent; anything but four digits of a
// year is an invalid_field error naming the parameter.
ErrorOr<std::optional<int>> year_parameter(const http::Request& request, std::string_view name);

// Text quoted in an audit record, cut to a bounded length (40 bytes).
std::string clipped_for_audit(std::string_view text);

// What the audit record of a statistics request says: the parameters asked (names and values
// clipped), then the answer's status, e.g. "from=2024 raw=true status:200". A table holds no
// identity, so the record names none either.
std::string stats_audit_detail(const http::Request& request, int status);

}  // namespace opennrm::api

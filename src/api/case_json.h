#pragma once

// What the case, referral and policy routes share: reading the signed-in principal, ids, dates
// and JSON bodies from a request, the answers for a denied or unknown resource, and JSON
// responses that print decimals readably (core/json.h).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "api/context.h"
#include "core/date.h"
#include "core/error.h"
#include "core/number.h"
#include "http/request.h"
#include "http/response.h"

namespace opennrm::api {

// A JSON response written with opennrm::to_json_text.
http::Response json_response(int status, const boost::json::value& value);
// A JSON response whose body is `json`, already written (core/json.h JsonObjectWriter).
http::Response json_text_response(int status, std::string json);

// 403 "forbidden": the caller's role lacks the permission for this endpoint altogether.
http::Response forbidden(std::string_view permission);
// 404 "case_not_found": the same answer for a case that does not exist and for one outside the
// caller's scope, so that nobody learns which case ids exist elsewhere.
http::Response case_not_found();

// A handler body for a signed-in principal. It fails with an Error whose code says the answer:
// see error_status().
using PrincipalHandler =
    std::function<ErrorOr<http::Response>(AppContext&, const Principal&, http::Request&)>;

// Wraps a handler body for a route behind authentication: 403 when the role lacks
// `permission`, and a failure turned into the error response of its code.
http::Handler guarded(AppContext& context, std::string permission, PrincipalHandler handler);

// The HTTP status of a failure: "case_not_found" and "referral_not_found" 404,
// "referral_not_pending" 409, otherwise as status_for() (api/json_input.h) says. A 500 is
// logged by code only (messages may quote data).
int error_status(const Error& error);

// An Error for a case that does not exist or is outside the caller's scope (see case_not_found).
Error case_not_found_error();

// The date of `?as_of=` or, without one, today by the clock in local time. Error "invalid_field"
// on field "as_of".
ErrorOr<Date> as_of_parameter(const http::Request& request, const Clock& clock);

// The body of an event as a JSON object, every member kept: the rules ignore fields they do not
// know (rulebook section 2). Errors: "invalid_json" (not JSON, bad UTF-8, too deep) and
// "invalid_body" (JSON but not an object), both on field "body".
ErrorOr<boost::json::object> event_body(const http::Request& request);

// UTC "YYYY-MM-DDTHH:MM:SSZ" of the clock's now.
std::string timestamp(const Clock& clock);

// The value `work(db)` gives on the store's connection under its lock (CaseStore::read), for
// reads whose result the handler needs.
template <typename T, typename Work>
ErrorOr<T> read_store(store::CaseStore& store, Work&& work) {
  std::optional<T> result;
  auto done = store.read([&](store::Connection& db) -> ErrorOr<void> {
    auto value = work(db);
    if (value.is_error()) return value.release_error();
    result.emplace(value.release_value());
    return {};
  });
  if (done.is_error()) return done.release_error();
  return std::move(*result);
}

// Appends an audit record for a read or a refused write, which have no write of their own to
// join; concurrent requests share one durable commit (group commit), and the call returns once
// the record is committed.
ErrorOr<void> audit(AppContext& context, const Principal& who, std::string action,
                    std::string object, std::string detail);
// The same without waiting: the answer that carries the returned hold (http::Response::hold)
// leaves once the record is committed, and is replaced by a 500 if it could not be.
std::shared_ptr<http::Hold> audit_before_answer(AppContext& context, const Principal& who,
                                                std::string action, std::string object,
                                                std::string detail);

}  // namespace opennrm::api

#include "http/router.h"

#include <stdexcept>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace opennrm::http {
namespace {

Request make_request(std::string method, std::string_view target, std::string body = {}) {
  auto request = Request::make(std::move(method), target, {}, std::move(body), "127.0.0.1", false);
  EXPECT_FALSE(request.is_error()) << target;
  return request.release_value();
}

Response route(const Router& router, std::string method, std::string_view target) {
  Request request = make_request(std::move(method), target);
  return router.handle(request);
}

boost::json::value error_of(const Response& response) {
  return boost::json::parse(response.body).at("error");
}

TEST(Router, HandsDecodedPathParametersToTheHandler) {
  Router router;
  router.get("/api/v1/cases/{case_id}/events/{event_id}", [](Request& request) {
    return Response::text(200, std::string(request.path_param("case_id")) + "|" +
                                   std::string(request.path_param("event_id")) + "|" +
                                   request.route());
  });
  Response response = route(router, "GET", "/api/v1/cases/c%2017/events/e-3");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "c 17|e-3|/api/v1/cases/{case_id}/events/{event_id}");
}

TEST(Router, LiteralSegmentBeatsParameterWhicheverIsRegisteredFirst) {
  Router router;
  router.get("/cases/{case_id}", [](Request&) { return Response::text(200, "one case"); });
  router.get("/cases/new", [](Request&) { return Response::text(200, "new case form"); });
  EXPECT_EQ(route(router, "GET", "/cases/new").body, "new case form");
  EXPECT_EQ(route(router, "GET", "/cases/c-1").body, "one case");
}

TEST(Router, UnknownPathIsA404JsonError) {
  Router router;
  router.get("/cases/{case_id}", [](Request&) { return Response::text(200, "case"); });
  for (auto target : {"/nothing", "/cases", "/cases/", "/cases/a/b", "/"}) {
    Response response = route(router, "GET", target);
    EXPECT_EQ(response.status, 404) << target;
    EXPECT_EQ(response.headers.get("content-type"), "application/json");
    auto error = error_of(response);
    EXPECT_EQ(error.at("code"), "not_found");
    EXPECT_TRUE(error.at("field").is_null());
    EXPECT_FALSE(error.at("message").as_string().empty());
  }
}

TEST(Router, WrongMethodIsA405ListingTheAllowedMethods) {
  Router router;
  router.get("/cases/{case_id}", [](Request&) { return Response::text(200, "case"); });
  router.put("/cases/{id}", [](Request&) { return Response::text(200, "updated"); });
  router.post("/cases", [](Request&) { return Response::text(201, "created"); });
  Response response = route(router, "DELETE", "/cases/c-1");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.get("Allow"), "GET, PUT");
  EXPECT_EQ(error_of(response).at("code"), "method_not_allowed");
}

TEST(Router, MiddlewareRunsInOrderAndCanAnswerItself) {
  Router router;
  std::string trace;
  router.use([&](Request& request, const Next& next) {
    trace += "outer>";
    Response response = next(request);
    response.headers.set("X-Outer", "seen");
    trace += "<outer";
    return response;
  });
  router.use([&](Request& request, const Next& next) {
    trace += "inner(" + request.route() + ")>";
    if (request.header("Authorization") == std::nullopt && request.route() == "/private") {
      return Response::error(401, "unauthenticated", "Sign in first.");
    }
    return next(request);
  });
  router.get("/public", [&](Request&) {
    trace += "handler";
    return Response::text(200, "ok");
  });
  router.get("/private", [&](Request&) { return Response::text(200, "secret"); });

  Response response = route(router, "GET", "/public");
  EXPECT_EQ(trace, "outer>inner(/public)>handler<outer");
  EXPECT_EQ(response.headers.get("X-Outer"), "seen");

  trace.clear();
  response = route(router, "GET", "/private");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(trace, "outer>inner(/private)><outer");

  trace.clear();
  response = route(router, "GET", "/missing");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(trace, "outer>inner()><outer");
}

TEST(Router, MiddlewareHandsValuesToHandlersThroughAttributes) {
  struct Account {
    std::string role;
  };
  Router router;
  router.use([](Request& request, const Next& next) {
    request.set_attribute(Account{"prosecutor"});
    return next(request);
  });
  router.get("/me", [](Request& request) {
    const Account* account = request.attribute<Account>();
    return Response::text(200, account ? account->role : "nobody");
  });
  EXPECT_EQ(route(router, "GET", "/me").body, "prosecutor");
}

TEST(Router, ThrowingHandlerOrMiddlewareBecomesA500JsonError) {
  Router router;
  router.get("/boom", [](Request&) -> Response { throw std::runtime_error("secret detail"); });
  router.get("/typo", [](Request& request) {
    return Response::text(200, std::string(request.path_param("not_in_pattern")));
  });
  router.get("/odd", [](Request&) -> Response { throw 42; });
  for (auto target : {"/boom", "/typo", "/odd"}) {
    Response response = route(router, "GET", target);
    EXPECT_EQ(response.status, 500) << target;
    EXPECT_EQ(error_of(response).at("code"), "internal_error");
    EXPECT_EQ(response.body.find("secret detail"), std::string::npos);
  }
  Router guarded;
  guarded.use([](Request&, const Next&) -> Response { throw std::logic_error("broken"); });
  guarded.get("/x", [](Request&) { return Response::text(200, "x"); });
  EXPECT_EQ(route(guarded, "GET", "/x").status, 500);
}

TEST(Router, RejectsIllFormedAndDuplicateRoutes) {
  Router router;
  auto ok = [](Request&) { return Response::text(200, ""); };
  EXPECT_THROW(router.get("cases", ok), std::invalid_argument);
  EXPECT_THROW(router.get("/cases/{}", ok), std::invalid_argument);
  EXPECT_THROW(router.get("/cases/{a b}", ok), std::invalid_argument);
  EXPECT_THROW(router.get("/cases/x{id}", ok), std::invalid_argument);
  EXPECT_THROW(router.get("/cases/{id}/{id}", ok), std::invalid_argument);
  router.get("/cases/{case_id}", ok);
  EXPECT_THROW(router.get("/cases/{other_name}", ok), std::invalid_argument);
  EXPECT_NO_THROW(router.post("/cases/{case_id}", ok));
}

TEST(Request, DecodesQueryParametersAndFormBodies) {
  Request request = make_request("POST", "/search?name=Ana+Maria&tag=a%26b&tag=c&empty=",
                                 "reason=first+contact&note=caf%C3%A9");
  EXPECT_EQ(request.path(), "/search");
  EXPECT_EQ(request.query("name"), "Ana Maria");
  EXPECT_EQ(request.query().get_all("tag"), (std::vector<std::string_view>{"a&b", "c"}));
  EXPECT_EQ(request.query("empty"), "");
  EXPECT_EQ(request.query("missing"), std::nullopt);
  auto form = request.form();
  ASSERT_FALSE(form.is_error());
  EXPECT_EQ(form->get("reason"), "first contact");
  EXPECT_EQ(form->get("note"), "caf\xC3\xA9");
}

TEST(Request, MalformedTargetOrQueryIsABadRequest) {
  auto bad_query = Request::make("GET", "/search?name=%zz", {}, {}, "127.0.0.1", false);
  ASSERT_TRUE(bad_query.is_error());
  EXPECT_EQ(bad_query.error().code, "bad_request");
  EXPECT_EQ(bad_query.error().field, "query");
  auto absolute = Request::make("GET", "http://elsewhere/x", {}, {}, "127.0.0.1", false);
  ASSERT_TRUE(absolute.is_error());
  EXPECT_EQ(absolute.error().field, "target");
}

TEST(Request, HeaderLookupIgnoresCaseAndJsonBodyErrorsNameTheBody) {
  Headers headers;
  headers.add("Content-Type", "application/json");
  auto request = Request::make("POST", "/x", headers, "{\"a\": ", "127.0.0.1", false);
  ASSERT_FALSE(request.is_error());
  EXPECT_EQ(request->header("content-TYPE"), "application/json");
  auto body = request->json();
  ASSERT_TRUE(body.is_error());
  EXPECT_EQ(body.error().code, "invalid_json");
  EXPECT_EQ(body.error().field, "body");
}

TEST(Response, ErrorShapeCarriesCodeMessageAndField) {
  Response response = Response::error(422, "invalid_event", "The date is not a date.", "date");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(boost::json::parse(response.body),
            boost::json::parse(R"({"error":{"code":"invalid_event",)"
                               R"("message":"The date is not a date.","field":"date"}})"));
  Response from_value = Response::error(400, Error::make("policy_invalid", "Bad key.", "a.b"));
  EXPECT_EQ(error_of(from_value).at("field"), "a.b");
  EXPECT_EQ(Response::html(200, "<p>").headers.get("Content-Type"), "text/html; charset=utf-8");
}

}  // namespace
}  // namespace opennrm::http

#include "http/server.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "gunzip.h"
#include "http/security_headers.h"
#include "test_client.h"

namespace opennrm::http {
namespace {

using namespace std::chrono_literals;
using testing::gunzip;
using testing::TestClient;

// Short timeouts keep the suite fast; every test listens on a free port of 127.0.0.1.
ServerOptions test_options() {
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.read_timeout = 1s;
  options.idle_timeout = 1s;
  options.write_timeout = 1s;
  options.shutdown_grace = 2s;
  options.threads = 2;
  return options;
}

std::unique_ptr<Server> start(Router router, ServerOptions options = test_options()) {
  auto server = Server::start(std::move(options), std::move(router));
  if (server.is_error()) {
    ADD_FAILURE() << server.error().code << ": " << server.error().message;
    return nullptr;
  }
  return server.release_value();
}

boost::json::value error_of(const testing::Reply& reply) {
  return boost::json::parse(reply.body()).at("error");
}

Router case_router() {
  Router router;
  router.get("/api/v1/cases/{case_id}/events", [](Request& request) {
    return Response::json(200, {{"case_id", request.path_param("case_id")},
                                {"since", request.query("since").value_or("")},
                                {"remote", request.remote_address()}});
  });
  router.post("/api/v1/cases", [](Request& request) {
    return Response::json(201, {{"received", request.body().size()}});
  });
  router.get("/boom", [](Request&) -> Response { throw std::runtime_error("boom"); });
  return router;
}

TEST(Server, RoutesRequestsWithPathAndQueryParameters) {
  auto server = start(case_router());
  ASSERT_TRUE(server);
  EXPECT_NE(server->port(), 0);
  TestClient client(server->port());
  auto reply = client.request("GET", "/api/v1/cases/c%2D42/events?since=2024-01-31");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 200);
  EXPECT_EQ(reply->at("Content-Type"), "application/json");
  EXPECT_EQ(boost::json::parse(reply->body()),
            boost::json::parse(R"({"case_id":"c-42","since":"2024-01-31","remote":"127.0.0.1"})"));
}

TEST(Server, AnswersUnknownPathsAndWrongMethodsWithJsonErrors) {
  auto server = start(case_router());
  ASSERT_TRUE(server);
  TestClient client(server->port());
  auto missing = client.request("GET", "/api/v1/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->result_int(), 404);
  EXPECT_EQ(error_of(*missing).at("code"), "not_found");
  auto wrong = client.request("DELETE", "/api/v1/cases");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->result_int(), 405);
  EXPECT_EQ(wrong->at("Allow"), "POST");
  EXPECT_EQ(error_of(*wrong).at("code"), "method_not_allowed");
}

TEST(Server, HealthCheckAnswersWithoutRoutesOrMiddleware) {
  Router router;
  router.use([](Request&, const Next&) { return Response::error(401, "unauthenticated", "No."); });
  auto server = start(std::move(router));
  ASSERT_TRUE(server);
  TestClient client(server->port());
  auto reply = client.request("GET", "/healthz");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 200);
  EXPECT_EQ(boost::json::parse(reply->body()).at("status"), "ok");
}

TEST(Server, BodyOverTheLimitGets413) {
  ServerOptions options = test_options();
  options.max_body_bytes = 1024;
  auto server = start(case_router(), options);
  ASSERT_TRUE(server);
  TestClient within(server->port());
  auto accepted = within.request("POST", "/api/v1/cases", std::string(1024, 'x'));
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->result_int(), 201);

  TestClient over(server->port());
  auto rejected = over.request("POST", "/api/v1/cases", std::string(300 * 1024, 'x'));
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->result_int(), 413);
  EXPECT_EQ(error_of(*rejected).at("code"), "body_too_large");
  EXPECT_FALSE(rejected->keep_alive());
}

TEST(Server, ChunkedBodyOverTheLimitGets413) {
  ServerOptions options = test_options();
  options.max_body_bytes = 1024;
  auto server = start(case_router(), options);
  ASSERT_TRUE(server);
  TestClient client(server->port());
  std::string chunk(800, 'y');
  ASSERT_TRUE(
      client.send_raw("POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "320\r\n" +
                      chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 413);
}

TEST(Server, HugeHeaderGets431) {
  auto server = start(case_router());
  ASSERT_TRUE(server);
  TestClient client(server->port());
  auto reply = client.request("GET", "/healthz", {}, {{"X-Padding", std::string(20 * 1024, 'h')}});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 431);
  EXPECT_EQ(error_of(*reply).at("code"), "header_too_large");
}

TEST(Server, MalformedRequestGets400) {
  auto server = start(case_router());
  ASSERT_TRUE(server);
  for (std::string garbage : {"this is not http\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                              "GET http://[bad/ HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    TestClient client(server->port());
    ASSERT_TRUE(client.send_raw(garbage));
    auto reply = client.read_reply();
    ASSERT_TRUE(reply) << garbage;
    EXPECT_EQ(reply->result_int(), 400) << garbage;
    EXPECT_EQ(error_of(*reply).at("code"), "bad_request");
  }
}

TEST(Server, HandlerExceptionGets500AndTheServerGoesOn) {
  auto server = start(case_router());
  ASSERT_TRUE(server);
  TestClient client(server->port());
  auto failed = client.request("GET", "/boom");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->result_int(), 500);
  EXPECT_EQ(error_of(*failed).at("code"), "internal_error");
  auto next = client.request("GET", "/api/v1/cases/c1/events");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->result_int(), 200);
  TestClient other(server->port());
  auto fresh = other.request("GET", "/healthz");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->result_int(), 200);
}

TEST(Server, HeaderThatWouldSplitTheResponseGets500) {
  Router router;
  router.get("/download", [](Request& request) {
    Response response = Response::text(200, "file");
    response.headers.set("Content-Disposition",
                         "attachment; filename=" + std::string(request.query("name").value_or("")));
    return response;
  });
  auto server = start(std::move(router));
  ASSERT_TRUE(server);
  TestClient client(server->port());
  auto reply = client.request("GET", "/download?name=a%0D%0ASet-Cookie:+session%3Dstolen");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 500);
  EXPECT_EQ(reply->count("Set-Cookie"), 0u);
  auto fine = client.request("GET", "/download?name=report.csv");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->at("Content-Disposition"), "attachment; filename=report.csv");
}

TEST(Server, KeepsOneConnectionAliveForManyRequests) {
  auto server = start(case_router());
  ASSERT_TRUE(server);
  TestClient client(server->port());
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i) {
    auto reply = client.request("GET", "/api/v1/cases/c" + std::to_string(i) + "/events");
    ASSERT_TRUE(reply) << "request " << i;
    ASSERT_EQ(reply->result_int(), 200);
    ASSERT_TRUE(reply->keep_alive());
  }
  // With delayed-ACK stalls each round trip would take ~40 ms; 200 must stay far below that.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
}

TEST(Server, IdleConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions options = test_options();
  options.idle_timeout = 200ms;
  auto server = start(case_router(), options);
  ASSERT_TRUE(server);
  TestClient client(server->port());
  ASSERT_TRUE(client.request("GET", "/healthz"));
  EXPECT_TRUE(client.closed_by_server(2s));
  TestClient silent(server->port());
  EXPECT_TRUE(silent.closed_by_server(2s));
}

TEST(Server, RequestThatStallsIsClosedAfterTheReadTimeout) {
  ServerOptions options = test_options();
  options.read_timeout = 200ms;
  options.idle_timeout = 5s;
  auto server = start(case_router(), options);
  ASSERT_TRUE(server);
  TestClient client(server->port());
  ASSERT_TRUE(client.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.closed_by_server(3s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(Server, ConnectionsBeyondTheLimitGet503) {
  ServerOptions options = test_options();
  options.max_connections = 2;
  auto server = start(case_router(), options);
  ASSERT_TRUE(server);
  auto first = std::make_unique<TestClient>(server->port());
  TestClient second(server->port());
  ASSERT_TRUE(first->request("GET", "/healthz"));
  ASSERT_TRUE(second.request("GET", "/healthz"));

  TestClient third(server->port());
  auto refused = third.read_reply();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result_int(), 503);
  EXPECT_EQ(error_of(*refused).at("code"), "server_busy");

  // Once a connection ends its slot is free again.
  first.reset();
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    TestClient later(server->port());
    auto reply = later.request("GET", "/healthz");
    served = reply && reply->result_int() == 200;
    if (!served) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(served);
}

TEST(Server, StopLetsTheRequestInFlightFinish) {
  std::promise<void> handler_started;
  Router router;
  router.get("/slow", [&](Request&) {
    handler_started.set_value();
    std::this_thread::sleep_for(300ms);
    return Response::text(200, "finished");
  });
  auto server = start(std::move(router));
  ASSERT_TRUE(server);
  uint16_t port = server->port();
  TestClient idle(port);
  ASSERT_TRUE(idle.request("GET", "/healthz"));
  TestClient busy(port);
  ASSERT_TRUE(busy.send_raw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  handler_started.get_future().wait();

  auto stopped = std::async(std::launch::async, [&] { server->stop(); });
  auto reply = busy.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 200);
  EXPECT_EQ(reply->body(), "finished");
  EXPECT_FALSE(reply->keep_alive());
  EXPECT_EQ(stopped.wait_for(2s), std::future_status::ready);
  EXPECT_TRUE(idle.closed_by_server(1s));
  EXPECT_THROW(TestClient refused(port), boost::system::system_error);
}

// A held answer (a case read waiting for its audit record's commit) leaves only once released,
// and the server's thread is free meanwhile: with one thread, other requests are answered while
// the answer waits.
TEST(Server, HeldAnswerLeavesOnlyWhenReleased) {
  auto hold = std::make_shared<Hold>();
  std::promise<void> handler_ran;
  Router router = case_router();
  router.get("/held", [&](Request&) {
    auto response = Response::text(200, "the case");
    response.hold = hold;
    handler_ran.set_value();
    return response;
  });
  auto options = test_options();
  options.threads = 1;
  auto server = start(std::move(router), options);
  ASSERT_TRUE(server);
  TestClient held(server->port());
  ASSERT_TRUE(held.send_raw("GET /held HTTP/1.1\r\nHost: x\r\n\r\n"));
  handler_ran.get_future().wait();
  auto reply = std::async(std::launch::async, [&] { return held.read_reply(); });
  TestClient other(server->port());
  auto answered = other.request("GET", "/api/v1/cases/1/events");
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->result_int(), 200);
  EXPECT_EQ(reply.wait_for(200ms), std::future_status::timeout);
  hold->release(true);
  auto released = reply.get();
  ASSERT_TRUE(released);
  EXPECT_EQ(released->result_int(), 200);
  EXPECT_EQ(released->body(), "the case");
}

// When what the answer waited for failed (the read could not be recorded), the client gets a
// 500 that shows nothing of the answer; here the hold has failed before the server waits on it.
TEST(Server, AnswerWhoseHoldFailedIsReplacedBy500) {
  Router router;
  router.get("/held", [](Request&) {
    auto response = Response::text(200, "the case");
    response.hold = std::make_shared<Hold>();
    response.hold->release(false);
    return response;
  });
  auto server = start(std::move(router));
  ASSERT_TRUE(server);
  TestClient client(server->port());
  auto reply = client.request("GET", "/held");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 500);
  EXPECT_EQ(reply->body().find("the case"), std::string::npos);
  EXPECT_EQ(error_of(*reply).at("code"), "internal_error");
}

TEST(Server, StopReturnsPromptlyWhenConnectionsAreIdle) {
  auto server = start(case_router());
  ASSERT_TRUE(server);
  TestClient idle(server->port());
  ASSERT_TRUE(idle.request("GET", "/healthz"));
  auto started = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
  server->stop();  // A second stop is harmless.
}

TEST(Server, StopClosesWhatIsStillOpenAfterTheGracePeriod) {
  ServerOptions options = test_options();
  options.read_timeout = 5s;
  options.shutdown_grace = 200ms;
  auto server = start(case_router(), options);
  ASSERT_TRUE(server);
  TestClient trickling(server->port());
  ASSERT_TRUE(trickling.send_raw(
      "POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial"));
  std::this_thread::sleep_for(100ms);  // The server is now waiting for the rest of the body.
  auto started = std::chrono::steady_clock::now();
  server->stop();
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, 2s);
  EXPECT_TRUE(trickling.closed_by_server(1s));
}

TEST(Server, TerminationSignalStopsGracefully) {
  auto server = start(case_router());
  ASSERT_TRUE(server);
  uint16_t port = server->port();
  server->stop_on_signals();
  std::raise(SIGTERM);
  auto waited = std::async(std::launch::async, [&] { server->wait(); });
  EXPECT_EQ(waited.wait_for(2s), std::future_status::ready);
  EXPECT_THROW(TestClient refused(port), boost::system::system_error);
}

TEST(Server, EveryResponseCarriesTheSecurityHeaders) {
  Router router = case_router();
  router.get("/asset.css", [](Request&) {
    Response response = Response::text(200, "body{}");
    response.headers.set("Content-Type", "text/css");
    response.headers.set("Cache-Control", "public, max-age=3600");
    return response;
  });
  auto server = start(std::move(router));
  ASSERT_TRUE(server);
  EXPECT_FALSE(server->is_tls());
  TestClient client(server->port());
  for (auto target : {"/healthz", "/missing", "/boom", "/api/v1/cases/c/events"}) {
    auto reply = client.request("GET", target);
    ASSERT_TRUE(reply) << target;
    EXPECT_EQ(reply->at("Content-Security-Policy"), kContentSecurityPolicy) << target;
    EXPECT_EQ(reply->at("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(reply->at("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(reply->at("Cache-Control"), "no-store");
    EXPECT_EQ(reply->count("Strict-Transport-Security"), 0u);
  }
  auto asset = client.request("GET", "/asset.css");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->at("Cache-Control"), "public, max-age=3600");

  TestClient oversized(server->port());
  auto rejected = oversized.request("GET", "/healthz", {}, {{"X-Big", std::string(20000, 'b')}});
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->at("X-Content-Type-Options"), "nosniff");
}

TEST(Server, GzipsLargeTextResponsesWhenTheClientAccepts) {
  std::string page;
  while (page.size() < 8000) page += "<li>Referral pending</li>";
  Router router;
  router.get("/page", [&](Request&) { return Response::html(200, page); });
  auto server = start(std::move(router));
  ASSERT_TRUE(server);
  TestClient client(server->port());
  auto compressed = client.request("GET", "/page", {}, {{"Accept-Encoding", "gzip, br"}});
  ASSERT_TRUE(compressed);
  EXPECT_EQ(compressed->at("Content-Encoding"), "gzip");
  EXPECT_LT(compressed->body().size(), page.size());
  EXPECT_EQ(gunzip(compressed->body()), page);
  auto plain = client.request("GET", "/page");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->count("Content-Encoding"), 0u);
  EXPECT_EQ(plain->body(), page);
}

// A GET resource answers HEAD too (RFC 9110 9.3.2), the health check included.
TEST(Server, HeadRequestGetsHeadersWithoutBody) {
  Router router;
  router.get("/doc", [](Request&) { return Response::text(200, "twelve bytes"); });
  auto server = start(std::move(router));
  ASSERT_TRUE(server);
  TestClient client(server->port());
  ASSERT_TRUE(
      client.send_raw("HEAD /doc HTTP/1.1\r\nHost: x\r\n\r\n"
                      "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto head = client.read_reply(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->result_int(), 200);
  EXPECT_EQ(head->at("Content-Length"), "12");
  auto health_head = client.read_reply(/*head=*/true);
  ASSERT_TRUE(health_head);
  EXPECT_EQ(health_head->result_int(), 200);
  // The next reply must follow at once: a body sent after the HEAD reply would garble it.
  auto next = client.read_reply();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->result_int(), 200);
  EXPECT_EQ(boost::json::parse(next->body()).at("status"), "ok");
}

TEST(Server, RefusesBadOptions) {
  ServerOptions options = test_options();
  options.listen = "localhost-no-port";
  auto bad_listen = Server::start(options, Router{});
  ASSERT_TRUE(bad_listen.is_error());
  EXPECT_EQ(bad_listen.error().field, "listen");

  options = test_options();
  options.tls_cert = "/nonexistent/cert.pem";
  auto half_tls = Server::start(options, Router{});
  ASSERT_TRUE(half_tls.is_error());
  EXPECT_EQ(half_tls.error().field, "tls_key");

  options.tls_key = "/nonexistent/key.pem";
  auto missing_files = Server::start(options, Router{});
  ASSERT_TRUE(missing_files.is_error());
  EXPECT_EQ(missing_files.error().code, "tls_invalid");

  auto server = start(Router{});
  ASSERT_TRUE(server);
  options = test_options();
  options.listen = "127.0.0.1:" + std::to_string(server->port());
  auto taken = Server::start(options, Router{});
  ASSERT_TRUE(taken.is_error());
  EXPECT_EQ(taken.error().code, "listen_failed");
}

TEST(Server, ServesHttpsWithAGivenCertificate) {
  if (std::system("openssl version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl CLI";
  auto dir =
      std::filesystem::temp_directory_path() / ("opennrm_http_tls_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string cert = (dir / "cert.pem").string();
  std::string key = (dir / "key.pem").string();
  std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "
      "/CN=127.0.0.1 "
      "-keyout " +
      key + " -out " + cert + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);

  ServerOptions options = test_options();
  options.tls_cert = cert;
  options.tls_key = key;
  auto server = start(case_router(), options);
  ASSERT_TRUE(server);
  EXPECT_TRUE(server->is_tls());
  TestClient client(server->port(), /*tls=*/true);
  for (int i = 0; i < 3; ++i) {
    auto reply = client.request("GET", "/api/v1/cases/c9/events");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 200);
    EXPECT_EQ(reply->at("Strict-Transport-Security"), "max-age=63072000");
  }
  server->stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace opennrm::http

// The web application's case page for a case of 100 events, served through the real router
// (middleware, scope check, replay, the audited read, templates in the reader's language):
//
// - median server-side time to answer GET /cases/{id}; goal under 5 ms
//   (ratio_to_5ms = median / 5 ms, goal < 1);
// - bytes sent for it gzip-compressed, as the server sends them to a browser that accepts gzip;
//   goal under 50 KB (ratio_to_50KB = bytes / 51200, goal < 1).
//
// The database is a temporary one with the CETS 197 minimum policy.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "access/permission_matrix.h"
#include "api/accounts.h"
#include "api/app.h"
#include "http/compression.h"
#include "http/request.h"
#include "security/encoding.h"
#include "security/secret.h"
#include "store/case_scope.h"
#include "store/case_store.h"

namespace {

using namespace opennrm;
using SteadyClock = std::chrono::steady_clock;

constexpr int kEvents = 100;
constexpr double kGoalMs = 5.0;
constexpr double kGoalBytes = 50.0 * 1024;

template <typename T>
T must(ErrorOr<T> result) {
  if (result.is_error()) throw std::runtime_error(result.error().message);
  return result.release_value();
}

// Events a caseworker records over months of assistance: consent, then services, each on its
// own day, all of which the rules accept.
boost::json::object event_number(int n, Date identified) {
  static constexpr std::array<std::string_view, 6> kServices = {
      "shelter", "medical", "psychological", "legal", "interpretation", "education"};
  std::string date = identified.add_days(n).to_string();
  if (n % 10 == 1) {
    return {{"type", "consent_recorded"}, {"date", date}, {"scope", "assistance"}, {"given", true}};
  }
  return {{"type", "assistance_provided"},
          {"date", date},
          {"service", kServices[static_cast<std::size_t>(n) % kServices.size()]}};
}

class CasePageFixture {
 public:
  CasePageFixture() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "opennrm-web-bench-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    store_ = std::make_unique<store::CaseStore>(must(store::CaseStore::open(dir_ + "/db.sqlite")));
    if (auto done = store_->initialise(policy::coe_minimum()); done.is_error()) {
      throw std::runtime_error(done.error().message);
    }
    cipher_ = std::make_unique<security::FieldCipher>(
        must(security::FieldCipher::from_base64(security::to_base64(security::random_bytes(32)))));
    context_ = std::make_unique<api::AppContext>(
        api::AppContext{*store_, access::PermissionMatrix::shipped(), *cipher_, clock_});
    auto accounts = std::shared_ptr<api::Accounts>(must(api::Accounts::make(*context_, {})));
    int64_t agency = must(accounts->create_agency("Safe Harbour Shelter", "ngo", "bench"));
    principal_ = {1, "caseworker", access::Role::caseworker, agency, "ngo", "en", "token", true};
    case_id_ = record_case(agency);
    router_ = api::make_router(*context_, accounts);
  }
  ~CasePageFixture() { std::filesystem::remove_all(dir_); }

  // One answer to GET /cases/{id}, as the server would send it to a browser.
  http::Response serve() {
    http::Headers headers;
    headers.set("Accept-Encoding", "gzip, deflate, br");
    auto request = must(http::Request::make("GET", "/cases/" + std::to_string(case_id_), headers,
                                            "", "127.0.0.1", false));
    request.set_attribute<api::Principal>(principal_);
    return router_.handle(request);
  }

 private:
  int64_t record_case(int64_t agency) {
    Date identified = Date::today_local().add_days(-kEvents - 5);
    boost::json::object first{{"type", "identified"},
                              {"date", identified.to_string()},
                              {"by_agency_type", "ngo"},
                              {"sex", "female"},
                              {"age_status", "adult"},
                              {"residence_status", "irregular"},
                              {"citizenship", boost::json::array{"MD"}},
                              {"forms", boost::json::array{"forced_labour"}},
                              {"countries_of_exploitation", boost::json::array{"RO"}}};
    store::Recorder recorder{"caseworker", std::to_string(agency), {}};
    auto opened = must(store_->open_case(first, recorder));
    if (auto linked = store_->transact([&](store::Connection& db) {
          return store::link_case_agency(db, opened.case_id, agency, "opened", "2026-01-01");
        });
        linked.is_error()) {
      throw std::runtime_error(linked.error().message);
    }
    for (int n = 1; n < kEvents; ++n) {
      auto recorded =
          must(store_->append_event(opened.case_id, event_number(n, identified), recorder));
      if (recorded.rejection) throw std::runtime_error("refused: " + recorded.rejection->code);
    }
    return opened.case_id;
  }

  std::string dir_;
  SystemClock clock_;
  std::unique_ptr<store::CaseStore> store_;
  std::unique_ptr<security::FieldCipher> cipher_;
  std::unique_ptr<api::AppContext> context_;
  api::Principal principal_;
  int64_t case_id_ = 0;
  http::Router router_;
};

void BM_WebCasePage100Events(benchmark::State& state) {
  CasePageFixture fixture;
  std::vector<double> milliseconds;
  std::size_t raw_bytes = 0;
  std::size_t sent_bytes = 0;
  for (auto _ : state) {
    auto start = SteadyClock::now();
    http::Response response = fixture.serve();
    raw_bytes = response.body.size();
    // The server compresses after the router; that is part of serving the page.
    http::compress_if_accepted("gzip", response);
    milliseconds.push_back(
        std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
    if (response.status != 200) state.SkipWithError("the case page did not answer 200");
    sent_bytes = response.body.size();
    benchmark::DoNotOptimize(response);
  }
  std::ranges::sort(milliseconds);
  double median = milliseconds.empty() ? 0 : milliseconds[milliseconds.size() / 2];
  state.counters["median_ms"] = median;
  state.counters["ratio_to_5ms"] = median / kGoalMs;
  state.counters["gzip_bytes"] = static_cast<double>(sent_bytes);
  state.counters["ratio_to_50KB"] = static_cast<double>(sent_bytes) / kGoalBytes;
  state.counters["uncompressed"] = static_cast<double>(raw_bytes);
}
BENCHMARK(BM_WebCasePage100Events)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

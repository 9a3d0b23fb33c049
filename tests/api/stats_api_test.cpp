// /api/v1/stats: the rapporteur gets disclosure-controlled tables only, the coordinator may ask
// for raw counts, bad parameters are 400s naming the parameter, and every request is audited.

#include <algorithm>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../stats/xlsx_reader.h"
#include "case_test_support.h"
#include "stats/victim_tables.h"
#include "store/audit_log.h"

namespace opennrm::api::testing {
namespace {

using access::Role;

constexpr const char* kFormTable = "/api/v1/stats/tables/victims_by_form";

class StatsApiTest : public ::testing::Test {
 protected:
  // Twelve victims of sexual exploitation and three of forced labour, all identified in 2026:
  // the forced-labour count is below the default threshold of 10.
  static void SetUpTestSuite() {
    server_ = new TestServer();
    std::string coordinator = server_->login(Role::coordinator);
    for (int i = 0; i < 15; ++i) {
      std::string body = identified_json("2026-01-10");
      if (i >= 12) {
        auto at = body.find("sexual_exploitation");
        body.replace(at, std::string_view("sexual_exploitation").size(), "forced_labour");
      }
      open_case(*server_, coordinator, body);
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  const std::string& token(Role role) {
    auto found = tokens_.find(role);
    if (found == tokens_.end()) found = tokens_.emplace(role, server_->login(role)).first;
    return found->second;
  }

  Reply get(const std::string& target, Role role) {
    return server_->client().call("GET", target, token(role));
  }

  // The cell of the table JSON in the row and column with these labels.
  static const boost::json::object& cell(const boost::json::value& table, std::string_view row,
                                         std::string_view column) {
    auto index = [](const boost::json::array& labels, std::string_view label) {
      auto found = std::find(labels.begin(), labels.end(), boost::json::value(label));
      EXPECT_NE(found, labels.end()) << label;
      return static_cast<std::size_t>(found - labels.begin());
    };
    std::size_t r = index(table.at("rows").as_array(), row);
    std::size_t c = index(table.at("columns").as_array(), column);
    return table.at("cells").at(r).at(c).as_object();
  }

  static std::vector<security::AuditRecord> audit_records() {
    std::vector<security::AuditRecord> records;
    auto read = server_->store().read([&](store::Connection& db) -> ErrorOr<void> {
      records = TRY(store::read_audit(db));
      return {};
    });
    EXPECT_FALSE(read.is_error());
    return records;
  }

  static TestServer* server_;
  std::map<Role, std::string> tokens_;
};

TestServer* StatsApiTest::server_ = nullptr;

TEST_F(StatsApiTest, TablesListsTheTableIds) {
  auto reply = get("/api/v1/stats/tables", Role::rapporteur);
  ASSERT_EQ(reply.result_int(), 200u) << reply.body();
  auto json = TestServer::json(reply);
  const auto& tables = json.at("tables").as_array();
  EXPECT_NE(std::find(tables.begin(), tables.end(), boost::json::value("victims_by_form")),
            tables.end());
  EXPECT_GE(tables.size(), 7u);
}

TEST_F(StatsApiTest, RapporteurGetsSmallCountsSuppressed) {
  auto reply = get(kFormTable, Role::rapporteur);
  ASSERT_EQ(reply.result_int(), 200u) << reply.body();
  auto table = TestServer::json(reply);
  EXPECT_EQ(table.at("table").as_string(), "victims_by_form");
  EXPECT_EQ(table.at("threshold").as_int64(), 10);
  const auto& small = cell(table, "2026", "forced_labour");
  EXPECT_TRUE(small.at("value").is_null());
  EXPECT_EQ(small.at("suppressed").as_string(), "primary");
  // The row total is published, so a second cell of the row is suppressed too.
  const auto& other = cell(table, "2026", "sexual_exploitation");
  EXPECT_TRUE(other.at("value").is_null());
  EXPECT_EQ(other.at("suppressed").as_string(), "secondary");
  EXPECT_EQ(cell(table, "2026", "total").at("value").as_int64(), 15);
}

TEST_F(StatsApiTest, RawCountsAreForTheCoordinatorOnly) {
  auto raw = get(std::string(kFormTable) + "?raw=true", Role::coordinator);
  ASSERT_EQ(raw.result_int(), 200u) << raw.body();
  auto table = TestServer::json(raw);
  EXPECT_TRUE(table.at("threshold").is_null());
  EXPECT_EQ(cell(table, "2026", "forced_labour").at("value").as_int64(), 3);
  EXPECT_EQ(cell(table, "2026", "sexual_exploitation").at("value").as_int64(), 12);

  auto refused = get(std::string(kFormTable) + "?raw=true", Role::rapporteur);
  EXPECT_EQ(refused.result_int(), 403u);
  EXPECT_EQ(TestServer::json(refused).at("error").at("field").as_string(), "raw");
}

TEST_F(StatsApiTest, OnlyTheCoordinatorMayLowerTheThreshold) {
  auto lowered = get(std::string(kFormTable) + "?threshold=3", Role::rapporteur);
  EXPECT_EQ(lowered.result_int(), 403u);
  EXPECT_EQ(TestServer::json(lowered).at("error").at("field").as_string(), "threshold");

  auto coordinator = get(std::string(kFormTable) + "?threshold=3", Role::coordinator);
  ASSERT_EQ(coordinator.result_int(), 200u) << coordinator.body();
  EXPECT_EQ(cell(TestServer::json(coordinator), "2026", "forced_labour").at("value").as_int64(), 3);

  auto raised = get(std::string(kFormTable) + "?threshold=13&round=5", Role::rapporteur);
  ASSERT_EQ(raised.result_int(), 200u) << raised.body();
  auto table = TestServer::json(raised);
  EXPECT_EQ(table.at("threshold").as_int64(), 13);
  EXPECT_EQ(table.at("rounding").as_int64(), 5);
  EXPECT_EQ(cell(table, "2026", "total").at("value").as_int64(), 15);
}

TEST_F(StatsApiTest, RolesWithoutStatisticsPermissionsAreRefused) {
  const auto& matrix = access::PermissionMatrix::shipped();
  for (std::size_t r = 0; r < access::kRoleIds.size(); ++r) {
    auto role = static_cast<Role>(r);
    bool controlled = matrix.allows(role, "stats.controlled");
    bool raw = matrix.allows(role, "stats.raw");
    EXPECT_EQ(get(kFormTable, role).result_int(), controlled ? 200u : 403u) << role_id(role);
    EXPECT_EQ(get("/api/v1/stats/tables", role).result_int(), controlled ? 200u : 403u);
    EXPECT_EQ(get(std::string(kFormTable) + "?raw=true", role).result_int(),
              controlled && raw ? 200u : 403u)
        << role_id(role);
  }
}

TEST_F(StatsApiTest, CsvHasTheSuppressionMarks) {
  auto reply = get(std::string(kFormTable) + "?format=csv", Role::rapporteur);
  ASSERT_EQ(reply.result_int(), 200u) << reply.body();
  EXPECT_TRUE(reply[boost::beast::http::field::content_type].starts_with("text/csv"));
  EXPECT_NE(reply.body().find("[p]"), std::string::npos);
  EXPECT_NE(reply.body().find("[s]"), std::string::npos);
}

// The numeric cells of the data sheet of a workbook answer (empty when it is no workbook).
std::map<std::string, std::string> workbook_numbers(const Reply& reply) {
  EXPECT_TRUE(reply.body().starts_with("PK\x03\x04")) << "not a ZIP archive";
  auto files = opennrm::testing::zip_entries(reply.body());
  EXPECT_TRUE(files.has_value()) << "the workbook cannot be read";
  if (!files || !files->contains("xl/worksheets/sheet1.xml")) return {};
  return opennrm::testing::numeric_cells(files->at("xl/worksheets/sheet1.xml"));
}

// The spreadsheet column of the n-th table column (0 is A, the row labels).
std::string sheet_column(std::size_t n) {
  std::string letters;
  for (++n; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), char('A' + (n - 1) % 26));
  return letters;
}

TEST_F(StatsApiTest, XlsxIsTheCommandLinesWorkbookAsADownload) {
  auto reply = get(std::string(kFormTable) + "?format=xlsx", Role::rapporteur);
  ASSERT_EQ(reply.result_int(), 200u) << reply.body();
  EXPECT_EQ(reply[boost::beast::http::field::content_type],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(reply[boost::beast::http::field::content_disposition],
            "attachment; filename=\"victims_by_form.xlsx\"");
  auto files = opennrm::testing::zip_entries(reply.body());
  ASSERT_TRUE(files.has_value());
  const std::string& strings = (*files)["xl/sharedStrings.xml"];
  EXPECT_NE(strings.find("[p]"), std::string::npos);
  EXPECT_NE(strings.find("[s]"), std::string::npos);
  EXPECT_NE(strings.find("primary suppression"), std::string::npos) << "no notes sheet";
  // Row 2 is 2026, row 3 the totals; the last column the row totals. The 15 victims of 2026
  // are published, the 3 and 12 under the two forms are not.
  const auto numbers = workbook_numbers(reply);
  const std::size_t forms = stats::forms_of_exploitation().size();
  const std::string total = sheet_column(forms + 1);
  EXPECT_EQ(numbers.at(total + "2"), "15");
  EXPECT_EQ(numbers.at(total + "3"), "15");
  for (const auto& [cell, value] : numbers) {
    EXPECT_TRUE(value == "0" || value == "15") << cell << " = " << value;
  }

  auto raw = get(std::string(kFormTable) + "?format=xlsx&raw=true", Role::coordinator);
  ASSERT_EQ(raw.result_int(), 200u);
  const auto raw_numbers = workbook_numbers(raw);
  auto column_of = [](std::string_view form) {
    const auto& all = stats::forms_of_exploitation();
    return sheet_column(
        static_cast<std::size_t>(std::find(all.begin(), all.end(), form) - all.begin()) + 1);
  };
  EXPECT_EQ(raw_numbers.at(column_of("sexual_exploitation") + "2"), "12");
  EXPECT_EQ(raw_numbers.at(column_of("forced_labour") + "2"), "3");

  auto refused = get(std::string(kFormTable) + "?format=xlsx&raw=true", Role::rapporteur);
  EXPECT_EQ(refused.result_int(), 403u);
  EXPECT_TRUE(refused[boost::beast::http::field::content_type].starts_with("application/json"));
}

TEST_F(StatsApiTest, BadParametersAre400NamingTheParameter) {
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"?from=26", "from"},
                                                        {"?to=20x6", "to"},
                                                        {"?from=2026&to=2025", "from"},
                                                        {"?threshold=0", "threshold"},
                                                        {"?threshold=ten", "threshold"},
                                                        {"?round=-5", "round"},
                                                        {"?status=open", "status"},
                                                        {"?raw=yes", "raw"},
                                                        {"?raw=true&threshold=20", "raw"},
                                                        {"?format=pdf", "format"},
                                                        {"?colour=blue", "colour"}}) {
    auto reply = get(kFormTable + query, Role::coordinator);
    EXPECT_EQ(reply.result_int(), 400u) << query << ": " << reply.body();
    EXPECT_EQ(TestServer::json(reply).at("error").at("field").as_string(), field) << query;
  }
  EXPECT_EQ(get("/api/v1/stats/tables/no_such_table", Role::rapporteur).result_int(), 404u);
  EXPECT_EQ(get("/api/v1/stats/tables/sdg_16_2_2", Role::rapporteur).result_int(), 400u);
}

TEST_F(StatsApiTest, EveryRequestIsAuditedWithItsOptions) {
  std::size_t before = audit_records().size();
  get(std::string(kFormTable) + "?from=2026&threshold=12", Role::rapporteur);
  get(std::string(kFormTable) + "?raw=true", Role::rapporteur);
  get(kFormTable, Role::caseworker);
  get(std::string(kFormTable) + "?format=xlsx", Role::rapporteur);
  auto records = audit_records();
  std::vector<security::AuditRecord> stats;
  for (std::size_t i = before; i < records.size(); ++i) {
    if (records[i].action == "stats.table") stats.push_back(records[i]);
  }
  ASSERT_EQ(stats.size(), 4u);
  for (const auto& record : stats) EXPECT_EQ(record.object, "table:victims_by_form");
  EXPECT_EQ(stats[0].actor, "rapporteur");
  EXPECT_EQ(stats[0].detail, "from=2026 threshold=12 status:200");
  EXPECT_EQ(stats[1].detail, "raw=true status:403");
  EXPECT_EQ(stats[2].actor, "caseworker");
  EXPECT_EQ(stats[2].detail, "status:403");
  EXPECT_EQ(stats[3].detail, "format=xlsx status:200");
}

}  // namespace
}  // namespace opennrm::api::testing

#include "demo/demo.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace opennrm::demo {
namespace {

TEST(Demo, StoresEveryGeneratedCaseWithoutRejection) {
  std::string pattern = (std::filesystem::temp_directory_path() / "opennrm-demo-XXXXXX").string();
  std::string dir = mkdtemp(pattern.data());
  {
    auto store = store::CaseStore::open(dir + "/demo.db").release_value();
    ASSERT_FALSE(store.initialise(policy::coe_minimum()).is_error());
    auto summary = run_demo(store, 300, 42).release_value();
    EXPECT_EQ(summary.cases, 300u);
    EXPECT_EQ(summary.rejected, 0u);
    auto cases = store.list_cases().release_value();
    EXPECT_EQ(cases.size(), 300u);
    std::size_t events = 0;
    for (const auto& summary_case : cases) {
      events += store.load_case(summary_case.id).value()->events.size();
    }
    EXPECT_EQ(events, summary.events);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace opennrm::demo

#pragma once

// Helpers of the statistics tests that need a case database: a fresh store under a policy, and
// cases recorded through the store as the server records them.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include "store/case_store.h"

namespace opennrm::stats::testing {

// A case store in a fresh directory removed when the test ends.
class TempStore {
 public:
  explicit TempStore(const policy::Policy& policy) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "opennrm-stats-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    store_.emplace(store::CaseStore::open(path()).release_value());
    EXPECT_FALSE(store_->initialise(policy).is_error());
  }
  ~TempStore() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string path() const { return dir_ + "/cases.db"; }
  store::CaseStore& store() { return *store_; }

  // Opens a case with its `identified` event and appends the others, one write each; every
  // event must be accepted.
  int64_t record(const std::vector<std::string>& events) {
    auto opened = store_->open_case(boost::json::parse(events.front())).release_value();
    EXPECT_FALSE(opened.rejection) << opened.rejection->code << " " << events.front();
    for (size_t i = 1; i < events.size(); ++i) {
      auto appended = store_->append_event(opened.case_id, boost::json::parse(events[i]));
      EXPECT_FALSE(appended.is_error()) << appended.error().message;
      if (!appended.is_error()) {
        EXPECT_FALSE(appended->rejection) << appended->rejection->code << " " << events[i];
      }
    }
    return opened.case_id;
  }

 private:
  std::string dir_;
  std::optional<store::CaseStore> store_;
};

// An `identified` event; lists are JSON arrays, e.g. R"(["AT"])".
inline std::string identified(const std::string& date, const std::string& sex,
                              const std::string& age_status, const std::string& citizenship,
                              const std::string& forms, const std::string& countries) {
  return R"({"type": "identified", "date": ")" + date + R"(", "by_agency_type": "police",
             "sex": ")" +
         sex + R"(", "age_status": ")" + age_status +
         R"(", "residence_status": "irregular", "citizenship": )" + citizenship + R"(, "forms": )" +
         forms + R"(, "countries_of_exploitation": )" + countries + "}";
}

}  // namespace opennrm::stats::testing

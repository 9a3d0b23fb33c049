#pragma once

// Helpers of the store tests: a fresh database file and events as the rulebook writes them.

#include <filesystem>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <gtest/gtest.h>

namespace opennrm::store::testing {

// A database path in a fresh directory removed when the test ends.
class TempDatabase {
 public:
  TempDatabase() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "opennrm-store-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  ~TempDatabase() { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name = "cases.db") const { return dir_ + "/" + name; }

 private:
  std::string dir_;
};

inline boost::json::value event(const std::string& json) {
  return boost::json::parse(json);
}

inline boost::json::value identified(const std::string& date, const std::string& age = "adult") {
  return event(R"({"type": "identified", "date": ")" + date +
               R"(", "by_agency_type": "police", "sex": "female", "age_status": ")" + age +
               R"(", "residence_status": "irregular", "citizenship": ["NG"],
                  "forms": ["sexual_exploitation", "forced_labour"],
                  "countries_of_exploitation": ["AT"]})");
}

}  // namespace opennrm::store::testing

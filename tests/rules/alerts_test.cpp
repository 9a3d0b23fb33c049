// The plain-language description of each alert code (for officers, the web application and CLI).

#include "rules/alerts.h"

#include <gtest/gtest.h>

#include <set>

namespace opennrm::rules {
namespace {

TEST(AlertText, EveryAlertCodeHasARuleAnActionAndASource) {
  std::set<std::string_view> codes(alert_codes().begin(), alert_codes().end());
  EXPECT_EQ(codes.size(), 14u);
  for (std::string_view code : alert_codes()) {
    AlertText text = describe_alert(code);
    EXPECT_EQ(text.rule.front(), 'R') << code;
    EXPECT_FALSE(text.what_to_do.empty()) << code;
    EXPECT_FALSE(text.source.empty()) << code;
  }
  EXPECT_EQ(describe_alert("guardian_missing").rule, "R14 Guardian");
  EXPECT_EQ(describe_alert("guardian_missing").source, "CETS 197 Art. 10(4)");
}

TEST(AlertText, UnknownCodeGetsAGenericTextNamingIt) {
  AlertText text = describe_alert("no_such_alert");
  EXPECT_TRUE(text.rule.empty());
  EXPECT_NE(text.what_to_do.find("no_such_alert"), std::string::npos);
}

}  // namespace
}  // namespace opennrm::rules

#include "web/view.h"

#include <gtest/gtest.h>

#include "web/assets.h"

namespace opennrm::web {
namespace {

const Catalog& english() {
  return Catalogs::shipped().get("en");
}

TEST(Templates, EveryEmbeddedTemplateCompilesAndRenders) {
  int templates = 0;
  for (const Asset& asset : assets()) {
    if (!asset.name.starts_with("templates/")) continue;
    std::string name(asset.name.substr(10, asset.name.size() - 10 - 9));
    EXPECT_NO_THROW(render_template(name, View(View::type::object), english())) << name;
    ++templates;
  }
  EXPECT_GE(templates, 10);
}

TEST(Templates, ValuesAreHtmlEscaped) {
  View view;
  view.set("heading", std::string("<script>alert('x')</script>"));
  view.set("text", std::string("a & b"));
  std::string html = render_template("message", view, english());
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("a &amp; b"), std::string::npos);
}

TEST(Templates, MessagesComeFromTheRequestsCatalog) {
  View view;
  view.set("content", std::string("<p>page</p>"));
  view.set("title", std::string("X"));
  std::string french = render_template("layout", view, Catalogs::shipped().get("fr"));
  EXPECT_NE(french.find("lang=\"fr\""), std::string::npos);
  EXPECT_NE(french.find("Aller au contenu principal"), std::string::npos);
  // The layout inserts the page it wraps as HTML.
  EXPECT_NE(french.find("<p>page</p>"), std::string::npos);
  std::string english_page = render_template("layout", view, english());
  EXPECT_NE(english_page.find("Skip to main content"), std::string::npos);
}

TEST(Templates, NoInlineScriptOrStyleSoTheStrictCspHolds) {
  for (const Asset& asset : assets()) {
    if (!asset.name.starts_with("templates/")) continue;
    std::string_view text = asset.content;
    EXPECT_EQ(text.find("<style"), std::string_view::npos) << asset.name;
    EXPECT_EQ(text.find("style=\""), std::string_view::npos) << asset.name;
    EXPECT_EQ(text.find("<script>"), std::string_view::npos) << asset.name;
    EXPECT_EQ(text.find(" onclick"), std::string_view::npos) << asset.name;
    EXPECT_EQ(text.find("hx-on"), std::string_view::npos) << asset.name;
  }
}

TEST(Assets, StylesheetUsesLogicalPropertiesOnly) {
  auto css = find_asset("static/app.css");
  ASSERT_TRUE(css.has_value());
  for (std::string_view physical :
       {"margin-left", "margin-right", "padding-left", "padding-right", "text-align: left",
        "text-align: right", "border-left", "border-right", " left:", " right:"}) {
    EXPECT_EQ(css->find(physical), std::string_view::npos) << physical;
  }
}

}  // namespace
}  // namespace opennrm::web

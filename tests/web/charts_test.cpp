#include "web/charts.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace opennrm::web {
namespace {

// The attributes of the drawn elements of a chart, found by plain text search (the SVG is the
// server's own output, one element per tag, attributes in double quotes).
struct Element {
  std::map<std::string, std::string> attributes;
  double number(const std::string& name) const { return std::stod(attributes.at(name)); }
};

std::vector<Element> elements(const std::string& svg, const std::string& tag,
                              const std::string& class_prefix) {
  std::vector<Element> found;
  const std::string opening = "<" + tag + " ";
  for (size_t at = svg.find(opening); at != std::string::npos; at = svg.find(opening, at + 1)) {
    const size_t end = svg.find('>', at);
    const std::string text = svg.substr(at + opening.size(), end - at - opening.size());
    Element element;
    for (size_t i = 0; i < text.size();) {
      const size_t equals = text.find("=\"", i);
      if (equals == std::string::npos) break;
      const size_t close = text.find('"', equals + 2);
      std::string name = text.substr(i, equals - i);
      name.erase(0, name.find_first_not_of(' '));
      element.attributes[name] = text.substr(equals + 2, close - equals - 2);
      i = close + 1;
    }
    auto cls = element.attributes.find("class");
    if (cls != element.attributes.end() && cls->second.starts_with(class_prefix)) {
      found.push_back(element);
    }
  }
  return found;
}

ChartValue value(int64_t count) {
  return {count, std::to_string(count)};
}

ChartValue suppressed() {
  return {std::nullopt, ""};
}

BarChart sample(ChartLayout layout) {
  BarChart chart;
  chart.id = "trend";
  chart.title = "Victims per year";
  chart.description = "Two bars per year.";
  chart.layout = layout;
  chart.value_axis_label = "Victims";
  chart.category_axis_label = "Year";
  chart.categories = {"2024", "2025", "2026"};
  chart.series = {{"Registered", {value(10), value(20), value(40)}},
                  {"Identified", {suppressed(), value(0), value(15)}}};
  chart.suppressed_label = "Hidden (see the table)";
  chart.format_number = [](int64_t n) { return "#" + std::to_string(n); };
  return chart;
}

TEST(AxisTicks, StepsOfOneTwoOrFiveReachingTheLargestValue) {
  EXPECT_EQ(axis_ticks(40), (std::vector<int64_t>{0, 10, 20, 30, 40}));
  EXPECT_EQ(axis_ticks(93), (std::vector<int64_t>{0, 20, 40, 60, 80, 100}));
  EXPECT_EQ(axis_ticks(3), (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(axis_ticks(12), (std::vector<int64_t>{0, 5, 10, 15}));
  EXPECT_EQ(axis_ticks(0), (std::vector<int64_t>{0}));
  EXPECT_EQ(axis_ticks(-4), (std::vector<int64_t>{0}));
}

TEST(BarChart, ColumnHeightsAreProportionalToTheValues) {
  const std::string svg = render_bar_chart(sample(ChartLayout::columns));
  auto bars = elements(svg, "rect", "bar series-0");
  ASSERT_EQ(bars.size(), 3u);
  const double ten = bars[0].number("height");
  EXPECT_GT(ten, 0);
  EXPECT_NEAR(bars[1].number("height"), 2 * ten, 0.2);
  EXPECT_NEAR(bars[2].number("height"), 4 * ten, 0.2);
  // Every column stands on the same baseline.
  for (const auto& bar : bars) {
    EXPECT_NEAR(bar.number("y") + bar.number("height"), bars[0].number("y") + ten, 0.2);
  }
  // The second series: 15 is a bar of 1.5 times ten, 0 is no bar, the suppressed one none.
  auto identified = elements(svg, "rect", "bar series-1");
  ASSERT_EQ(identified.size(), 1u);
  EXPECT_EQ(identified[0].attributes.at("data-category"), "2");
  EXPECT_NEAR(identified[0].number("height"), 1.5 * ten, 0.2);
}

TEST(BarChart, BarLengthsAreProportionalToTheValues) {
  const std::string svg = render_bar_chart(sample(ChartLayout::bars));
  auto bars = elements(svg, "rect", "bar series-0");
  ASSERT_EQ(bars.size(), 3u);
  const double ten = bars[0].number("width");
  EXPECT_NEAR(bars[1].number("width"), 2 * ten, 0.2);
  EXPECT_NEAR(bars[2].number("width"), 4 * ten, 0.2);
  EXPECT_EQ(bars[0].number("x"), bars[2].number("x"));
}

TEST(BarChart, ASuppressedValueIsAMarkedGapNeverABarOrANumber) {
  for (auto layout : {ChartLayout::columns, ChartLayout::bars}) {
    BarChart chart = sample(layout);
    chart.series[0].values[1] = {std::nullopt, "20"};  // Text a careless caller left behind.
    const std::string svg = render_bar_chart(chart);
    auto gaps = elements(svg, "g", "gap");
    ASSERT_EQ(gaps.size(), 2u);
    EXPECT_EQ(gaps[0].attributes.at("data-category"), "0");
    EXPECT_EQ(gaps[0].attributes.at("data-series"), "1");
    EXPECT_EQ(gaps[1].attributes.at("data-category"), "1");
    EXPECT_EQ(gaps[1].attributes.at("data-series"), "0");
    for (const auto& bar : elements(svg, "rect", "bar")) {
      EXPECT_FALSE(bar.attributes.at("data-category") == "1" &&
                   bar.attributes.at("data-series") == "0");
      EXPECT_FALSE(bar.attributes.at("data-category") == "0" &&
                   bar.attributes.at("data-series") == "1");
    }
    EXPECT_EQ(svg.find(">20<"), std::string::npos) << "a suppressed value's text was drawn";
    // The legend explains the mark.
    EXPECT_NE(svg.find(">Hidden (see the table)<"), std::string::npos);
  }
}

TEST(BarChart, WithEverythingSuppressedOnlyGapsAreDrawn) {
  BarChart chart = sample(ChartLayout::columns);
  for (auto& series : chart.series) {
    for (auto& v : series.values) v = suppressed();
  }
  const std::string svg = render_bar_chart(chart);
  EXPECT_TRUE(elements(svg, "rect", "bar").empty());
  EXPECT_EQ(elements(svg, "g", "gap").size(), 6u);
  EXPECT_EQ(elements(svg, "text", "tick").size(), 1u) << "only the zero line";
}

TEST(BarChart, IsOneNamedAndDescribedImage) {
  const std::string svg = render_bar_chart(sample(ChartLayout::columns));
  ASSERT_TRUE(svg.starts_with("<svg "));
  const auto root = elements(svg, "svg", "chart").at(0);
  EXPECT_EQ(root.attributes.at("role"), "img");
  EXPECT_EQ(root.attributes.at("aria-labelledby"), "trend-title");
  EXPECT_EQ(root.attributes.at("aria-describedby"), "trend-desc");
  EXPECT_NE(svg.find("<title id=\"trend-title\">Victims per year</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"trend-desc\">Two bars per year.</desc>"), std::string::npos);
}

TEST(BarChart, DrawsTheAxisLabelsTicksAndCategories) {
  for (auto layout : {ChartLayout::columns, ChartLayout::bars}) {
    const std::string svg = render_bar_chart(sample(layout));
    EXPECT_NE(svg.find(">Victims</text>"), std::string::npos);
    std::vector<std::string> ticks;
    for (size_t at = svg.find("class=\"tick\""); at != std::string::npos;
         at = svg.find("class=\"tick\"", at + 1)) {
      size_t open = svg.find('>', at) + 1;
      ticks.push_back(svg.substr(open, svg.find('<', open) - open));
    }
    // The ticks come from the caller's number format.
    EXPECT_EQ(ticks, (std::vector<std::string>{"#0", "#10", "#20", "#30", "#40"}));
    for (const char* year : {">2024<", ">2025<", ">2026<"}) {
      EXPECT_NE(svg.find(year), std::string::npos) << year;
    }
    EXPECT_NE(svg.find(">Registered<"), std::string::npos);
    EXPECT_NE(svg.find(">Identified<"), std::string::npos);
    // Drawn bars have their value written beside them.
    EXPECT_NE(svg.find(">40</text>"), std::string::npos);
  }
  EXPECT_NE(render_bar_chart(sample(ChartLayout::columns)).find(">Year</text>"), std::string::npos);
}

TEST(BarChart, SeriesDifferByPatternNotOnlyColour) {
  const std::string svg = render_bar_chart(sample(ChartLayout::columns));
  const auto solid = elements(svg, "rect", "bar series-0").at(0).attributes.at("fill");
  const auto hatched = elements(svg, "rect", "bar series-1").at(0).attributes.at("fill");
  EXPECT_TRUE(solid.starts_with("#"));
  EXPECT_EQ(hatched, "url(#trend-pattern-1)");
  EXPECT_NE(svg.find("<pattern id=\"trend-pattern-1\""), std::string::npos);
}

TEST(BarChart, EscapesEveryText) {
  BarChart chart = sample(ChartLayout::bars);
  chart.id = "a\"b";
  chart.title = "<script>alert(1)</script>";
  chart.description = "Tom & Jerry";
  chart.categories[0] = "<b>bold</b>";
  chart.series[0].name = "\"quoted\"";
  chart.value_axis_label = "x<y";
  const std::string svg = render_bar_chart(chart);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(svg.find("a\"b"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("Tom &amp; Jerry"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(svg.find("&quot;quoted&quot;"), std::string::npos);
  EXPECT_NE(svg.find("x&lt;y"), std::string::npos);
}

TEST(BarChart, LongLabelsOfBarsAreWrappedOnTwoLines) {
  BarChart chart = sample(ChartLayout::bars);
  chart.categories[0] = "Эксплуатация суррогатного материнства";
  const std::string svg = render_bar_chart(chart);
  EXPECT_NE(svg.find(">Эксплуатация<"), std::string::npos);
  EXPECT_NE(svg.find(">суррогатного материнства<"), std::string::npos);
}

TEST(Utf8Length, CountsCharactersNotBytes) {
  EXPECT_EQ(utf8_length("Victims"), 7u);
  EXPECT_EQ(utf8_length("Жертвы"), 6u);
  EXPECT_EQ(utf8_length("Âge"), 3u);
}

}  // namespace
}  // namespace opennrm::web

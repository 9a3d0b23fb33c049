#pragma once

// Bar charts drawn as SVG by the server, for the rapporteur's statistics page: no chart library
// and no script. The drawing is a pure function of its input: the caller gives every text
// already translated and every number already formatted, so the charts know no catalog.
//
// A suppressed value (statistics.md, disclosure control) is never drawn as a bar or a number:
// its place on the baseline holds a gap mark (a dashed outline with a ×), which the legend
// explains. Series differ by fill pattern as well as by colour (solid, hatched, dotted), every
// drawn bar has its value written beside it when there is room, and the chart is one image for
// assistive technology (role="img", named by its <title>, described by its <desc>) whose data
// the page gives again as a table.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opennrm::web {

struct ChartValue {
  // The published count; absent when it is suppressed.
  std::optional<int64_t> count;
  // How the chart writes it: the formatted count (a suppressed value is written as nothing).
  std::string text;
};

struct ChartSeries {
  // The legend's name of the series.
  std::string name;
  // One value per category, in the order of BarChart::categories.
  std::vector<ChartValue> values;
};

enum class ChartLayout {
  columns,  // Vertical bars, categories along the bottom (years, sexes).
  bars,     // Horizontal bars, categories down the side (long labels: forms of exploitation).
};

struct BarChart {
  // Unique on the page: the ids of the chart's title, description and patterns start with it.
  std::string id;
  std::string title;
  std::string description;
  ChartLayout layout = ChartLayout::columns;
  std::string value_axis_label;
  std::string category_axis_label;
  std::vector<std::string> categories;
  std::vector<ChartSeries> series;
  // The legend's text for the gap mark of a suppressed value.
  std::string suppressed_label;
  // The tick labels of the value axis (the catalog's digit grouping).
  std::function<std::string(int64_t)> format_number;
};

// The <svg> element of the chart, every text escaped. A series has at most kChartStyles styles;
// further series repeat them (the page never draws more than three).
std::string render_bar_chart(const BarChart& chart);

inline constexpr size_t kChartStyles = 3;

// The value axis: 0 and equal steps of 1, 2 or 5 × 10^n, about `target` of them, the last at
// least `max`. Only {0} when `max` is not positive (nothing to draw).
std::vector<int64_t> axis_ticks(int64_t max, int target = 5);

// The number of characters (code points) of UTF-8 text, to estimate how wide a label is drawn.
size_t utf8_length(std::string_view text);

}  // namespace opennrm::web

#include "web/charts.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

namespace opennrm::web {

namespace {

// Sizes in the SVG's own units; the image scales to the width of its box.
// Narrow enough that the text stays legible when a phone shrinks the image to its width.
constexpr double kColumnsWidth = 480;
constexpr double kColumnsHeight = 280;
constexpr double kBarsWidth = 540;
constexpr double kFontSize = 13;
constexpr double kValueFontSize = 12;
// A generous width of one character at kFontSize (Cyrillic letters are wider than Latin), to
// keep labels apart and inside the image without measuring them.
constexpr double kCharWidth = 8.0;
constexpr double kLegendRow = 22;
constexpr double kSwatch = 14;
constexpr double kBarThickness = 18;
constexpr double kMaxColumnWidth = 48;
// A bars-layout label longer than this is drawn on two lines.
constexpr size_t kWrapAt = 20;
constexpr double kMaxLabelWidth = 210;

std::string escaped(std::string_view text) {
  return kainjow::mustache::html_escape<std::string>(std::string(text));
}

std::string number(double value) {
  return fmt::format("{:.1f}", value);
}

double text_width(std::string_view text, double font_size = kFontSize) {
  return static_cast<double>(utf8_length(text)) * kCharWidth * font_size / kFontSize;
}

// Solid, hatched and dotted: the series stay apart in print and for readers who do not tell
// the colours apart. Each colour has at least 4.5:1 contrast against white.
struct SeriesStyle {
  std::string_view stroke;
  std::string_view name;  // The class of the series' bars, e.g. "series-1".
};
constexpr std::array<SeriesStyle, kChartStyles> kStyles = {{
    {"#0b5cad", "series-0"},
    {"#8a5100", "series-1"},
    {"#1d6b32", "series-2"},
}};

std::string fill_of(const std::string& id, size_t series) {
  size_t style = series % kChartStyles;
  if (style == 0) return std::string(kStyles[0].stroke);
  return fmt::format("url(#{}-pattern-{})", escaped(id), style);
}

std::string pattern_definitions(const std::string& id) {
  std::string defs = "<defs>";
  defs += fmt::format(
      "<pattern id=\"{0}-pattern-1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fbe6c8\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{1}\" stroke-width=\"3\"/></pattern>",
      escaped(id), kStyles[1].stroke);
  defs += fmt::format(
      "<pattern id=\"{0}-pattern-2\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
      "<rect width=\"6\" height=\"6\" fill=\"#e3f2e7\"/>"
      "<circle cx=\"3\" cy=\"3\" r=\"1.8\" fill=\"{1}\"/></pattern>",
      escaped(id), kStyles[2].stroke);
  return defs + "</defs>";
}

std::string bar(const BarChart& chart, size_t category, size_t series, double x, double y,
                double width, double height) {
  return fmt::format(
      "<rect class=\"bar {}\" data-category=\"{}\" data-series=\"{}\" x=\"{}\" y=\"{}\" "
      "width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
      kStyles[series % kChartStyles].name, category, series, number(x), number(y), number(width),
      number(height), fill_of(chart.id, series), kStyles[series % kChartStyles].stroke);
}

// The mark of a suppressed value: a dashed stretch of the baseline with a × beside it, so that
// a gap is never read as a small bar.
std::string gap_mark(size_t category, size_t series, double x1, double y1, double x2, double y2,
                     double text_x, double text_y) {
  return fmt::format(
      "<g class=\"gap\" data-category=\"{}\" data-series=\"{}\">"
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1b1f24\" stroke-width=\"2\" "
      "stroke-dasharray=\"3 3\"/>"
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"700\" fill=\"#1b1f24\">"
      "\u00d7</text></g>",
      category, series, number(x1), number(y1), number(x2), number(y2), number(text_x),
      number(text_y));
}

bool any_suppressed(const BarChart& chart) {
  for (const auto& series : chart.series) {
    for (const auto& value : series.values) {
      if (!value.count) return true;
    }
  }
  return false;
}

int64_t largest_count(const BarChart& chart) {
  int64_t largest = 0;
  for (const auto& series : chart.series) {
    for (const auto& value : series.values) largest = std::max(largest, value.count.value_or(0));
  }
  return largest;
}

// The legend across the top, wrapping to more rows when the entries do not fit; its height.
double legend(const BarChart& chart, double width, std::string& out) {
  struct Entry {
    std::string swatch;
    std::string text;
  };
  std::vector<Entry> entries;
  for (size_t s = 0; s < chart.series.size(); ++s) {
    entries.push_back({fmt::format("<rect width=\"{0}\" height=\"{0}\" fill=\"{1}\" stroke=\"{2}\" "
                                   "stroke-width=\"1.5\"/>",
                                   kSwatch, fill_of(chart.id, s), kStyles[s % kChartStyles].stroke),
                       chart.series[s].name});
  }
  if (any_suppressed(chart)) {
    entries.push_back({fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
                                   "font-weight=\"700\" fill=\"#1b1f24\">\u00d7</text>",
                                   kSwatch / 2, kSwatch - 2),
                       chart.suppressed_label});
  }
  out += "<g class=\"legend\">";
  double x = 0;
  double y = 4;
  for (const auto& entry : entries) {
    double entry_width = kSwatch + 6 + text_width(entry.text) + 18;
    if (x > 0 && x + entry_width > width) {
      x = 0;
      y += kLegendRow;
    }
    out += fmt::format("<g transform=\"translate({},{})\">{}<text x=\"{}\" y=\"{}\">{}</text></g>",
                       number(x), number(y), entry.swatch, kSwatch + 6, kSwatch - 2,
                       escaped(entry.text));
    x += entry_width;
  }
  out += "</g>";
  return entries.empty() ? 0 : y + kLegendRow;
}

std::string svg_open(const BarChart& chart, double width, double height) {
  const std::string id = escaped(chart.id);
  return fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
      "aria-labelledby=\"{0}-title\" aria-describedby=\"{0}-desc\" viewBox=\"0 0 {1} {2}\" "
      "font-size=\"{3}\" fill=\"#1b1f24\"><title id=\"{0}-title\">{4}</title>"
      "<desc id=\"{0}-desc\">{5}</desc>",
      id, number(width), number(height), kFontSize, escaped(chart.title),
      escaped(chart.description));
}

std::string tick_label(const BarChart& chart, int64_t tick) {
  return escaped(chart.format_number ? chart.format_number(tick) : std::to_string(tick));
}

// Categories along the bottom, one group of columns per category.
std::string columns_chart(const BarChart& chart) {
  const std::vector<int64_t> ticks = axis_ticks(largest_count(chart));
  const double top_value = static_cast<double>(std::max<int64_t>(ticks.back(), 1));
  size_t widest_tick = 0;
  for (int64_t tick : ticks) {
    widest_tick = std::max(widest_tick, utf8_length(tick_label(chart, tick)));
  }
  std::string body;
  const double legend_height = legend(chart, kColumnsWidth, body);
  const double left = 28 + static_cast<double>(widest_tick) * kCharWidth + 8;
  const double right = kColumnsWidth - 8;
  const double top = legend_height + 14;
  const double baseline = kColumnsHeight - 48;
  const double plot_height = baseline - top;
  const size_t categories = std::max<size_t>(chart.categories.size(), 1);
  const size_t series = std::max<size_t>(chart.series.size(), 1);
  const double group = (right - left) / static_cast<double>(categories);
  const double column = std::min(group * 0.8 / static_cast<double>(series), kMaxColumnWidth);

  body += "<g class=\"axis value-axis\">";
  for (int64_t tick : ticks) {
    double y = baseline - static_cast<double>(tick) / top_value * plot_height;
    body += fmt::format(
        "<line class=\"grid\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#c9d0d8\"/>"
        "<text class=\"tick\" x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5}</text>",
        number(left), number(right), number(y), number(left - 6), number(y + 4),
        tick_label(chart, tick));
  }
  body += fmt::format(
      "<text class=\"axis-label\" transform=\"translate(14,{}) rotate(-90)\" "
      "text-anchor=\"middle\">{}</text></g>",
      number(top + plot_height / 2), escaped(chart.value_axis_label));

  // Labels that would run into each other are drawn for every n-th category only.
  double widest_label = 0;
  for (const auto& label : chart.categories)
    widest_label = std::max(widest_label, text_width(label));
  const size_t label_step =
      std::max<size_t>(1, static_cast<size_t>(std::ceil((widest_label + 6) / group)));
  body += "<g class=\"axis category-axis\">";
  for (size_t c = 0; c < chart.categories.size(); c += label_step) {
    body += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                        number(left + group * (static_cast<double>(c) + 0.5)),
                        number(baseline + 18), escaped(chart.categories[c]));
  }
  body += fmt::format(
      "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
      number((left + right) / 2), number(baseline + 40), escaped(chart.category_axis_label));
  body += "</g><g class=\"bars\">";
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    const double start = left + group * static_cast<double>(c) +
                         (group - column * static_cast<double>(chart.series.size())) / 2;
    for (size_t s = 0; s < chart.series.size(); ++s) {
      if (c >= chart.series[s].values.size()) continue;
      const ChartValue& value = chart.series[s].values[c];
      const double x = start + column * static_cast<double>(s);
      if (!value.count) {
        body +=
            gap_mark(c, s, x + 1, baseline, x + column - 1, baseline, x + column / 2, baseline - 5);
        continue;
      }
      // A zero is written, not drawn: an empty rectangle would look like a gap mark.
      const double height = static_cast<double>(*value.count) / top_value * plot_height;
      if (*value.count > 0) body += bar(chart, c, s, x + 1, baseline - height, column - 2, height);
      if (text_width(value.text, kValueFontSize) <= column + 6) {
        body += fmt::format(
            "<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\">{}"
            "</text>",
            number(x + column / 2), number(baseline - height - 4), kValueFontSize,
            escaped(value.text));
      }
    }
  }
  body += fmt::format(
      "</g><line class=\"baseline\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" "
      "stroke=\"#1b1f24\" stroke-width=\"1.5\"/>",
      number(left), number(right), number(baseline));
  return svg_open(chart, kColumnsWidth, kColumnsHeight) + body + pattern_definitions(chart.id) +
         "</svg>";
}

// A long label split in two at the space that makes its longer line shortest.
std::vector<std::string> wrapped(const std::string& label) {
  if (utf8_length(label) <= kWrapAt) return {label};
  size_t best = std::string::npos;
  size_t best_longest = 0;
  for (size_t i = label.find(' '); i != std::string::npos; i = label.find(' ', i + 1)) {
    const std::string_view text(label);
    const size_t longest =
        std::max(utf8_length(text.substr(0, i)), utf8_length(text.substr(i + 1)));
    if (best == std::string::npos || longest < best_longest) {
      best = i;
      best_longest = longest;
    }
  }
  if (best == std::string::npos) return {label};
  return {label.substr(0, best), label.substr(best + 1)};
}

// Categories down the side, one group of bars per category.
std::string bars_chart(const BarChart& chart) {
  const std::vector<int64_t> ticks = axis_ticks(largest_count(chart));
  const double top_value = static_cast<double>(std::max<int64_t>(ticks.back(), 1));
  std::string body;
  const double legend_height = legend(chart, kBarsWidth, body);
  double label_width = 0;
  for (const auto& label : chart.categories) {
    for (const auto& line : wrapped(label)) label_width = std::max(label_width, text_width(line));
  }
  const double left = std::min(label_width, kMaxLabelWidth) + 16;
  const double right = kBarsWidth - 56;  // Room for the value written after the longest bar.
  const double top = legend_height + 10;
  const size_t series = std::max<size_t>(chart.series.size(), 1);
  const double row = std::max(kBarThickness * static_cast<double>(series) + 14, 36.0);
  const double bottom = top + row * static_cast<double>(chart.categories.size());
  const double height = bottom + 48;

  body += "<g class=\"axis value-axis\">";
  for (int64_t tick : ticks) {
    double x = left + static_cast<double>(tick) / top_value * (right - left);
    body += fmt::format(
        "<line class=\"grid\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#c9d0d8\"/>"
        "<text class=\"tick\" x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
        number(x), number(top), number(bottom), number(bottom + 18), tick_label(chart, tick));
  }
  body += fmt::format(
      "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
      number((left + right) / 2), number(bottom + 40), escaped(chart.value_axis_label));

  // A label of two lines is one <text> of two <tspan>s: one label, drawn on two lines.
  body += "<g class=\"axis category-axis\">";
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    const auto lines = wrapped(chart.categories[c]);
    const double middle = top + row * (static_cast<double>(c) + 0.5);
    const double x = left - 8;
    body += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">", number(x),
                        number(middle + 4 - (static_cast<double>(lines.size()) - 1) * 8));
    if (lines.size() == 1) {
      body += escaped(lines[0]);
    } else {
      for (size_t i = 0; i < lines.size(); ++i) {
        body += fmt::format("<tspan x=\"{}\" dy=\"{}\">{}</tspan>", number(x), i == 0 ? 0 : 16,
                            escaped(lines[i]));
      }
    }
    body += "</text>";
  }
  body += "</g><g class=\"bars\">";
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    const double start = top + row * static_cast<double>(c) +
                         (row - kBarThickness * static_cast<double>(chart.series.size())) / 2;
    for (size_t s = 0; s < chart.series.size(); ++s) {
      if (c >= chart.series[s].values.size()) continue;
      const ChartValue& value = chart.series[s].values[c];
      const double y = start + kBarThickness * static_cast<double>(s);
      if (!value.count) {
        body += gap_mark(c, s, left, y + 1, left, y + kBarThickness - 1, left + 10,
                         y + kBarThickness / 2 + 4);
        continue;
      }
      const double length = static_cast<double>(*value.count) / top_value * (right - left);
      if (*value.count > 0) body += bar(chart, c, s, left, y + 1, length, kBarThickness - 2);
      body += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                          number(left + length + 5), number(y + kBarThickness / 2 + 4),
                          kValueFontSize, escaped(value.text));
    }
  }
  body += fmt::format(
      "</g><line class=\"baseline\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" "
      "stroke=\"#1b1f24\" stroke-width=\"1.5\"/>",
      number(left), number(top), number(bottom));
  return svg_open(chart, kBarsWidth, height) + body + pattern_definitions(chart.id) + "</svg>";
}

}  // namespace

size_t utf8_length(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::vector<int64_t> axis_ticks(int64_t max, int target) {
  if (max <= 0) return {0};
  const double raw = static_cast<double>(max) / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  int64_t step = 1;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    if (factor * magnitude >= raw) {
      step = std::max<int64_t>(1, static_cast<int64_t>(std::llround(factor * magnitude)));
      break;
    }
  }
  std::vector<int64_t> ticks{0};
  while (ticks.back() < max) ticks.push_back(ticks.back() + step);
  return ticks;
}

std::string render_bar_chart(const BarChart& chart) {
  return chart.layout == ChartLayout::columns ? columns_chart(chart) : bars_chart(chart);
}

}  // namespace opennrm::web

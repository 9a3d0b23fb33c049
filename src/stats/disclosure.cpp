#include "stats/disclosure.h"

#include <algorithm>
#include <string>
#include <tuple>

namespace opennrm::stats {

namespace {

using Grid = std::vector<std::vector<Suppression>>;

// A row or a column of the table, totals row and column included; its last cell is its total.
struct Line {
  bool is_row;
  size_t index;
};

struct Position {
  size_t row;
  size_t column;
};

class SecondarySuppression {
 public:
  SecondarySuppression(const Table& table, Grid& grid)
      : counts_(table.counts), grid_(grid), rows_(grid.size()), columns_(grid.front().size()) {}

  // Repeats the pass over all lines until no line has exactly one suppressed cell under a
  // published total. Each change suppresses one more cell, so this ends.
  void run() {
    bool changed = true;
    while (changed) {
      changed = false;
      for (size_t row = 0; row < rows_; ++row) changed |= fix(Line{true, row});
      for (size_t column = 0; column < columns_; ++column) changed |= fix(Line{false, column});
    }
  }

 private:
  size_t length(Line line) const { return line.is_row ? columns_ : rows_; }

  Position at(Line line, size_t k) const {
    return line.is_row ? Position{line.index, k} : Position{k, line.index};
  }

  bool suppressed(Position p) const { return grid_[p.row][p.column] != Suppression::none; }

  Position total_of(Line line) const { return at(line, length(line) - 1); }

  size_t suppressed_count(Line line) const {
    size_t n = 0;
    for (size_t k = 0; k < length(line); ++k) n += suppressed(at(line, k)) ? 1 : 0;
    return n;
  }

  bool violates(Line line) const {
    return !suppressed(total_of(line)) && suppressed_count(line) == 1;
  }

  // Whether suppressing `p`, a cell of `line`, leaves its crossing line without exactly one
  // suppressed cell under a published total.
  bool crossing_stays_safe(Line line, Position p) const {
    const Line crossing = line.is_row ? Line{false, p.column} : Line{true, p.row};
    const Position crossing_total = total_of(crossing);
    if (crossing_total.row == p.row && crossing_total.column == p.column) return true;
    return suppressed(crossing_total) || suppressed_count(crossing) != 0;
  }

  bool fix(Line line) {
    if (!violates(line)) return false;
    std::optional<Position> best;
    std::tuple<bool, int64_t, bool> best_key;
    for (size_t k = 0; k + 1 < length(line); ++k) {
      const Position p = at(line, k);
      if (suppressed(p)) continue;
      const int64_t value = counts_[p.row][p.column];
      // Smaller keys win: non-zero before zero, then smaller counts, then cells that spare the
      // crossing line; the first in reading order wins a full tie (strict comparison).
      const std::tuple key{value == 0, value, !crossing_stays_safe(line, p)};
      if (!best || key < best_key) {
        best = p;
        best_key = key;
      }
    }
    const Position chosen = best.value_or(total_of(line));
    grid_[chosen.row][chosen.column] = Suppression::secondary;
    return true;
  }

  const std::vector<std::vector<int64_t>>& counts_;
  Grid& grid_;
  size_t rows_;
  size_t columns_;
};

int64_t round_half_up(int64_t value, int64_t base) {
  return (value + base / 2) / base * base;
}

}  // namespace

std::string_view suppression_name(Suppression suppression) {
  switch (suppression) {
    case Suppression::primary:
      return "primary";
    case Suppression::secondary:
      return "secondary";
    case Suppression::none:
      return "";
  }
  return "";
}

ErrorOr<PublishedTable> apply_disclosure_control(const Table& table,
                                                 const DisclosureOptions& options) {
  if (options.threshold < 1) {
    return Error::make("invalid_threshold",
                       "the threshold must be at least 1, not " + std::to_string(options.threshold),
                       "threshold");
  }
  if (options.round_to && *options.round_to < 1) {
    return Error::make(
        "invalid_rounding",
        "the rounding base must be at least 1, not " + std::to_string(*options.round_to), "round");
  }
  Grid grid(table.rows.size(), std::vector<Suppression>(table.columns.size()));
  for (size_t row = 0; row < grid.size(); ++row) {
    for (size_t column = 0; column < grid[row].size(); ++column) {
      const int64_t count = table.counts[row][column];
      if (count >= 1 && count < options.threshold) grid[row][column] = Suppression::primary;
    }
  }
  SecondarySuppression(table, grid).run();

  PublishedTable published{
      static_cast<const TableFrame&>(table), options.threshold, options.round_to, {}};
  published.cells.resize(grid.size());
  for (size_t row = 0; row < grid.size(); ++row) {
    for (size_t column = 0; column < grid[row].size(); ++column) {
      PublishedCell cell{std::nullopt, grid[row][column]};
      if (cell.suppressed == Suppression::none) {
        const int64_t count = table.counts[row][column];
        cell.value = options.round_to ? round_half_up(count, *options.round_to) : count;
      }
      published.cells[row].push_back(cell);
    }
  }
  return published;
}

PublishedTable publish_raw(const Table& table) {
  PublishedTable published{static_cast<const TableFrame&>(table), std::nullopt, std::nullopt, {}};
  for (const auto& row : table.counts) {
    auto& cells = published.cells.emplace_back();
    for (int64_t count : row) cells.push_back(PublishedCell{count, Suppression::none});
  }
  return published;
}

}  // namespace opennrm::stats

#pragma once

// The table model of the national rapporteur statistics (statistics.md): a count per
// (row value, column value), with row totals, column totals and a grand total appended as the
// last row and column. Tables are built either from per-victim facts (TableBuilder::count) or
// from counts aggregated elsewhere, e.g. by SQL GROUP BY (TableBuilder::add); both paths give
// the same Table, so disclosure control and rendering serve both.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace opennrm::stats {

// The label of the totals row and of the totals column.
inline constexpr std::string_view kTotal = "total";

// What every rendering of a table needs besides its cells.
struct TableFrame {
  // A table id of statistics.md, e.g. "victims_by_form".
  std::string id;
  // The names of what the rows and the columns are, e.g. "year" and "form".
  std::string row_dimension;
  std::string column_dimension;
  // Row and column labels; the last of each is kTotal.
  std::vector<std::string> rows;
  std::vector<std::string> columns;
  // Sentences on how the table counts, e.g. that a victim counts under each of its forms.
  std::vector<std::string> notes;
  // For a rate table (sdg_16_2_2): the cells are counts per 100,000 of this population.
  std::optional<int64_t> rate_population;
};

// Raw counts, for the coordinator only; what leaves the system goes through disclosure control.
struct Table : TableFrame {
  // counts[row][column], totals included.
  std::vector<std::vector<int64_t>> counts;
};

class TableBuilder {
 public:
  // `rows` and `columns` are the dimension values without the totals, in display order.
  TableBuilder(std::string id, std::string row_dimension, std::vector<std::string> rows,
               std::string column_dimension, std::vector<std::string> columns);

  // Counts one victim once in every cell it falls in: each of its row values × each of its
  // column values, plus the totals of those rows and columns and the grand total. A victim with
  // several values on one side (several forms) therefore counts once under each, and once in
  // the total; a victim with no value on one side counts only in the totals of that side.
  // Repeated values count once. An unknown value is an error naming it.
  ErrorOr<void> count(const std::vector<std::string>& row_values,
                      const std::vector<std::string>& column_values);

  // Adds a pre-aggregated count to one cell; either label may be kTotal. A total cell that is
  // never given (by add or count) is computed at build(): a row total as the sum of its row, a
  // column total as the sum of its column, the grand total as the sum of the row totals. Give
  // the totals explicitly when a victim can fall in several cells of a row (victims_by_form).
  ErrorOr<void> add(std::string_view row, std::string_view column, int64_t count);

  void add_note(std::string note) { frame_.notes.push_back(std::move(note)); }
  void set_rate_population(int64_t population) { frame_.rate_population = population; }

  Table build() const;

 private:
  ErrorOr<size_t> row_index(std::string_view label) const;
  ErrorOr<size_t> column_index(std::string_view label) const;
  void increment(size_t row, size_t column, int64_t count);

  // The labels here exclude the totals until build() appends them.
  TableFrame frame_;
  std::unordered_map<std::string, size_t> row_of_;
  std::unordered_map<std::string, size_t> column_of_;
  // (rows + 1) × (columns + 1) counts; the last row and column are the totals.
  std::vector<std::vector<int64_t>> counts_;
  // Which total cells were given rather than to be computed as sums.
  std::vector<bool> row_total_given_;
  std::vector<bool> column_total_given_;
  bool grand_total_given_ = false;
};

}  // namespace opennrm::stats

#include "stats/table.h"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace opennrm::stats {

namespace {

std::unordered_map<std::string, size_t> index_labels(const std::vector<std::string>& labels) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < labels.size(); ++i) {
    assert(labels[i] != kTotal && "a dimension value may not be the totals label");
    index.emplace(labels[i], i);
  }
  return index;
}

}  // namespace

TableBuilder::TableBuilder(std::string id, std::string row_dimension, std::vector<std::string> rows,
                           std::string column_dimension, std::vector<std::string> columns)
    : frame_{.id = std::move(id),
             .row_dimension = std::move(row_dimension),
             .column_dimension = std::move(column_dimension),
             .rows = std::move(rows),
             .columns = std::move(columns)},
      row_of_(index_labels(frame_.rows)),
      column_of_(index_labels(frame_.columns)),
      counts_(frame_.rows.size() + 1, std::vector<int64_t>(frame_.columns.size() + 1, 0)),
      row_total_given_(frame_.rows.size(), false),
      column_total_given_(frame_.columns.size(), false) {}

ErrorOr<size_t> TableBuilder::row_index(std::string_view label) const {
  if (label == kTotal) return frame_.rows.size();
  auto found = row_of_.find(std::string(label));
  if (found == row_of_.end()) {
    return Error::make("unknown_dimension_value",
                       "'" + std::string(label) + "' is not a row of table " + frame_.id,
                       frame_.row_dimension);
  }
  return found->second;
}

ErrorOr<size_t> TableBuilder::column_index(std::string_view label) const {
  if (label == kTotal) return frame_.columns.size();
  auto found = column_of_.find(std::string(label));
  if (found == column_of_.end()) {
    return Error::make("unknown_dimension_value",
                       "'" + std::string(label) + "' is not a column of table " + frame_.id,
                       frame_.column_dimension);
  }
  return found->second;
}

void TableBuilder::increment(size_t row, size_t column, int64_t count) {
  counts_[row][column] += count;
  const size_t total_row = frame_.rows.size();
  const size_t total_column = frame_.columns.size();
  if (row == total_row && column == total_column) {
    grand_total_given_ = true;
  } else if (column == total_column) {
    row_total_given_[row] = true;
  } else if (row == total_row) {
    column_total_given_[column] = true;
  }
}

ErrorOr<void> TableBuilder::count(const std::vector<std::string>& row_values,
                                  const std::vector<std::string>& column_values) {
  // Resolve every label first, so that an unknown value leaves the table unchanged. The totals
  // are part of both lists, which is what makes a victim count once in them.
  std::vector<size_t> rows{frame_.rows.size()};
  for (const auto& value : row_values) rows.push_back(TRY(row_index(value)));
  std::vector<size_t> columns{frame_.columns.size()};
  for (const auto& value : column_values) columns.push_back(TRY(column_index(value)));
  for (auto* indices : {&rows, &columns}) {
    std::sort(indices->begin(), indices->end());
    indices->erase(std::unique(indices->begin(), indices->end()), indices->end());
  }
  for (size_t row : rows) {
    for (size_t column : columns) increment(row, column, 1);
  }
  return {};
}

ErrorOr<void> TableBuilder::add(std::string_view row, std::string_view column, int64_t count) {
  if (count < 0) {
    return Error::make("invalid_count", "a count cannot be negative (" + std::to_string(count) +
                                            " for " + std::string(row) + " x " +
                                            std::string(column) + ")");
  }
  const size_t row_at = TRY(row_index(row));
  const size_t column_at = TRY(column_index(column));
  increment(row_at, column_at, count);
  return {};
}

Table TableBuilder::build() const {
  Table table{frame_, counts_};
  const size_t total_row = frame_.rows.size();
  const size_t total_column = frame_.columns.size();
  auto& counts = table.counts;
  for (size_t row = 0; row < total_row; ++row) {
    if (!row_total_given_[row]) {
      counts[row][total_column] =
          std::accumulate(counts[row].begin(), counts[row].begin() + total_column, int64_t{0});
    }
  }
  for (size_t column = 0; column < total_column; ++column) {
    if (!column_total_given_[column]) {
      int64_t sum = 0;
      for (size_t row = 0; row < total_row; ++row) sum += counts[row][column];
      counts[total_row][column] = sum;
    }
  }
  if (!grand_total_given_) {
    int64_t sum = 0;
    for (size_t row = 0; row < total_row; ++row) sum += counts[row][total_column];
    counts[total_row][total_column] = sum;
  }
  table.rows.emplace_back(kTotal);
  table.columns.emplace_back(kTotal);
  return table;
}

}  // namespace opennrm::stats

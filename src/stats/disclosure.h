#pragma once

// Statistical disclosure control (statistics.md "Disclosure control"): threshold suppression,
// secondary suppression so that no suppressed cell can be recovered by subtraction from a
// published total, and optional rounding.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "stats/table.h"

namespace opennrm::stats {

enum class Suppression { none, primary, secondary };

// "primary" or "secondary" (the JSON cell metadata); empty for none.
std::string_view suppression_name(Suppression suppression);

struct PublishedCell {
  // The published count, rounded when rounding is on; absent when suppressed.
  std::optional<int64_t> value;
  Suppression suppressed = Suppression::none;
};

// A table as it may leave the system.
struct PublishedTable : TableFrame {
  // The threshold k applied; absent for raw counts (no disclosure control).
  std::optional<int64_t> threshold;
  // The rounding base N applied to published counts, if any.
  std::optional<int64_t> rounding;
  // cells[row][column], totals included, in the layout of the frame.
  std::vector<std::vector<PublishedCell>> cells;
};

struct DisclosureOptions {
  // Counts from 1 to threshold − 1 are suppressed; at least 1 (1 suppresses nothing).
  int64_t threshold = 10;
  // Published counts are rounded to the nearest multiple of this (halves up); at least 1.
  std::optional<int64_t> round_to;
};

// Applies disclosure control:
// 1. Primary: every cell, totals included, with a count from 1 to k − 1 is suppressed. Zero is
//    shown.
// 2. Secondary: in every row and column (the totals row and column included) whose total is
//    published, the number of suppressed cells must not be exactly one. Rows are checked top
//    to bottom, then columns left to right, repeatedly until nothing changes. In a line with
//    one suppressed cell, the cell suppressed next is, among the line's published cells other
//    than its total: the smallest non-zero count; only when every such cell is zero, a zero
//    (suppressing a zero is safe but hides that it is zero, hence last); when counts tie, one
//    whose crossing line will not be left with exactly one suppressed cell (so fewer cells are
//    lost), then the first in reading order. A line with no such cell has its total suppressed.
// 3. Rounding, if asked: each published count is rounded on its own, so rounded cells need
//    not add up to their rounded total.
ErrorOr<PublishedTable> apply_disclosure_control(const Table& table,
                                                 const DisclosureOptions& options);

// Raw counts with every cell published and no threshold, for the coordinator (`--raw`).
PublishedTable publish_raw(const Table& table);

}  // namespace opennrm::stats

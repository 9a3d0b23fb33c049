#pragma once

// Renderings of a published table: JSON (statistics.md command-line contract), CSV and XLSX.
// All three show the same cells, suppression marks and notes.

#include <filesystem>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/error.h"
#include "stats/disclosure.h"

namespace opennrm::stats {

// The footnote marks of suppressed cells in CSV and XLSX.
inline constexpr std::string_view kPrimaryMark = "[p]";
inline constexpr std::string_view kSecondaryMark = "[s]";

struct Note {
  // The footnote mark it explains, or empty for a note on the whole table.
  std::string mark;
  std::string text;
};

// What a reader needs to read the table: the suppression marks and rounding (or that the counts
// are raw), then the table's own notes on counting.
std::vector<Note> explanatory_notes(const PublishedTable& table);

// {"table": id, "threshold": k, "rounding": N, "unit": ..., "population": ...,
//  "row_dimension": ..., "column_dimension": ..., "rows": [...], "columns": [...],
//  "cells": [[{"value": 12}, {"value": null, "suppressed": "primary"}, ...], ...],
//  "notes": [...]}. Row and column labels are strings (years too), the last of each "total".
// Raw tables have "threshold": null; "rounding" is null without rounding. "unit" and
// "population" appear only for a rate table, whose values are rates.
boost::json::object table_to_json(const PublishedTable& table);
std::string render_json(const PublishedTable& table);

// RFC 4180 CSV with CRLF line ends: a header line (the row dimension, then the column labels),
// one line per row, then a blank line and the notes (mark, text). A suppressed cell holds only
// its mark. Every field that starts with =, +, -, @, tab or carriage return is prefixed with a
// single quote so that a spreadsheet never runs it as a formula.
std::string render_csv(const PublishedTable& table);

// One line of that CSV (RFC 4180, CRLF end, formula characters neutralised as above), for every
// CSV that OpenNRM writes (the tables here, the HTCDS case export).
std::string csv_line(const std::vector<std::string>& fields);

// Writes an XLSX workbook with a sheet "data" (the table; suppressed cells hold their mark) and
// a sheet "notes". The file appears at `path` only when complete.
ErrorOr<void> write_xlsx(const PublishedTable& table, const std::filesystem::path& path);

// The same workbook as bytes, for an answer over the API. libxlsxwriter writes only to files,
// so the workbook is written in a private temporary directory (mode 0700) that is removed
// whatever happens; an error leaves nothing behind and gives no bytes.
ErrorOr<std::string> render_xlsx(const PublishedTable& table);

// The media type of an XLSX workbook.
inline constexpr std::string_view kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The value a published cell shows: the count, or for a rate table the rate per 100,000.
double displayed_value(const PublishedTable& table, int64_t count);

}  // namespace opennrm::stats

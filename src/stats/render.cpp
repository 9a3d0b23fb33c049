#include "stats/render.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/json.h"
#include "stats/population.h"

namespace opennrm::stats {

namespace {

std::string_view mark_of(Suppression suppression) {
  return suppression == Suppression::primary ? kPrimaryMark : kSecondaryMark;
}

// Quotes a CSV field after neutralising a leading formula character.
std::string csv_field(std::string_view text) {
  std::string field;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    field += '\'';
  }
  field += text;
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string cell_text(const PublishedTable& table, const PublishedCell& cell) {
  if (!cell.value) return std::string(mark_of(cell.suppressed));
  if (table.rate_population) return fmt::format("{:.3f}", displayed_value(table, *cell.value));
  return std::to_string(*cell.value);
}

}  // namespace

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += csv_field(fields[i]);
  }
  return line + "\r\n";
}

double displayed_value(const PublishedTable& table, int64_t count) {
  return table.rate_population ? rate_per_100000(count, *table.rate_population)
                               : static_cast<double>(count);
}

std::vector<Note> explanatory_notes(const PublishedTable& table) {
  std::vector<Note> notes;
  if (table.threshold) {
    const int64_t k = *table.threshold;
    notes.push_back({std::string(kPrimaryMark),
                     fmt::format("Suppressed: a count from 1 to {} (below the threshold of {}), "
                                 "which could identify a person (primary suppression).",
                                 k - 1, k)});
    notes.push_back({std::string(kSecondaryMark),
                     "Suppressed so that no other suppressed cell can be worked out by "
                     "subtraction from a published total (secondary suppression)."});
  } else {
    notes.push_back({"",
                     "Raw counts without disclosure control: for the coordinator only, "
                     "not for publication."});
  }
  if (table.rounding) {
    notes.push_back({"", fmt::format("Published counts are rounded to the nearest multiple of "
                                     "{} (halves up), each on its own, so they need not add up "
                                     "to the rounded totals.",
                                     *table.rounding)});
  }
  notes.push_back({"", "The last row and the last column are totals."});
  for (const auto& text : table.notes) notes.push_back({"", text});
  return notes;
}

boost::json::object table_to_json(const PublishedTable& table) {
  boost::json::object out;
  out["table"] = table.id;
  out["threshold"] = table.threshold ? boost::json::value(*table.threshold) : nullptr;
  out["rounding"] = table.rounding ? boost::json::value(*table.rounding) : nullptr;
  if (table.rate_population) {
    out["unit"] = "victims per 100,000 population";
    out["population"] = *table.rate_population;
  }
  out["row_dimension"] = table.row_dimension;
  out["column_dimension"] = table.column_dimension;
  out["rows"] = boost::json::value_from(table.rows);
  out["columns"] = boost::json::value_from(table.columns);
  boost::json::array rows;
  for (const auto& row : table.cells) {
    boost::json::array cells;
    for (const auto& cell : row) {
      boost::json::object json_cell;
      if (!cell.value) {
        json_cell["value"] = nullptr;
        json_cell["suppressed"] = suppression_name(cell.suppressed);
      } else if (table.rate_population) {
        json_cell["value"] = displayed_value(table, *cell.value);
      } else {
        json_cell["value"] = *cell.value;
      }
      cells.push_back(std::move(json_cell));
    }
    rows.push_back(std::move(cells));
  }
  out["cells"] = std::move(rows);
  boost::json::array notes;
  for (const auto& note : explanatory_notes(table)) {
    notes.push_back(
        boost::json::string(note.mark.empty() ? note.text : note.mark + " " + note.text));
  }
  out["notes"] = std::move(notes);
  return out;
}

std::string render_json(const PublishedTable& table) {
  return to_json_text(table_to_json(table));
}

std::string render_csv(const PublishedTable& table) {
  std::string out;
  std::vector<std::string> header{table.row_dimension};
  header.insert(header.end(), table.columns.begin(), table.columns.end());
  out += csv_line(header);
  for (size_t row = 0; row < table.rows.size(); ++row) {
    std::vector<std::string> fields{table.rows[row]};
    for (const auto& cell : table.cells[row]) fields.push_back(cell_text(table, cell));
    out += csv_line(fields);
  }
  out += "\r\n";
  for (const auto& note : explanatory_notes(table)) {
    out += csv_line({note.mark.empty() ? "note" : note.mark, note.text});
  }
  return out;
}

}  // namespace opennrm::stats

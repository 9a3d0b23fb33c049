// The XLSX rendering, through libxlsxwriter.

#include <stdlib.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include "stats/render.h"

namespace opennrm::stats {

namespace {

Error xlsx_error(lxw_error code, const std::filesystem::path& path) {
  return Error::make("xlsx_write_failed",
                     std::string("cannot write the workbook: ") + lxw_strerror(code),
                     path.string());
}

// Writes the sheets into an open workbook; the caller closes it whatever happens.
lxw_error fill_workbook(lxw_workbook* workbook, const PublishedTable& table) {
  lxw_worksheet* data = workbook_add_worksheet(workbook, "data");
  lxw_worksheet* notes = workbook_add_worksheet(workbook, "notes");
  lxw_format* bold = workbook_add_format(workbook);
  lxw_format* rate = workbook_add_format(workbook);
  if (data == nullptr || notes == nullptr || bold == nullptr || rate == nullptr) {
    return LXW_ERROR_MEMORY_MALLOC_FAILED;
  }
  format_set_bold(bold);
  format_set_num_format(rate, "0.000");
  lxw_format* number_format = table.rate_population ? rate : nullptr;

  // Strings are always written as strings, never as formulas, so labels cannot inject one.
  lxw_error status = worksheet_write_string(data, 0, 0, table.row_dimension.c_str(), bold);
  for (size_t column = 0; column < table.columns.size() && status == LXW_NO_ERROR; ++column) {
    status = worksheet_write_string(data, 0, static_cast<lxw_col_t>(column + 1),
                                    table.columns[column].c_str(), bold);
  }
  for (size_t row = 0; row < table.rows.size() && status == LXW_NO_ERROR; ++row) {
    const auto sheet_row = static_cast<lxw_row_t>(row + 1);
    status = worksheet_write_string(data, sheet_row, 0, table.rows[row].c_str(), bold);
    for (size_t column = 0; column < table.columns.size() && status == LXW_NO_ERROR; ++column) {
      const PublishedCell& cell = table.cells[row][column];
      const auto sheet_column = static_cast<lxw_col_t>(column + 1);
      if (cell.value) {
        status = worksheet_write_number(data, sheet_row, sheet_column,
                                        displayed_value(table, *cell.value), number_format);
      } else {
        const std::string mark(cell.suppressed == Suppression::primary ? kPrimaryMark
                                                                       : kSecondaryMark);
        status = worksheet_write_string(data, sheet_row, sheet_column, mark.c_str(), nullptr);
      }
    }
  }
  if (status == LXW_NO_ERROR) {
    status =
        worksheet_set_column(data, 0, static_cast<lxw_col_t>(table.columns.size()), 14, nullptr);
  }

  lxw_row_t note_row = 0;
  for (const auto& note : explanatory_notes(table)) {
    if (status != LXW_NO_ERROR) break;
    status = worksheet_write_string(notes, note_row, 0, note.mark.c_str(), bold);
    if (status == LXW_NO_ERROR) {
      status = worksheet_write_string(notes, note_row, 1, note.text.c_str(), nullptr);
    }
    ++note_row;
  }
  if (status == LXW_NO_ERROR) status = worksheet_set_column(notes, 1, 1, 120, nullptr);
  return status;
}

// A directory only this process's user can read, removed with its content when the owner ends.
class PrivateDirectory {
 public:
  static ErrorOr<PrivateDirectory> make() {
    std::error_code failed;
    const std::filesystem::path base = std::filesystem::temp_directory_path(failed);
    if (failed) return temp_error(failed.message());
    std::string name = (base / "opennrm-xlsx-XXXXXX").string();
    // mkdtemp creates the directory with mode 0700 under a name no other process can take.
    if (::mkdtemp(name.data()) == nullptr) return temp_error(std::strerror(errno));
    return PrivateDirectory(std::move(name));
  }
  PrivateDirectory(PrivateDirectory&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(PrivateDirectory&&) = delete;
  ~PrivateDirectory() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit PrivateDirectory(std::filesystem::path path) : path_(std::move(path)) {}
  static Error temp_error(std::string_view reason) {
    return Error::make("xlsx_write_failed", "cannot make a temporary directory for the workbook: " +
                                                std::string(reason));
  }
  std::filesystem::path path_;
};

}  // namespace

ErrorOr<std::string> render_xlsx(const PublishedTable& table) {
  const PrivateDirectory directory = TRY(PrivateDirectory::make());
  const std::filesystem::path path = directory.path() / "table.xlsx";
  TRY(write_xlsx(table, path));
  std::ifstream file(path, std::ios::binary);
  std::string bytes;
  if (file) bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  if (!file.is_open() || file.bad() || bytes.empty()) {
    return Error::make("xlsx_write_failed", "cannot read the workbook back", path.string());
  }
  return bytes;
}

ErrorOr<void> write_xlsx(const PublishedTable& table, const std::filesystem::path& path) {
  // Written beside the target and renamed at the end, so a failure never leaves half a file.
  std::filesystem::path partial = path;
  partial += ".partial";
  lxw_workbook* workbook = workbook_new(partial.string().c_str());
  if (workbook == nullptr) {
    return Error::make("xlsx_write_failed", "cannot create the workbook", path.string());
  }
  const lxw_error filled = fill_workbook(workbook, table);
  // workbook_close also frees the workbook, so it runs even after a failure.
  const lxw_error closed = workbook_close(workbook);
  std::error_code ignored;
  if (filled != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
    std::filesystem::remove(partial, ignored);
    return xlsx_error(filled != LXW_NO_ERROR ? filled : closed, path);
  }
  std::error_code renamed;
  std::filesystem::rename(partial, path, renamed);
  if (renamed) {
    std::filesystem::remove(partial, ignored);
    return Error::make("xlsx_write_failed",
                       "cannot move the workbook into place: " + renamed.message(), path.string());
  }
  return {};
}

}  // namespace opennrm::stats

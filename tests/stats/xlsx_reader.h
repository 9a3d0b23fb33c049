#pragma once

// Reads an XLSX workbook in memory, so that tests can look inside one without an unzip tool:
// the files of the ZIP archive (with zlib: the central directory names every entry with its
// sizes and where its local header is; entries are stored or deflated), and the numeric cells
// of a worksheet.

#include <zlib.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace opennrm::testing {

namespace zip_detail {

inline uint32_t little_endian(std::string_view bytes, size_t at, size_t width) {
  uint32_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    value |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return value;
}

inline std::optional<std::string> inflate_raw(std::string_view data, size_t size) {
  std::string out(size, '\0');
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&stream, Z_FINISH);
  inflateEnd(&stream);
  if (status != Z_STREAM_END || stream.total_out != size) return std::nullopt;
  return out;
}

}  // namespace zip_detail

// Every file of the archive by name; nullopt when `bytes` is not a ZIP archive this reader
// understands (no ZIP64, stored or deflated entries only).
inline std::optional<std::map<std::string, std::string>> zip_entries(std::string_view bytes) {
  using zip_detail::little_endian;
  constexpr size_t kEndRecord = 22;
  if (bytes.size() < kEndRecord) return std::nullopt;
  size_t end = bytes.size() - kEndRecord;
  while (end > 0 && bytes.substr(end, 4) != std::string_view("PK\x05\x06", 4)) --end;
  if (bytes.substr(end, 4) != std::string_view("PK\x05\x06", 4)) return std::nullopt;
  const uint32_t count = little_endian(bytes, end + 10, 2);
  size_t at = little_endian(bytes, end + 16, 4);
  std::map<std::string, std::string> files;
  for (uint32_t i = 0; i < count; ++i) {
    if (at + 46 > bytes.size() || bytes.substr(at, 4) != std::string_view("PK\x01\x02", 4)) {
      return std::nullopt;
    }
    const uint32_t method = little_endian(bytes, at + 10, 2);
    const uint32_t packed = little_endian(bytes, at + 20, 4);
    const uint32_t size = little_endian(bytes, at + 24, 4);
    const uint32_t name_length = little_endian(bytes, at + 28, 2);
    const uint32_t extra_length = little_endian(bytes, at + 30, 2);
    const uint32_t comment_length = little_endian(bytes, at + 32, 2);
    const uint32_t local = little_endian(bytes, at + 42, 4);
    std::string name(bytes.substr(at + 46, name_length));
    at += 46 + name_length + extra_length + comment_length;
    if (local + 30 > bytes.size() || bytes.substr(local, 4) != std::string_view("PK\x03\x04", 4)) {
      return std::nullopt;
    }
    const size_t data =
        local + 30 + little_endian(bytes, local + 26, 2) + little_endian(bytes, local + 28, 2);
    if (data + packed > bytes.size()) return std::nullopt;
    std::string_view content = bytes.substr(data, packed);
    if (method == 0) {
      files[name] = std::string(content);
    } else if (method == 8) {
      auto inflated = zip_detail::inflate_raw(content, size);
      if (!inflated) return std::nullopt;
      files[name] = std::move(*inflated);
    } else {
      return std::nullopt;
    }
  }
  return files;
}

// The numeric cells of a worksheet's XML by reference ("D4" to "93"). String cells (t="s",
// whose <v> is an index into the shared strings) and formulas are left out.
inline std::map<std::string, std::string> numeric_cells(std::string_view sheet) {
  std::map<std::string, std::string> cells;
  for (size_t at = sheet.find("<c "); at != std::string_view::npos;
       at = sheet.find("<c ", at + 1)) {
    const size_t tag_end = sheet.find('>', at);
    if (tag_end == std::string_view::npos) break;
    std::string_view tag = sheet.substr(at, tag_end - at);
    if (tag.find(" t=\"") != std::string_view::npos || tag.ends_with("/")) continue;
    const size_t reference = tag.find(" r=\"");
    if (reference == std::string_view::npos) continue;
    const size_t reference_end = tag.find('"', reference + 4);
    std::string_view rest = sheet.substr(tag_end + 1);
    if (!rest.starts_with("<v>")) continue;
    const size_t value_end = rest.find("</v>");
    if (value_end == std::string_view::npos) continue;
    cells[std::string(tag.substr(reference + 4, reference_end - reference - 4))] =
        std::string(rest.substr(3, value_end - 3));
  }
  return cells;
}

}  // namespace opennrm::testing

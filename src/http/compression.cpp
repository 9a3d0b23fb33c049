#include "http/compression.h"

#include <optional>
#include <stdexcept>

#include <zlib.h>

namespace opennrm::http {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// A coding's weight is refused only by q=0 (in any of its spellings "0", "0.0", "0.000").
bool weight_is_zero(std::string_view parameters) {
  for (size_t start = 0; start < parameters.size();) {
    size_t end = parameters.find(';', start);
    std::string_view parameter = trim(parameters.substr(start, end - start));
    if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
        parameter[1] == '=') {
      return parameter.substr(2).find_first_not_of("0.") == std::string_view::npos;
    }
    start = end == std::string_view::npos ? parameters.size() : end + 1;
  }
  return false;
}

bool is_textual(std::string_view content_type) {
  std::string type = lowercase(trim(content_type.substr(0, content_type.find(';'))));
  auto ends_with = [&](std::string_view suffix) { return type.ends_with(suffix); };
  return type.starts_with("text/") || type == "application/json" ||
         type == "application/javascript" || type == "application/xml" || ends_with("+json") ||
         ends_with("+xml");
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  // An explicit "gzip" entry decides; otherwise a "*" entry does.
  std::optional<bool> gzip_accepted;
  std::optional<bool> any_accepted;
  for (size_t start = 0; start < accept_encoding.size();) {
    size_t end = accept_encoding.find(',', start);
    std::string_view item = accept_encoding.substr(start, end - start);
    size_t semicolon = item.find(';');
    std::string coding = lowercase(trim(item.substr(0, semicolon)));
    bool accepted =
        semicolon == std::string_view::npos || !weight_is_zero(item.substr(semicolon + 1));
    if (coding == "gzip" || coding == "x-gzip") gzip_accepted = accepted;
    if (coding == "*") any_accepted = accepted;
    start = end == std::string_view::npos ? accept_encoding.size() : end + 1;
  }
  return gzip_accepted.value_or(any_accepted.value_or(false));
}

void compress_if_accepted(std::string_view accept_encoding, Response& response) {
  auto content_type = response.headers.get("Content-Type");
  if (response.body.size() <= kMinimumCompressedBytes || !content_type ||
      !is_textual(*content_type) || response.headers.contains("Content-Encoding")) {
    return;
  }
  response.headers.set("Vary", "Accept-Encoding");
  if (!accepts_gzip(accept_encoding)) return;
  response.body = gzip(response.body);
  response.headers.set("Content-Encoding", "gzip");
}

std::string gzip(std::string_view data) {
  z_stream stream{};
  // Window bits 15 + 16 asks zlib for the gzip wrapper instead of the zlib one.
  constexpr int kGzipWindowBits = 15 + 16;
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib could not start a gzip stream");
  }
  std::string compressed(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  int result = deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  // deflateBound guarantees room for the whole output, so one call must finish the stream.
  if (result != Z_STREAM_END) throw std::runtime_error("zlib could not finish a gzip stream");
  return compressed;
}

}  // namespace opennrm::http

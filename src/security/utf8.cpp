#include "security/utf8.h"

#include <cstddef>

namespace opennrm::security {
namespace {

struct LeadByte {
  char32_t initial_bits;
  std::size_t continuation_bytes;
  char32_t smallest_allowed;  // Anything below is an overlong encoding.
};

std::optional<LeadByte> classify_lead_byte(unsigned char byte) {
  if (byte < 0x80) return LeadByte{byte, 0, 0};
  if ((byte & 0xE0) == 0xC0) return LeadByte{static_cast<char32_t>(byte & 0x1F), 1, 0x80};
  if ((byte & 0xF0) == 0xE0) return LeadByte{static_cast<char32_t>(byte & 0x0F), 2, 0x800};
  if ((byte & 0xF8) == 0xF0) return LeadByte{static_cast<char32_t>(byte & 0x07), 3, 0x10000};
  return std::nullopt;
}

}  // namespace

std::optional<std::u32string> decode_utf8(std::string_view text) {
  std::u32string result;
  result.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = classify_lead_byte(static_cast<unsigned char>(text[i]));
    if (!lead || text.size() - i - 1 < lead->continuation_bytes) return std::nullopt;
    char32_t code_point = lead->initial_bits;
    for (std::size_t k = 1; k <= lead->continuation_bytes; ++k) {
      auto byte = static_cast<unsigned char>(text[i + k]);
      if ((byte & 0xC0) != 0x80) return std::nullopt;
      code_point = (code_point << 6) | (byte & 0x3F);
    }
    bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (code_point < lead->smallest_allowed || code_point > 0x10FFFF || surrogate) {
      return std::nullopt;
    }
    result.push_back(code_point);
    i += 1 + lead->continuation_bytes;
  }
  return result;
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string result;
  result.reserve(code_points.size());
  for (char32_t c : code_points) {
    if (c < 0x80) {
      result.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      result.push_back(static_cast<char>(0xC0 | (c >> 6)));
      result.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      result.push_back(static_cast<char>(0xE0 | (c >> 12)));
      result.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      result.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      result.push_back(static_cast<char>(0xF0 | (c >> 18)));
      result.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      result.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      result.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return result;
}

}  // namespace opennrm::security

#include "security/identity.h"

#include "security/utf8.h"

namespace opennrm::security {
namespace {

// A run of code points and the ASCII text that replaces each of them.
struct Folding {
  char32_t first;
  char32_t last;
  std::u32string_view replacement;
};

// Latin-1 Supplement and Latin Extended-A letters, and the Romanian comma-below letters.
constexpr Folding kLatinFoldings[] = {
    {0x00C0, 0x00C5, U"a"},  {0x00C6, 0x00C6, U"ae"}, {0x00C7, 0x00C7, U"c"},
    {0x00C8, 0x00CB, U"e"},  {0x00CC, 0x00CF, U"i"},  {0x00D0, 0x00D0, U"d"},
    {0x00D1, 0x00D1, U"n"},  {0x00D2, 0x00D6, U"o"},  {0x00D8, 0x00D8, U"o"},
    {0x00D9, 0x00DC, U"u"},  {0x00DD, 0x00DD, U"y"},  {0x00DE, 0x00DE, U"th"},
    {0x00DF, 0x00DF, U"ss"}, {0x00E0, 0x00E5, U"a"},  {0x00E6, 0x00E6, U"ae"},
    {0x00E7, 0x00E7, U"c"},  {0x00E8, 0x00EB, U"e"},  {0x00EC, 0x00EF, U"i"},
    {0x00F0, 0x00F0, U"d"},  {0x00F1, 0x00F1, U"n"},  {0x00F2, 0x00F6, U"o"},
    {0x00F8, 0x00F8, U"o"},  {0x00F9, 0x00FC, U"u"},  {0x00FD, 0x00FD, U"y"},
    {0x00FE, 0x00FE, U"th"}, {0x00FF, 0x00FF, U"y"},  {0x0100, 0x0105, U"a"},
    {0x0106, 0x010D, U"c"},  {0x010E, 0x0111, U"d"},  {0x0112, 0x011B, U"e"},
    {0x011C, 0x0123, U"g"},  {0x0124, 0x0127, U"h"},  {0x0128, 0x0131, U"i"},
    {0x0132, 0x0133, U"ij"}, {0x0134, 0x0135, U"j"},  {0x0136, 0x0138, U"k"},
    {0x0139, 0x0142, U"l"},  {0x0143, 0x014B, U"n"},  {0x014C, 0x0151, U"o"},
    {0x0152, 0x0153, U"oe"}, {0x0154, 0x0159, U"r"},  {0x015A, 0x0161, U"s"},
    {0x0162, 0x0167, U"t"},  {0x0168, 0x0173, U"u"},  {0x0174, 0x0175, U"w"},
    {0x0176, 0x0178, U"y"},  {0x0179, 0x017E, U"z"},  {0x017F, 0x017F, U"s"},
    {0x0218, 0x0219, U"s"},  {0x021A, 0x021B, U"t"},
};

bool is_space(char32_t c) {
  return c == U' ' || (c >= 0x09 && c <= 0x0D) || c == 0x00A0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Appends the normalised form of one code point that is not whitespace.
void append_folded(std::u32string& out, char32_t c) {
  if (c >= U'A' && c <= U'Z') {
    out.push_back(c + 0x20);
  } else if (c >= 0x0300 && c <= 0x036F) {
    // A combining accent: dropped, as its base letter is already there.
  } else if (c >= 0x0400 && c <= 0x040F) {
    out.push_back(c + 0x50);  // Cyrillic capitals with marks (Ё, Є, І, Ї, Ў ...).
  } else if (c >= 0x0410 && c <= 0x042F) {
    out.push_back(c + 0x20);  // Basic Cyrillic capitals.
  } else {
    for (const Folding& folding : kLatinFoldings) {
      if (c >= folding.first && c <= folding.last) {
        out.append(folding.replacement);
        return;
      }
    }
    out.push_back(c);
  }
}

}  // namespace

ErrorOr<std::string> normalise_identity(std::string_view value) {
  auto code_points = decode_utf8(value);
  if (!code_points) {
    return Error::make("invalid_utf8", "identity value is not valid UTF-8 text");
  }
  std::u32string normalised;
  bool pending_space = false;
  for (char32_t c : *code_points) {
    if (is_space(c)) {
      pending_space = !normalised.empty();
      continue;
    }
    if (pending_space) normalised.push_back(U' ');
    pending_space = false;
    append_folded(normalised, c);
  }
  return encode_utf8(normalised);
}

}  // namespace opennrm::security

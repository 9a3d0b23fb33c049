#pragma once

// UTF-8 decoding and encoding for the few places that must reason about characters rather than
// bytes: the password length rule and the normalisation of identity values.

#include <optional>
#include <string>
#include <string_view>

namespace opennrm::security {

// Decodes strictly: overlong forms, surrogates, values above U+10FFFF and truncated sequences
// make the whole text invalid (nullopt).
std::optional<std::u32string> decode_utf8(std::string_view text);

std::string encode_utf8(std::u32string_view code_points);

}  // namespace opennrm::security

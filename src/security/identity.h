#pragma once

// Normalisation of person-identity values (names, places of birth) before they are blind-indexed
// for duplicate warnings, so that trivially different spellings of one person meet:
//
// - letters are lower-cased (ASCII, Latin-1, Latin Extended-A, Cyrillic U+0400 to U+042F);
// - accents are stripped from Latin letters where the base letter is obvious (é -> e, ł -> l,
//   ș -> s), a few ligatures spelled out (æ -> ae, ß -> ss, œ -> oe), and combining accents
//   (U+0300 to U+036F, as in decomposed text) dropped;
// - runs of whitespace (ASCII and Unicode spaces) become one space; leading/trailing removed.
//
// Letters of other scripts and all punctuation are kept as they are: a miss only costs a
// duplicate warning, while a wrong merge of two scripts' letters would cost a false one.

#include <string>
#include <string_view>

#include "core/error.h"

namespace opennrm::security {

// Fails (code "invalid_utf8") only when the value is not valid UTF-8.
ErrorOr<std::string> normalise_identity(std::string_view value);

}  // namespace opennrm::security

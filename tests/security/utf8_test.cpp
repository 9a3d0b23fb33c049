#include "security/utf8.h"

#include <gtest/gtest.h>

namespace opennrm::security {
namespace {

TEST(Utf8, DecodesEveryEncodedLength) {
  auto decoded = decode_utf8("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");  // a é € 😀
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, (std::u32string{U'a', 0xE9, 0x20AC, 0x1F600}));
  EXPECT_EQ(encode_utf8(*decoded), "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(Utf8, RefusesMalformedText) {
  EXPECT_FALSE(decode_utf8("\xc0\x80"));          // Overlong NUL.
  EXPECT_FALSE(decode_utf8("\xe0\x80\xaf"));      // Overlong '/'.
  EXPECT_FALSE(decode_utf8("\xed\xa0\x80"));      // Surrogate half.
  EXPECT_FALSE(decode_utf8("\xf4\x90\x80\x80"));  // Above U+10FFFF.
  EXPECT_FALSE(decode_utf8("abc\xc3"));           // Truncated.
  EXPECT_FALSE(decode_utf8("\x80"));              // Lone continuation byte.
  EXPECT_FALSE(decode_utf8("\xc3\x28"));          // Continuation byte missing.
}

}  // namespace
}  // namespace opennrm::security

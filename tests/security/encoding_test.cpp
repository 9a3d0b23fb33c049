#include "security/encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace opennrm::security {
namespace {

Bytes bytes(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

TEST(Hex, EncodesLowerCase) {
  EXPECT_EQ(to_hex(bytes("\x01\xab\xff")), "01abff");
  EXPECT_EQ(to_hex({}), "");
}

// RFC 4648 section 10 test vectors.
struct Rfc4648Vector {
  std::string_view data;
  std::string_view base64;
  std::string_view base32;
};

constexpr Rfc4648Vector kVectors[] = {
    {"", "", ""},
    {"f", "Zg==", "MY======"},
    {"fo", "Zm8=", "MZXQ===="},
    {"foo", "Zm9v", "MZXW6==="},
    {"foob", "Zm9vYg==", "MZXW6YQ="},
    {"fooba", "Zm9vYmE=", "MZXW6YTB"},
    {"foobar", "Zm9vYmFy", "MZXW6YTBOI======"},
};

TEST(Base64, MatchesRfc4648Vectors) {
  for (const auto& vector : kVectors) {
    EXPECT_EQ(to_base64(bytes(vector.data)), vector.base64) << vector.data;
    auto decoded = from_base64(vector.base64);
    ASSERT_TRUE(decoded) << vector.base64;
    EXPECT_EQ(*decoded, bytes(vector.data));
  }
}

TEST(Base64, RefusesInvalidText) {
  EXPECT_FALSE(from_base64("Zm9v!"));
  EXPECT_FALSE(from_base64("Zm9vY"));
  EXPECT_FALSE(from_base64("Zm9v YmFy"));
}

TEST(Base64Url, IsUrlSafeWithoutPadding) {
  EXPECT_EQ(to_base64url(bytes("\xfb\xff")), "-_8");
  EXPECT_EQ(to_base64url(bytes("f")), "Zg");
}

TEST(Base32, MatchesRfc4648Vectors) {
  for (const auto& vector : kVectors) {
    EXPECT_EQ(base32_encode(bytes(vector.data)), vector.base32) << vector.data;
    auto decoded = base32_decode(vector.base32);
    ASSERT_TRUE(decoded) << vector.base32;
    EXPECT_EQ(*decoded, bytes(vector.data));
  }
}

TEST(Base32, DecodesLowerCaseAndUnpadded) {
  EXPECT_EQ(base32_decode("mzxw6ytboi"), bytes("foobar"));
  EXPECT_EQ(base32_decode("MZXW6YQ"), bytes("foob"));
}

TEST(Base32, RefusesForeignCharactersAndImpossibleLengths) {
  EXPECT_FALSE(base32_decode("MZXW6YT1"));  // '1' is not in the alphabet.
  EXPECT_FALSE(base32_decode("MZXW 6YTB"));
  EXPECT_FALSE(base32_decode("M"));
  EXPECT_FALSE(base32_decode("MZX"));
  EXPECT_FALSE(base32_decode("MZXW6Y"));
}

TEST(LengthPrefix, KeepsFieldBoundaries) {
  std::string first;
  append_length_prefixed(first, "ab");
  append_length_prefixed(first, "c");
  std::string second;
  append_length_prefixed(second, "a");
  append_length_prefixed(second, "bc");
  EXPECT_NE(first, second);
  EXPECT_EQ(first, std::string("\0\0\0\0\0\0\0\x02"
                               "ab\0\0\0\0\0\0\0\x01"
                               "c",
                               19));
}

}  // namespace
}  // namespace opennrm::security

#include "security/identity.h"

#include <gtest/gtest.h>

namespace opennrm::security {
namespace {

std::string normalised(std::string_view value) {
  auto result = normalise_identity(value);
  EXPECT_FALSE(result.is_error()) << value;
  return result.is_error() ? std::string() : result.release_value();
}

TEST(NormaliseIdentity, LowerCasesAndCollapsesWhitespace) {
  EXPECT_EQ(normalised("  Anna   MARIA\tPopescu \n"), "anna maria popescu");
  EXPECT_EQ(normalised("Anna\xc2\xa0Maria"), "anna maria");  // No-break space.
  EXPECT_EQ(normalised(""), "");
  EXPECT_EQ(normalised(" \t "), "");
}

TEST(NormaliseIdentity, StripsLatinAccents) {
  EXPECT_EQ(normalised("Jos\xc3\xa9 Mar\xc3\xad"
                       "a"),
            "jose maria");  // José María
  EXPECT_EQ(normalised("\xc5\x81ukasz \xc5\xbb\xc3\xb3\xc5\x82\xc4\x87"),
            "lukasz zolc");                                                 // Łukasz Żółć
  EXPECT_EQ(normalised("\xc8\x98tefan \xc8\x9aurcanu"), "stefan turcanu");  // Ștefan Țurcanu
  EXPECT_EQ(normalised("Stra\xc3\x9f"
                       "e"),
            "strasse");                                            // Straße
  EXPECT_EQ(normalised("\xc3\x86sa \xc3\x98stby"), "aesa ostby");  // Æsa Østby
}

TEST(NormaliseIdentity, DecomposedAndComposedAccentsMeet) {
  EXPECT_EQ(normalised("Jose\xcc\x81"), normalised("Jos\xc3\xa9"));  // e + U+0301 vs é
}

TEST(NormaliseIdentity, LowerCasesCyrillicAndKeepsOtherScripts) {
  EXPECT_EQ(normalised("\xd0\x9e\xd0\x9b\xd0\x95\xd0\x9d\xd0\x90"),
            "\xd0\xbe\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xb0");  // ОЛЕНА -> олена
  EXPECT_EQ(normalised("\xd0\x81"), "\xd1\x91");          // Ё -> ё
  EXPECT_EQ(normalised("\xe6\x9d\x8e \xe5\xa8\x9c"), "\xe6\x9d\x8e \xe5\xa8\x9c");  // 李 娜
  EXPECT_EQ(normalised("O'Brien-Smith"), "o'brien-smith");
}

TEST(NormaliseIdentity, RefusesInvalidUtf8) {
  auto result = normalise_identity("Anna\xff");
  ASSERT_TRUE(result.is_error());
  EXPECT_EQ(result.error().code, "invalid_utf8");
}

}  // namespace
}  // namespace opennrm::security

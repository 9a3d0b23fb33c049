#include "security/secret.h"

#include <gtest/gtest.h>

#include <set>

namespace opennrm::security {
namespace {

TEST(RandomToken, Is256BitsInUrlSafeBase64) {
  std::string token = random_token();
  EXPECT_EQ(token.size(), 43u);  // ceil(32 * 8 / 6) characters, no padding.
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
}

TEST(RandomToken, DoesNotRepeat) {
  std::set<std::string> tokens;
  for (int i = 0; i < 1000; ++i) tokens.insert(random_token());
  EXPECT_EQ(tokens.size(), 1000u);
}

TEST(TokenHash, IsBlake2b256Hex) {
  // Reference values of unkeyed BLAKE2b with a 32-byte digest.
  EXPECT_EQ(token_hash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(token_hash("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(Blake2b, KeyChangesTheDigest) {
  Bytes key(32, 0x42);
  EXPECT_NE(blake2b_256_hex("abc", key), blake2b_256_hex("abc"));
  EXPECT_EQ(blake2b_256_hex("abc", key), blake2b_256_hex("abc", key));
}

TEST(ConstantTimeEqual, ComparesContentsAndLength) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("same token", "same token"));
  EXPECT_FALSE(constant_time_equal("same token", "same tokeN"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace opennrm::security

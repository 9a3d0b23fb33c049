#include "security/sha1.h"

#include <gtest/gtest.h>

#include <string>

#include "security/encoding.h"

namespace opennrm::security {
namespace {

std::string sha1_hex(std::string_view text) {
  return to_hex(sha1(bytes_of(text)));
}

// FIPS 180-4 examples (SHA1ShortMsg / the classic "abc" vectors) and RFC 3174 section 7.3.
TEST(Sha1, MatchesPublishedVectors) {
  EXPECT_EQ(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(sha1_hex(std::string(1'000'000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  std::string test4;
  for (int i = 0; i < 10; ++i) {
    test4 += "0123456701234567012345670123456701234567012345670123456701234567";
  }
  EXPECT_EQ(sha1_hex(test4), "dea356a2cddd90c7a7ecedc5ebb563934f460452");
}

TEST(Sha1, GivesTheSameDigestWhateverTheChunking) {
  std::string message(1000, '\0');
  for (std::size_t i = 0; i < message.size(); ++i) message[i] = static_cast<char>(i * 7);
  for (std::size_t chunk : {1u, 3u, 63u, 64u, 65u, 200u}) {
    Sha1 hash;
    for (std::size_t at = 0; at < message.size(); at += chunk) {
      hash.update(bytes_of(std::string_view(message).substr(at, chunk)));
    }
    EXPECT_EQ(to_hex(hash.finish()), sha1_hex(message)) << "chunk " << chunk;
  }
}

// Messages whose padding ends exactly at, or spills over, a block boundary.
TEST(Sha1, PadsAroundBlockBoundaries) {
  EXPECT_EQ(sha1_hex(std::string(55, 'a')), "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  EXPECT_EQ(sha1_hex(std::string(56, 'a')), "c2db330f6083854c99d4b5bfb6e8f29f201be699");
  EXPECT_EQ(sha1_hex(std::string(64, 'a')), "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

struct HmacVector {
  std::string key;
  std::string data;
  std::string_view digest;
};

// RFC 2202 section 3, test cases 1 to 7.
TEST(HmacSha1, MatchesRfc2202Vectors) {
  std::string key4;
  for (char c = 1; c <= 25; ++c) key4.push_back(c);
  const HmacVector vectors[] = {
      {std::string(20, '\x0b'), "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"},
      {"Jefe", "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
      {key4, std::string(50, '\xcd'), "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
      {std::string(20, '\x0c'), "Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
      {std::string(80, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
      {std::string(80, '\xaa'),
       "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
       "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
  };
  int number = 1;
  for (const auto& vector : vectors) {
    EXPECT_EQ(to_hex(hmac_sha1(bytes_of(vector.key), bytes_of(vector.data))), vector.digest)
        << "RFC 2202 test case " << number++;
  }
}

}  // namespace
}  // namespace opennrm::security

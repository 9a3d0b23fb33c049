#include "security/totp.h"

#include <gtest/gtest.h>

#include "security/encoding.h"

namespace opennrm::security {
namespace {

// The SHA-1 seed of RFC 6238 Appendix B.
const Bytes kRfcSecret = [] {
  std::string_view seed = "12345678901234567890";
  return Bytes(seed.begin(), seed.end());
}();

TEST(Totp, MatchesRfc6238AppendixBSha1Vectors) {
  struct Vector {
    std::int64_t time;
    std::string_view code;
  };
  const Vector vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& vector : vectors) {
    EXPECT_EQ(totp_code(kRfcSecret, vector.time, 8), vector.code) << "T = " << vector.time;
    // Six digits are the same value modulo 10^6.
    EXPECT_EQ(totp_code(kRfcSecret, vector.time), vector.code.substr(2)) << "T = " << vector.time;
  }
}

TEST(Totp, StepsAreThirtySeconds) {
  EXPECT_EQ(totp_step(0), 0);
  EXPECT_EQ(totp_step(29), 0);
  EXPECT_EQ(totp_step(30), 1);
  EXPECT_EQ(totp_code(kRfcSecret, 1111111110), totp_code(kRfcSecret, 1111111139));
  EXPECT_NE(totp_code(kRfcSecret, 1111111139), totp_code(kRfcSecret, 1111111140));
}

TEST(VerifyTotp, AcceptsOneStepEitherSideOnly) {
  const std::int64_t now = 1111111111;
  const std::int64_t step = totp_step(now);
  for (std::int64_t offset : {-1, 0, 1}) {
    std::string code = totp_code(kRfcSecret, now + offset * kTotpStepSeconds);
    EXPECT_EQ(verify_totp(kRfcSecret, code, now), step + offset) << "offset " << offset;
  }
  for (std::int64_t offset : {-2, 2}) {
    std::string code = totp_code(kRfcSecret, now + offset * kTotpStepSeconds);
    EXPECT_EQ(verify_totp(kRfcSecret, code, now), std::nullopt) << "offset " << offset;
  }
}

TEST(VerifyTotp, RefusesACodeUsedBefore) {
  const std::int64_t now = 1234567890;
  std::string code = totp_code(kRfcSecret, now);
  auto used = verify_totp(kRfcSecret, code, now);
  ASSERT_TRUE(used);
  EXPECT_EQ(verify_totp(kRfcSecret, code, now + 10, used), std::nullopt);
  std::string next = totp_code(kRfcSecret, now + kTotpStepSeconds);
  EXPECT_EQ(verify_totp(kRfcSecret, next, now + 10, used), *used + 1);
}

TEST(VerifyTotp, RefusesMalformedCodesAndOtherSecrets) {
  const std::int64_t now = 2000000000;
  std::string code = totp_code(kRfcSecret, now);
  EXPECT_EQ(verify_totp(kRfcSecret, code + "0", now), std::nullopt);
  EXPECT_EQ(verify_totp(kRfcSecret, code.substr(1), now), std::nullopt);
  EXPECT_EQ(verify_totp(kRfcSecret, "", now), std::nullopt);
  EXPECT_EQ(verify_totp(generate_totp_secret(), code, now), std::nullopt);
}

TEST(TotpSecret, Is160RandomBits) {
  Bytes first = generate_totp_secret();
  EXPECT_EQ(first.size(), 20u);
  EXPECT_NE(first, generate_totp_secret());
  EXPECT_EQ(base32_encode(first).size(), 32u);
}

TEST(OtpauthUri, CarriesTheSecretInBase32AndEncodesTheLabel) {
  EXPECT_EQ(otpauth_uri("OpenNRM", "case.worker@agency", kRfcSecret),
            "otpauth://totp/OpenNRM:case.worker%40agency?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=OpenNRM&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("NRM: Test", "a b", Bytes{'f'}),
            "otpauth://totp/NRM%3A%20Test:a%20b?secret=MY&issuer=NRM%3A%20Test"
            "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace opennrm::security

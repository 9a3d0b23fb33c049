#include "http/compression.h"

#include <zlib.h>

#include <gtest/gtest.h>

#include "gunzip.h"

namespace opennrm::http {
namespace {

using testing::gunzip;

std::string sample_text(size_t size) {
  std::string text;
  while (text.size() < size) text += "Referral to shelter accepted; ";
  text.resize(size);
  return text;
}

TEST(Compression, ReadsAcceptEncodingWeights) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("deflate, GZIP;q=0.5, br"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000, br"));
  EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));
  EXPECT_TRUE(accepts_gzip("gzip;q=0.001"));
}

TEST(Compression, GzipsLargeTextWhenAccepted) {
  Response response = Response::json(200, boost::json::string(sample_text(5000)));
  std::string original = response.body;
  compress_if_accepted("gzip, deflate", response);
  EXPECT_EQ(response.headers.get("Content-Encoding"), "gzip");
  EXPECT_EQ(response.headers.get("Vary"), "Accept-Encoding");
  EXPECT_LT(response.body.size(), original.size());
  EXPECT_EQ(gunzip(response.body), original);
}

TEST(Compression, LeavesSmallBinaryOrUnacceptedBodiesAlone) {
  Response small = Response::text(200, sample_text(kMinimumCompressedBytes));
  compress_if_accepted("gzip", small);
  EXPECT_FALSE(small.headers.contains("Content-Encoding"));

  Response binary = Response::text(200, sample_text(5000));
  binary.headers.set("Content-Type", "image/png");
  compress_if_accepted("gzip", binary);
  EXPECT_FALSE(binary.headers.contains("Content-Encoding"));

  Response refused = Response::html(200, sample_text(5000));
  compress_if_accepted("br", refused);
  EXPECT_FALSE(refused.headers.contains("Content-Encoding"));
  EXPECT_EQ(refused.headers.get("Vary"), "Accept-Encoding");
  EXPECT_EQ(refused.body, sample_text(5000));
}

}  // namespace
}  // namespace opennrm::http

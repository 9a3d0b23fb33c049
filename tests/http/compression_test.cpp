#include "http/compression.h"

#include <zlib.h>

#include <gtest/gtest.h>

namespace opennrm::http {
namespace {

std::string gunzip(const std::string& compressed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

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

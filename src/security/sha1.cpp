#include "security/sha1.h"

#include <sodium.h>

#include <algorithm>
#include <bit>

namespace opennrm::security {
namespace {

std::uint32_t load_big_endian(const unsigned char* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
         (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
}

// The round function and constant of FIPS 180-4 section 4.1.1 / 4.2.1 for round t.
std::uint32_t round_function(int t, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  if (t < 20) return (b & c) | (~b & d);           // Ch
  if (t < 40) return b ^ c ^ d;                    // Parity
  if (t < 60) return (b & c) | (b & d) | (c & d);  // Maj
  return b ^ c ^ d;                                // Parity
}

std::uint32_t round_constant(int t) {
  if (t < 20) return 0x5a827999;
  if (t < 40) return 0x6ed9eba1;
  if (t < 60) return 0x8f1bbcdc;
  return 0xca62c1d6;
}

}  // namespace

Sha1::Sha1() : state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0} {}

void Sha1::compress(const unsigned char* block) {
  std::array<std::uint32_t, 80> schedule;
  for (int t = 0; t < 16; ++t) schedule[t] = load_big_endian(block + 4 * t);
  for (int t = 16; t < 80; ++t) {
    schedule[t] =
        std::rotl(schedule[t - 3] ^ schedule[t - 8] ^ schedule[t - 14] ^ schedule[t - 16], 1);
  }
  auto [a, b, c, d, e] = state_;
  for (int t = 0; t < 80; ++t) {
    std::uint32_t temp =
        std::rotl(a, 5) + round_function(t, b, c, d) + e + round_constant(t) + schedule[t];
    e = d;
    d = c;
    c = std::rotl(b, 30);
    b = a;
    a = temp;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
  state_[4] += e;
}

void Sha1::update(std::span<const unsigned char> data) {
  total_bytes_ += data.size();
  while (!data.empty()) {
    std::size_t take = std::min(kBlockSize - buffered_, data.size());
    std::copy_n(data.begin(), take, buffer_.begin() + buffered_);
    buffered_ += take;
    data = data.subspan(take);
    if (buffered_ == kBlockSize) {
      compress(buffer_.data());
      buffered_ = 0;
    }
  }
}

Sha1Digest Sha1::finish() {
  // Padding (FIPS 180-4 section 5.1.1): a 1 bit, zeros up to 56 bytes into a block, then the
  // message length in bits as a 64-bit big-endian number.
  std::uint64_t bit_length = total_bytes_ * 8;
  const unsigned char marker = 0x80;
  update({&marker, 1});
  const unsigned char zero = 0;
  while (buffered_ != kBlockSize - 8) update({&zero, 1});
  std::array<unsigned char, 8> length_bytes;
  for (int i = 0; i < 8; ++i) {
    length_bytes[i] = static_cast<unsigned char>(bit_length >> (56 - 8 * i));
  }
  update(length_bytes);

  Sha1Digest digest;
  for (int i = 0; i < 5; ++i) {
    for (int k = 0; k < 4; ++k) {
      digest[4 * i + k] = static_cast<unsigned char>(state_[i] >> (24 - 8 * k));
    }
  }
  return digest;
}

Sha1Digest sha1(std::span<const unsigned char> data) {
  Sha1 hash;
  hash.update(data);
  return hash.finish();
}

Sha1Digest hmac_sha1(std::span<const unsigned char> key, std::span<const unsigned char> message) {
  // RFC 2104: keys longer than a block are hashed first, then zero-padded to a block.
  std::array<unsigned char, Sha1::kBlockSize> block_key{};
  if (key.size() > Sha1::kBlockSize) {
    Sha1Digest hashed = sha1(key);
    std::copy(hashed.begin(), hashed.end(), block_key.begin());
  } else {
    std::copy(key.begin(), key.end(), block_key.begin());
  }
  std::array<unsigned char, Sha1::kBlockSize> inner_pad;
  std::array<unsigned char, Sha1::kBlockSize> outer_pad;
  for (std::size_t i = 0; i < Sha1::kBlockSize; ++i) {
    inner_pad[i] = block_key[i] ^ 0x36;
    outer_pad[i] = block_key[i] ^ 0x5c;
  }
  Sha1 inner;
  inner.update(inner_pad);
  inner.update(message);
  Sha1Digest inner_digest = inner.finish();
  Sha1 outer;
  outer.update(outer_pad);
  outer.update(inner_digest);
  // The padded keys are the TOTP secret in all but name; do not leave them on the stack.
  sodium_memzero(block_key.data(), block_key.size());
  sodium_memzero(inner_pad.data(), inner_pad.size());
  sodium_memzero(outer_pad.data(), outer_pad.size());
  return outer.finish();
}

}  // namespace opennrm::security

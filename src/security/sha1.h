#pragma once

// SHA-1 (FIPS 180-4) and HMAC-SHA1 (RFC 2104), needed only because authenticator apps compute
// TOTP codes with HMAC-SHA1 and libsodium has no SHA-1. Use them for nothing else: SHA-1 is
// broken for collision resistance (HMAC-SHA1 as a MAC is still sound).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace opennrm::security {

using Sha1Digest = std::array<unsigned char, 20>;

// Incremental SHA-1: update() any number of times, then finish() once.
class Sha1 {
 public:
  static constexpr std::size_t kBlockSize = 64;

  Sha1();
  void update(std::span<const unsigned char> data);
  Sha1Digest finish();

 private:
  void compress(const unsigned char* block);

  std::array<std::uint32_t, 5> state_;
  std::array<unsigned char, kBlockSize> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

Sha1Digest sha1(std::span<const unsigned char> data);

Sha1Digest hmac_sha1(std::span<const unsigned char> key, std::span<const unsigned char> message);

}  // namespace opennrm::security

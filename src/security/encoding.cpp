#include "security/encoding.h"

#include <sodium.h>

#include <cstdint>

#include "security/sodium.h"

namespace opennrm::security {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string sodium_base64(std::span<const unsigned char> bytes, int variant) {
  ensure_sodium_initialized();
  std::string text(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), variant);
  text.pop_back();  // The encoded length counts the terminating NUL.
  return text;
}

std::optional<unsigned> base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A');
  if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a');
  if (c >= '2' && c <= '7') return static_cast<unsigned>(c - '2' + 26);
  return std::nullopt;
}

}  // namespace

std::string to_hex(std::span<const unsigned char> bytes) {
  ensure_sodium_initialized();
  std::string text(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(text.data(), text.size(), bytes.data(), bytes.size());
  text.pop_back();
  return text;
}

std::string to_base64(std::span<const unsigned char> bytes) {
  return sodium_base64(bytes, sodium_base64_VARIANT_ORIGINAL);
}

std::string to_base64url(std::span<const unsigned char> bytes) {
  return sodium_base64(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::size_t> from_base64_into(std::string_view text, std::span<unsigned char> out) {
  ensure_sodium_initialized();
  if (text.empty()) return 0;
  if (out.empty()) return std::nullopt;
  std::size_t written = 0;
  // Without an end pointer libsodium refuses input that is not entirely valid base64.
  int status = sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr,
                                 &written, nullptr, sodium_base64_VARIANT_ORIGINAL);
  if (status != 0) return std::nullopt;
  return written;
}

std::optional<Bytes> from_base64(std::string_view text) {
  Bytes bytes(text.size() / 4 * 3 + 3);
  auto written = from_base64_into(text, bytes);
  if (!written) return std::nullopt;
  bytes.resize(*written);
  return bytes;
}

std::string base32_encode(std::span<const unsigned char> bytes) {
  std::string text;
  text.reserve((bytes.size() + 4) / 5 * 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text.push_back(kBase32Alphabet[(buffer >> bits) & 0x1F]);
    }
  }
  if (bits > 0) text.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1F]);
  while (text.size() % 8 != 0) text.push_back('=');
  return text;
}

std::optional<Bytes> base32_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  // A final group of 1, 3 or 6 characters cannot come from whole bytes.
  std::size_t tail = text.size() % 8;
  if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;
  Bytes bytes;
  bytes.reserve(text.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    auto value = base32_value(c);
    if (!value) return std::nullopt;
    buffer = (buffer << 5) | *value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<unsigned char>(buffer >> bits));
    }
  }
  return bytes;
}

void append_length_prefixed(std::string& out, std::string_view value) {
  auto length = static_cast<std::uint64_t>(value.size());
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((length >> shift) & 0xFF));
  }
  out.append(value);
}

}  // namespace opennrm::security

#pragma once

// Encryption of sensitive fields at rest with XChaCha20-Poly1305 (IETF). Each value gets a fresh
// random nonce, and the case id and field name are bound to it as associated data, so a
// ciphertext copied into another case or another field does not decrypt.
//
// One 32-byte master key (from a key file or an environment value, base64) yields two subkeys
// through libsodium's key derivation: one encrypts, the other keys the blind index. Key bytes
// live in libsodium's guarded memory, which is wiped when the cipher is destroyed; they are
// never logged and never appear in an error message.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace opennrm::security {

class FieldCipher {
 public:
  // Reads the base64 master key from a file that only its owner may read (mode 0600 or 0400).
  static ErrorOr<FieldCipher> from_key_file(const std::filesystem::path& path);

  // Writes a new random master key (base64, one line) to a new file with mode 0600. Refuses to
  // overwrite an existing file or follow a symbolic link there: losing the old key would lose
  // every encrypted field.
  static ErrorOr<void> create_key_file(const std::filesystem::path& path);

  // Takes the master key as base64 text (e.g. from an environment variable); surrounding
  // whitespace is ignored.
  static ErrorOr<FieldCipher> from_base64(std::string_view encoded_key);

  // Base64 of nonce || ciphertext || tag.
  std::string encrypt(std::string_view case_id, std::string_view field,
                      std::string_view plaintext) const;

  // Fails (code "decrypt_failed", field = the field name) when the value was altered, belongs to
  // another case or field, or was encrypted under another key.
  ErrorOr<std::string> decrypt(std::string_view case_id, std::string_view field,
                               std::string_view stored) const;

  // Keyed BLAKE2b-256 (hex) of an already normalised value (see identity.h): equal values give
  // equal indexes, so duplicates can be found without storing the value in clear.
  std::string blind_index(std::string_view normalised_value) const;

  FieldCipher(FieldCipher&&) noexcept = default;
  FieldCipher& operator=(FieldCipher&&) noexcept = default;
  FieldCipher(const FieldCipher&) = delete;
  FieldCipher& operator=(const FieldCipher&) = delete;
  ~FieldCipher() = default;

 private:
  struct Keys;
  struct KeysDeleter {
    void operator()(Keys* keys) const;
  };
  using KeysPtr = std::unique_ptr<Keys, KeysDeleter>;

  explicit FieldCipher(KeysPtr keys) : keys_(std::move(keys)) {}

  KeysPtr keys_;
};

}  // namespace opennrm::security

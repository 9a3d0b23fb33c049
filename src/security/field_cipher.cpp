#include "security/field_cipher.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <new>

#include "security/encoding.h"
#include "security/secret.h"
#include "security/sodium.h"

namespace opennrm::security {

struct FieldCipher::Keys {
  std::array<unsigned char, crypto_aead_xchacha20poly1305_ietf_KEYBYTES> encryption;
  std::array<unsigned char, crypto_generichash_KEYBYTES> blind_index;
};

void FieldCipher::KeysDeleter::operator()(Keys* keys) const {
  // sodium_free wipes the memory before releasing it.
  sodium_free(keys);
}

namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "NRMfield";
constexpr std::uint64_t kEncryptionSubkeyId = 1;
constexpr std::uint64_t kBlindIndexSubkeyId = 2;
// A base64 master key with a line end is 45 bytes; the rest leaves room for stray whitespace.
constexpr std::size_t kMaxKeyFileBytes = 256;

using MasterKey = std::array<unsigned char, crypto_kdf_KEYBYTES>;

std::string_view trim_ascii_space(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::string associated_data(std::string_view case_id, std::string_view field) {
  std::string data;
  append_length_prefixed(data, case_id);
  append_length_prefixed(data, field);
  return data;
}

Error key_file_error(std::string code, std::string message, const std::filesystem::path& path) {
  return Error::make(std::move(code), std::move(message) + ": " + path.string(), path.string());
}

Error system_error(std::string_view what, const std::filesystem::path& path) {
  return key_file_error("key_file_unusable", std::string(what) + " (" + std::strerror(errno) + ")",
                        path);
}

// Closes the descriptor on every path out of a function.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

}  // namespace

ErrorOr<FieldCipher> FieldCipher::from_base64(std::string_view encoded_key) {
  ensure_sodium_initialized();
  // Room for one byte more than a key, so a longer value is seen as such and refused.
  std::array<unsigned char, crypto_kdf_KEYBYTES + 1> master{};
  auto length = from_base64_into(trim_ascii_space(encoded_key), master);
  if (!length || *length != crypto_kdf_KEYBYTES) {
    sodium_memzero(master.data(), master.size());
    return Error::make("invalid_key",
                       "the field encryption key must be 32 random bytes written in base64");
  }
  void* memory = sodium_malloc(sizeof(Keys));
  if (memory == nullptr) throw std::bad_alloc();
  KeysPtr keys(new (memory) Keys);
  crypto_kdf_derive_from_key(keys->encryption.data(), keys->encryption.size(), kEncryptionSubkeyId,
                             kKdfContext, master.data());
  crypto_kdf_derive_from_key(keys->blind_index.data(), keys->blind_index.size(),
                             kBlindIndexSubkeyId, kKdfContext, master.data());
  sodium_memzero(master.data(), master.size());
  return FieldCipher(std::move(keys));
}

ErrorOr<FieldCipher> FieldCipher::from_key_file(const std::filesystem::path& path) {
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return system_error("cannot open the key file", path);
  struct stat status {};
  if (::fstat(file.fd, &status) != 0) return system_error("cannot inspect the key file", path);
  if (!S_ISREG(status.st_mode)) {
    return key_file_error("key_file_unusable", "the key file is not a regular file", path);
  }
  if ((status.st_mode & 077) != 0) {
    return key_file_error("key_file_insecure",
                          "the key file must be readable by its owner only (chmod 600)", path);
  }
  std::array<char, kMaxKeyFileBytes> buffer{};
  ssize_t length = ::read(file.fd, buffer.data(), buffer.size());
  if (length < 0) return system_error("cannot read the key file", path);
  // A file longer than the buffer is cut short here and then refused as an invalid key.
  auto cipher = from_base64(std::string_view(buffer.data(), static_cast<std::size_t>(length)));
  sodium_memzero(buffer.data(), buffer.size());
  if (cipher.is_error()) return key_file_error("invalid_key", cipher.error().message, path);
  return cipher;
}

ErrorOr<void> FieldCipher::create_key_file(const std::filesystem::path& path) {
  ensure_sodium_initialized();
  // O_EXCL fails on any existing name, a symbolic link included.
  FileDescriptor file{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (file.fd < 0 && errno == EEXIST) {
    return key_file_error("key_file_exists", "the key file already exists; refusing to overwrite",
                          path);
  }
  if (file.fd < 0) return system_error("cannot create the key file", path);

  MasterKey master;
  crypto_kdf_keygen(master.data());
  std::string text = to_base64(master) + "\n";
  sodium_memzero(master.data(), master.size());
  // The umask may have taken bits away; make the mode exactly owner read/write.
  bool written = ::fchmod(file.fd, 0600) == 0 && write_all(file.fd, text) && ::fsync(file.fd) == 0;
  sodium_memzero(text.data(), text.size());
  if (!written) {
    Error error = system_error("cannot write the key file", path);
    ::unlink(path.c_str());
    return error;
  }
  return {};
}

std::string FieldCipher::encrypt(std::string_view case_id, std::string_view field,
                                 std::string_view plaintext) const {
  assert(keys_ && "FieldCipher used after move");
  std::string ad = associated_data(case_id, field);
  Bytes sealed(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
               crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned char* nonce = sealed.data();
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long ciphertext_length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      sealed.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &ciphertext_length,
      bytes_of(plaintext).data(), plaintext.size(), bytes_of(ad).data(), ad.size(), nullptr, nonce,
      keys_->encryption.data());
  return to_base64(sealed);
}

ErrorOr<std::string> FieldCipher::decrypt(std::string_view case_id, std::string_view field,
                                          std::string_view stored) const {
  assert(keys_ && "FieldCipher used after move");
  constexpr std::size_t kOverhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  auto sealed = security::from_base64(stored);
  if (!sealed || sealed->size() < kOverhead) {
    return Error::make("decrypt_failed", "the stored value is not an encrypted field",
                       std::string(field));
  }
  std::string ad = associated_data(case_id, field);
  std::string plaintext(sealed->size() - kOverhead, '\0');
  unsigned long long plaintext_length = 0;
  const unsigned char* nonce = sealed->data();
  int status = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(plaintext.data()), &plaintext_length, nullptr,
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
      sealed->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, bytes_of(ad).data(), ad.size(),
      nonce, keys_->encryption.data());
  if (status != 0) {
    return Error::make("decrypt_failed",
                       "the encrypted value does not belong to this case and field, or was "
                       "altered, or was encrypted under another key",
                       std::string(field));
  }
  return plaintext;
}

std::string FieldCipher::blind_index(std::string_view normalised_value) const {
  assert(keys_ && "FieldCipher used after move");
  return blake2b_256_hex(normalised_value, keys_->blind_index);
}

}  // namespace opennrm::security

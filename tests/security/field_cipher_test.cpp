#include "security/field_cipher.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "security/encoding.h"
#include "security/secret.h"

namespace opennrm::security {
namespace {

namespace fs = std::filesystem;

// A fixed master key for tests: 32 bytes 0x00..0x1f.
const std::string kKeyBase64 = [] {
  Bytes key(32);
  for (unsigned i = 0; i < key.size(); ++i) key[i] = static_cast<unsigned char>(i);
  return to_base64(key);
}();

FieldCipher test_cipher() {
  auto cipher = FieldCipher::from_base64(kKeyBase64);
  EXPECT_FALSE(cipher.is_error());
  return cipher.release_value();
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "opennrm_keys_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read_file(const fs::path& path) {
    std::ifstream file(path);
    return std::string(std::istreambuf_iterator<char>(file), {});
  }

  fs::path dir_;
};

TEST(FieldCipher, RoundTripsUnderTheSameCaseAndField) {
  FieldCipher cipher = test_cipher();
  std::string stored = cipher.encrypt("NRM-2024-0001", "person.name", "Generated Person");
  EXPECT_EQ(stored.find("Generated"), std::string::npos);
  auto plain = cipher.decrypt("NRM-2024-0001", "person.name", stored);
  ASSERT_FALSE(plain.is_error()) << plain.error().message;
  EXPECT_EQ(*plain, "Generated Person");
}

TEST(FieldCipher, RoundTripsEmptyAndBinaryValues) {
  FieldCipher cipher = test_cipher();
  EXPECT_EQ(*cipher.decrypt("c", "f", cipher.encrypt("c", "f", "")), "");
  std::string binary("\0\x01\xff", 3);
  EXPECT_EQ(*cipher.decrypt("c", "f", cipher.encrypt("c", "f", binary)), binary);
}

TEST(FieldCipher, StoredValueIsBase64OfNonceCiphertextAndTag) {
  FieldCipher cipher = test_cipher();
  std::string stored = cipher.encrypt("c", "f", "12345");
  auto raw = from_base64(stored);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size(), 24u + 5u + 16u);
}

TEST(FieldCipher, UsesAFreshNonceEveryTime) {
  FieldCipher cipher = test_cipher();
  EXPECT_NE(cipher.encrypt("c", "f", "same"), cipher.encrypt("c", "f", "same"));
}

TEST(FieldCipher, RefusesAFlippedByte) {
  FieldCipher cipher = test_cipher();
  Bytes raw = *from_base64(cipher.encrypt("case-1", "person.name", "Generated Person"));
  for (std::size_t at : {std::size_t{0}, std::size_t{24}, raw.size() - 1}) {
    Bytes altered = raw;
    altered[at] ^= 0x01;
    auto result = cipher.decrypt("case-1", "person.name", to_base64(altered));
    ASSERT_TRUE(result.is_error()) << "byte " << at;
    EXPECT_EQ(result.error().code, "decrypt_failed");
    EXPECT_EQ(result.error().field, "person.name");
  }
}

TEST(FieldCipher, RefusesAnotherCaseOrField) {
  FieldCipher cipher = test_cipher();
  std::string stored = cipher.encrypt("case-1", "person.name", "Generated Person");
  EXPECT_TRUE(cipher.decrypt("case-2", "person.name", stored).is_error());
  EXPECT_TRUE(cipher.decrypt("case-1", "person.birth_place", stored).is_error());
  // Moving characters between the case id and the field name does not help either.
  std::string shifted = cipher.encrypt("ab", "c", "x");
  EXPECT_TRUE(cipher.decrypt("a", "bc", shifted).is_error());
}

TEST(FieldCipher, RefusesAnotherKeyAndGarbage) {
  FieldCipher cipher = test_cipher();
  auto other = FieldCipher::from_base64(to_base64(random_bytes(32)));
  ASSERT_FALSE(other.is_error());
  std::string stored = cipher.encrypt("c", "f", "value");
  EXPECT_TRUE(other->decrypt("c", "f", stored).is_error());
  EXPECT_TRUE(cipher.decrypt("c", "f", "").is_error());
  EXPECT_TRUE(cipher.decrypt("c", "f", "not base64!").is_error());
  EXPECT_TRUE(cipher.decrypt("c", "f", to_base64(Bytes(39))).is_error());  // Shorter than a tag.
}

TEST(FieldCipher, KeyMustBe32BytesOfBase64) {
  EXPECT_FALSE(FieldCipher::from_base64("  " + kKeyBase64 + "\n").is_error());
  for (const std::string& bad : {std::string(), to_base64(Bytes(31)), to_base64(Bytes(33)),
                                 std::string("not a key at all")}) {
    auto cipher = FieldCipher::from_base64(bad);
    ASSERT_TRUE(cipher.is_error()) << bad;
    EXPECT_EQ(cipher.error().code, "invalid_key");
  }
}

TEST(FieldCipher, BlindIndexIsKeyedAndDistinctFromTheMasterKey) {
  FieldCipher cipher = test_cipher();
  std::string index = cipher.blind_index("jose maria");
  EXPECT_EQ(index.size(), 64u);
  EXPECT_EQ(index, test_cipher().blind_index("jose maria"));
  EXPECT_NE(index, cipher.blind_index("jose marie"));
  EXPECT_NE(index, blake2b_256_hex("jose maria"));
  EXPECT_NE(index, blake2b_256_hex("jose maria", *from_base64(kKeyBase64)));
  auto other = FieldCipher::from_base64(to_base64(random_bytes(32)));
  EXPECT_NE(index, other->blind_index("jose maria"));
}

TEST(FieldCipher, MovedCipherKeepsWorking) {
  FieldCipher first = test_cipher();
  std::string stored = first.encrypt("c", "f", "value");
  FieldCipher second = std::move(first);
  EXPECT_EQ(*second.decrypt("c", "f", stored), "value");
}

TEST_F(KeyFileTest, CreatesAKeyOnlyTheOwnerCanRead) {
  fs::path path = dir_ / "field.key";
  mode_t previous = ::umask(0);  // Even a permissive umask must not widen the mode.
  auto created = FieldCipher::create_key_file(path);
  ::umask(previous);
  ASSERT_FALSE(created.is_error()) << created.error().message;
  struct stat status {};
  ASSERT_EQ(::stat(path.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600u);

  auto first = FieldCipher::from_key_file(path);
  ASSERT_FALSE(first.is_error()) << first.error().message;
  auto second = FieldCipher::from_key_file(path);
  ASSERT_FALSE(second.is_error());
  EXPECT_EQ(*second->decrypt("c", "f", first->encrypt("c", "f", "value")), "value");
}

TEST_F(KeyFileTest, EveryNewKeyIsDifferent) {
  ASSERT_FALSE(FieldCipher::create_key_file(dir_ / "a.key").is_error());
  ASSERT_FALSE(FieldCipher::create_key_file(dir_ / "b.key").is_error());
  EXPECT_NE(read_file(dir_ / "a.key"), read_file(dir_ / "b.key"));
}

TEST_F(KeyFileTest, RefusesToOverwriteAnExistingFile) {
  fs::path path = dir_ / "field.key";
  ASSERT_FALSE(FieldCipher::create_key_file(path).is_error());
  std::string before = read_file(path);
  auto again = FieldCipher::create_key_file(path);
  ASSERT_TRUE(again.is_error());
  EXPECT_EQ(again.error().code, "key_file_exists");
  EXPECT_EQ(read_file(path), before);
}

TEST_F(KeyFileTest, RefusesToWriteThroughASymbolicLink) {
  fs::path target = dir_ / "elsewhere";
  fs::path link = dir_ / "field.key";
  fs::create_symlink(target, link);
  auto created = FieldCipher::create_key_file(link);
  ASSERT_TRUE(created.is_error());
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(KeyFileTest, RefusesAKeyFileOthersCanRead) {
  fs::path path = dir_ / "field.key";
  ASSERT_FALSE(FieldCipher::create_key_file(path).is_error());
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  auto cipher = FieldCipher::from_key_file(path);
  ASSERT_TRUE(cipher.is_error());
  EXPECT_EQ(cipher.error().code, "key_file_insecure");
  fs::permissions(path, fs::perms::owner_read);
  EXPECT_FALSE(FieldCipher::from_key_file(path).is_error());
}

TEST_F(KeyFileTest, MissingOrMalformedKeyFileIsAnError) {
  auto missing = FieldCipher::from_key_file(dir_ / "absent.key");
  ASSERT_TRUE(missing.is_error());
  EXPECT_NE(missing.error().message.find("absent.key"), std::string::npos);

  fs::path path = dir_ / "bad.key";
  std::ofstream(path) << "this is not a key\n";
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  auto malformed = FieldCipher::from_key_file(path);
  ASSERT_TRUE(malformed.is_error());
  EXPECT_EQ(malformed.error().code, "invalid_key");
  EXPECT_EQ(malformed.error().message.find("this is not"), std::string::npos);
}

}  // namespace
}  // namespace opennrm::security

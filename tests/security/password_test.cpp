#include "security/password.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace opennrm::security {
namespace {

namespace fs = std::filesystem;

fs::path write_list(const std::string& name, const std::string& contents) {
  fs::path path = fs::temp_directory_path() / ("opennrm_security_" + name);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

std::string repeat(std::string_view piece, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

CommonPasswords sample_list() {
  auto list = CommonPasswords::load(write_list(
      "sample.lst",
      "#!comment: a test list\n#!comment:\ncorrecthorse1\r\nTrustNo1Ever\n\nletmeinletmein\n"));
  EXPECT_FALSE(list.is_error());
  return list.release_value();
}

TEST(PasswordHash, IsArgon2idAndVerifies) {
  auto hash = hash_password("a long enough passphrase");
  ASSERT_FALSE(hash.is_error()) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(verify_password("a long enough passphrase", *hash));
  EXPECT_FALSE(verify_password("a long enough passphrasE", *hash));
  EXPECT_FALSE(password_needs_rehash(*hash));
}

// The server's hashes use libsodium's interactive limits (64 MiB, two passes); a hash made with
// the lightest factors still verifies, and is flagged for re-hashing at the server's.
TEST(PasswordHash, DefaultsToInteractiveWorkAndVerifiesLighterHashes) {
  auto server = hash_password("a long enough passphrase");
  ASSERT_FALSE(server.is_error());
  EXPECT_NE(server->find("$m=65536,t=2,"), std::string::npos) << *server;
  auto light = hash_password("a long enough passphrase", PasswordCost::lightest());
  ASSERT_FALSE(light.is_error());
  EXPECT_NE(light->find("$m=8,t=1,"), std::string::npos) << *light;
  EXPECT_TRUE(verify_password("a long enough passphrase", *light));
  EXPECT_TRUE(password_needs_rehash(*light));
  EXPECT_FALSE(password_needs_rehash(*light, PasswordCost::lightest()));
}

TEST(PasswordHash, SaltsEveryHash) {
  auto first = hash_password("same password here");
  auto second = hash_password("same password here");
  ASSERT_FALSE(first.is_error());
  ASSERT_FALSE(second.is_error());
  EXPECT_NE(*first, *second);
}

TEST(PasswordHash, MalformedStoredHashNeverVerifies) {
  EXPECT_FALSE(verify_password("anything", ""));
  EXPECT_FALSE(verify_password("anything", "$argon2id$garbage"));
  EXPECT_FALSE(verify_password("anything", std::string(500, 'x')));
  EXPECT_TRUE(password_needs_rehash("$argon2id$garbage"));
}

TEST(CommonPasswords, SkipsCommentsAndComparesCaseInsensitively) {
  CommonPasswords list = sample_list();
  EXPECT_EQ(list.size(), 3u);
  EXPECT_TRUE(list.contains("CorrectHorse1"));
  EXPECT_TRUE(list.contains("trustno1ever"));
  EXPECT_FALSE(list.contains("#!comment: a test list"));
  EXPECT_FALSE(list.contains(""));
}

TEST(CommonPasswords, MissingFileIsAnError) {
  auto list = CommonPasswords::load("/nonexistent/opennrm/password.lst");
  ASSERT_TRUE(list.is_error());
  EXPECT_EQ(list.error().code, "common_passwords_missing");
  EXPECT_NE(list.error().message.find("/nonexistent/opennrm/password.lst"), std::string::npos);
}

TEST(CommonPasswords, DebianListRefusesItsLongEntry) {
  if (!fs::exists(CommonPasswords::kDefaultPath)) GTEST_SKIP() << "john-data is not installed";
  auto list = CommonPasswords::load();
  ASSERT_FALSE(list.is_error()) << list.error().message;
  EXPECT_GT(list->size(), 3000u);
  EXPECT_TRUE(list->contains("password"));
  auto refused = check_password_policy("WinnieThePooh", *list);
  ASSERT_TRUE(refused.is_error());
  EXPECT_EQ(refused.error().message, "password is too common");
}

TEST(PasswordPolicy, CountsCharactersNotBytes) {
  CommonPasswords list = sample_list();
  // "é" is two bytes: 11 of them are 22 bytes but still only 11 characters.
  auto eleven = check_password_policy(repeat("\xc3\xa9", 11), list);
  ASSERT_TRUE(eleven.is_error());
  EXPECT_EQ(eleven.error().code, "password_policy");
  EXPECT_EQ(eleven.error().field, "password");
  EXPECT_EQ(eleven.error().message, "password is shorter than 12 characters");
  EXPECT_FALSE(check_password_policy(repeat("\xc3\xa9", 12), list).is_error());
  // Four-byte characters too.
  EXPECT_TRUE(check_password_policy(repeat("\xf0\x9f\x94\x91", 11), list).is_error());
  EXPECT_FALSE(check_password_policy(repeat("\xf0\x9f\x94\x91", 12), list).is_error());
}

TEST(PasswordPolicy, TwelveAsciiCharactersAreEnoughWithoutCompositionRules) {
  CommonPasswords list = sample_list();
  EXPECT_TRUE(check_password_policy("abcdefghijk", list).is_error());
  EXPECT_FALSE(check_password_policy("abcdefghijkl", list).is_error());
  EXPECT_FALSE(check_password_policy("            ", list).is_error());
}

TEST(PasswordPolicy, RefusesCommonPasswordsInAnyCase) {
  CommonPasswords list = sample_list();
  auto refused = check_password_policy("LetMeInLetMeIn", list);
  ASSERT_TRUE(refused.is_error());
  EXPECT_EQ(refused.error().message, "password is too common");
}

TEST(PasswordPolicy, RefusesInvalidUtf8) {
  auto refused = check_password_policy("abcdefghijkl\xff", sample_list());
  ASSERT_TRUE(refused.is_error());
  EXPECT_EQ(refused.error().code, "password_policy");
}

}  // namespace
}  // namespace opennrm::security

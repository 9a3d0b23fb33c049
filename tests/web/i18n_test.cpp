#include "web/i18n.h"

#include <regex>
#include <set>

#include <gtest/gtest.h>

namespace opennrm::web {
namespace {

// The names of the "{placeholders}" of a message, so translations can be compared with English.
std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> names;
  static const std::regex pattern(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

TEST(Catalogs, EveryLanguageHasEveryEnglishMessageWithTheSamePlaceholders) {
  const Catalog& english = Catalogs::shipped().get("en");
  for (const std::string& locale : {std::string("fr"), std::string("ru")}) {
    const Catalog& catalog = Catalogs::shipped().get(locale);
    ASSERT_EQ(catalog.locale(), locale);
    for (const auto& [key, text] : english.messages()) {
      // Plural forms differ by language: Russian has "few" and "many" where English has "one".
      std::string base = key.substr(0, key.find('#'));
      if (key.find('#') != std::string::npos) {
        EXPECT_TRUE(catalog.has(base + "#other")) << locale << " lacks " << key;
        continue;
      }
      ASSERT_TRUE(catalog.has(key)) << locale << " lacks " << key;
      EXPECT_EQ(placeholders(catalog.text(key)), placeholders(text)) << locale << " " << key;
    }
    for (const auto& [key, text] : catalog.messages()) {
      std::string base = key.substr(0, key.find('#'));
      // Special day forms ("1er" in French) belong to one language only.
      if (key.starts_with("date.day.")) continue;
      EXPECT_TRUE(english.has(key) || english.has(base + "#other"))
          << locale << " has extra " << key;
    }
  }
}

TEST(Catalogs, RussianPluralsHaveAllThreeForms) {
  const Catalog& russian = Catalogs::shipped().get("ru");
  for (const auto& [key, text] : russian.messages()) {
    if (!key.ends_with("#other")) continue;
    std::string base = key.substr(0, key.size() - 6);
    EXPECT_TRUE(russian.has(base + "#one") && russian.has(base + "#few") &&
                russian.has(base + "#many"))
        << base;
  }
}

TEST(Formatting, LongDatesFollowEachLanguage) {
  Date date = Date::from_ymd(2026, 11, 29);
  EXPECT_EQ(Catalogs::shipped().get("en").date(date), "29 November 2026");
  EXPECT_EQ(Catalogs::shipped().get("fr").date(date), "29 novembre 2026");
  EXPECT_EQ(Catalogs::shipped().get("ru").date(date), "29 ноября 2026");
  EXPECT_EQ(Catalogs::shipped().get("fr").date(Date::from_ymd(2026, 5, 1)), "1er mai 2026");
  EXPECT_EQ(Catalogs::shipped().get("ru").date(Date::from_ymd(2026, 3, 8)), "8 марта 2026");
}

TEST(Formatting, NumbersAreGroupedPerLanguage) {
  EXPECT_EQ(Catalogs::shipped().get("en").number(1234567), "1,234,567");
  EXPECT_EQ(Catalogs::shipped().get("fr").number(1234567), "1\u202f234\u202f567");
  EXPECT_EQ(Catalogs::shipped().get("ru").number(12345), "12\u00a0345");
  EXPECT_EQ(Catalogs::shipped().get("en").number(999), "999");
  EXPECT_EQ(Catalogs::shipped().get("en").number(-1000), "-1,000");
  EXPECT_EQ(Catalogs::shipped().get("fr").decimal(1234.5, 2), "1\u202f234,50");
  EXPECT_EQ(Catalogs::shipped().get("en").decimal(0.125, 2), "0.13");
}

TEST(Plurals, FollowEachLanguagesRule) {
  const Catalog& en = Catalogs::shipped().get("en");
  const Catalog& fr = Catalogs::shipped().get("fr");
  const Catalog& ru = Catalogs::shipped().get("ru");
  EXPECT_EQ(en.plural("case.days_left", 1), "1 day left");
  EXPECT_EQ(en.plural("case.days_left", 0), "0 days left");
  EXPECT_EQ(fr.plural_category(0), PluralCategory::one);
  EXPECT_EQ(fr.plural_category(2), PluralCategory::other);
  EXPECT_EQ(ru.plural_category(1), PluralCategory::one);
  EXPECT_EQ(ru.plural_category(21), PluralCategory::one);
  EXPECT_EQ(ru.plural_category(11), PluralCategory::many);
  EXPECT_EQ(ru.plural_category(3), PluralCategory::few);
  EXPECT_EQ(ru.plural_category(14), PluralCategory::many);
  EXPECT_EQ(ru.plural_category(25), PluralCategory::many);
  EXPECT_NE(ru.plural("case.days_left", 2), ru.plural("case.days_left", 5));
}

TEST(Messages, PlaceholdersAreFilledByName) {
  const Catalog& en = Catalogs::shipped().get("en");
  EXPECT_EQ(en.text("case.title", {{"case", "NRM-2026-7"}}), "Case NRM-2026-7");
  EXPECT_EQ(fill_placeholders("{a} and {b} and {c}", {{"b", "2"}, {"a", "1"}}), "1 and 2 and {c}");
  EXPECT_EQ(en.text("no.such.key"), "no.such.key");
}

TEST(PseudoLocale, MarksEveryMessageButKeepsPlaceholdersAndFormatting) {
  const Catalog& qps = Catalogs::shipped().get("qps");
  const Catalog& en = Catalogs::shipped().get("en");
  EXPECT_EQ(qps.text("meta.dir"), "ltr");
  EXPECT_EQ(qps.number(1234), "1,234");
  std::string title = qps.text("case.title", {{"case", "NRM-1"}});
  EXPECT_TRUE(title.starts_with("[")) << title;
  EXPECT_TRUE(title.ends_with("]")) << title;
  EXPECT_NE(title.find("NRM-1"), std::string::npos);
  EXPECT_EQ(title.find("Case"), std::string::npos);
  for (const auto& [key, text] : en.messages()) {
    if (key.starts_with("meta.") || key.starts_with("number.") || text.empty()) continue;
    EXPECT_NE(qps.text(key), text) << key;
  }
}

TEST(Negotiation, PicksTheFirstOfferedLanguage) {
  const Catalogs& all = Catalogs::shipped();
  EXPECT_EQ(all.negotiate("ru-RU,ru;q=0.9,en;q=0.5"), "ru");
  EXPECT_EQ(all.negotiate("de-DE, fr;q=0.8"), "fr");
  EXPECT_EQ(all.negotiate("de"), "en");
  EXPECT_EQ(all.negotiate(""), "en");
}

TEST(CatalogParsing, RejectsMalformedCatalogsNamingTheKey) {
  auto bad_plural = Catalog::parse("xx", R"({"a": {"one": "x"}})");
  ASSERT_TRUE(bad_plural.is_error());
  EXPECT_EQ(bad_plural.error().field, "a");
  auto bad_rule = Catalog::parse("xx", R"({"meta.plural_rule": "martian"})");
  ASSERT_TRUE(bad_rule.is_error());
  EXPECT_EQ(bad_rule.error().field, "meta.plural_rule");
  EXPECT_TRUE(Catalog::parse("xx", "[1]").is_error());
}

}  // namespace
}  // namespace opennrm::web

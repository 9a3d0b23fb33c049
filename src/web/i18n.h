#pragma once

// Message catalogs and locale formatting for the web application. Every string a user sees
// comes from a catalog (web/catalogs/<locale>.json, compiled into the binary); dates, numbers
// and plurals follow the catalog's own rules, so that a new language, right-to-left included,
// needs only a new catalog file.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace opennrm::web {

// Named values for a message's placeholders: text("case.days_left", {{"count", "3"}}) fills
// "{count}". A placeholder the arguments do not name is left as it is, so it shows in review.
using MessageArgs = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// The CLDR plural categories a catalog can give a message in.
enum class PluralCategory { one, few, many, other };

class Catalog {
 public:
  // Reads a catalog: one JSON object of message keys to strings, or to objects of plural forms
  // ({"one": ..., "few": ..., "many": ..., "other": ...}; "other" is required). The key
  // "meta.plural_rule" names the plural rule ("one_other", "zero_one_other" or "east_slavic").
  // Errors name the key at fault.
  static ErrorOr<Catalog> parse(std::string locale, std::string_view json_text);
  // The pseudo-locale built from `source`: every message accented, lengthened by a third and
  // wrapped in [ ], placeholders kept, so that any text a page shows without a catalog stands
  // out as plain English. Keys under "meta." and "number." keep their values.
  static Catalog pseudo(std::string locale, const Catalog& source);

  const std::string& locale() const { return locale_; }
  bool has(std::string_view key) const;
  // The message with its placeholders filled; a missing key yields the key itself, visibly.
  std::string text(std::string_view key, MessageArgs args = {}) const;
  // The plural form of the message for `count` ("{count}" is filled with the count, formatted).
  std::string plural(std::string_view key, int64_t count, MessageArgs args = {}) const;
  PluralCategory plural_category(int64_t count) const;

  // "29 November 2026", "1er novembre 2026", "29 ноября 2026": the catalog's "date.long"
  // pattern with "{day}", "{month}" (date.month.N, in the form a date uses) and "{year}".
  std::string date(Date date) const;
  // Digit grouping and the decimal sign of the catalog ("number.group", "number.decimal").
  std::string number(int64_t value) const;
  std::string decimal(double value, int fraction_digits) const;

  // Every message key, plural forms as "key#one", "key#other", ... (for templates and tests).
  const std::unordered_map<std::string, std::string>& messages() const { return messages_; }

 private:
  std::string locale_;
  std::unordered_map<std::string, std::string> messages_;
  std::string plural_rule_;
};

// Fills "{name}" placeholders in `pattern` from `args`.
std::string fill_placeholders(std::string_view pattern, MessageArgs args);

// The shipped catalogs: en, fr, ru, and the pseudo-locale qps built from en.
class Catalogs {
 public:
  static const Catalogs& shipped();
  // The catalog of a locale id; an unknown id gets English.
  const Catalog& get(std::string_view locale) const;
  bool has(std::string_view locale) const;
  // The locales offered in the language switcher, in order (the pseudo-locale is not offered).
  const std::vector<std::string>& offered() const { return offered_; }
  // The best offered locale for an Accept-Language header, English when none matches.
  std::string negotiate(std::string_view accept_language) const;

 private:
  std::vector<Catalog> catalogs_;
  std::vector<std::string> offered_;
};

}  // namespace opennrm::web

#include "web/i18n.h"

#include <cctype>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "web/assets.h"

namespace opennrm::web {

namespace {

constexpr std::string_view kPluralSeparator = "#";

std::string_view category_name(PluralCategory category) {
  switch (category) {
    case PluralCategory::one:
      return "one";
    case PluralCategory::few:
      return "few";
    case PluralCategory::many:
      return "many";
    case PluralCategory::other:
      return "other";
  }
  return "other";
}

bool known_plural_rule(std::string_view rule) {
  return rule == "one_other" || rule == "zero_one_other" || rule == "east_slavic";
}

// The pseudo-locale's letters: the same word, still readable, visibly not English.
std::string_view accented(char letter) {
  switch (letter) {
    case 'a':
      return "á";
    case 'c':
      return "ç";
    case 'e':
      return "é";
    case 'i':
      return "í";
    case 'n':
      return "ñ";
    case 'o':
      return "ó";
    case 'u':
      return "ú";
    case 'y':
      return "ý";
    case 'A':
      return "Å";
    case 'C':
      return "Ç";
    case 'E':
      return "É";
    case 'I':
      return "Î";
    case 'N':
      return "Ñ";
    case 'O':
      return "Ö";
    case 'U':
      return "Ü";
    default:
      return {};
  }
}

std::string pseudo_text(std::string_view text) {
  std::string out = "[";
  size_t letters = 0;
  bool in_placeholder = false;
  for (char c : text) {
    if (c == '{') in_placeholder = true;
    std::string_view accent = in_placeholder ? std::string_view{} : accented(c);
    if (accent.empty()) {
      out += c;
    } else {
      out += accent;
    }
    if (!in_placeholder && std::isalpha(static_cast<unsigned char>(c))) ++letters;
    if (c == '}') in_placeholder = false;
  }
  // A third longer, as translations often are, so that layouts are tried with room to spare.
  out.append(letters / 3, '~');
  out += "]";
  return out;
}

std::string group_digits(std::string digits, std::string_view separator) {
  std::string out;
  size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, first);
  for (size_t i = first; i < digits.size(); i += 3) {
    out += separator;
    out.append(digits, i, 3);
  }
  return out;
}

}  // namespace

std::string fill_placeholders(std::string_view pattern, MessageArgs args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  size_t i = 0;
  while (i < pattern.size()) {
    size_t open = pattern.find('{', i);
    if (open == std::string_view::npos) break;
    size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(pattern.substr(i, open - i));
    std::string_view name = pattern.substr(open + 1, close - open - 1);
    const std::pair<std::string_view, std::string_view>* match = nullptr;
    for (const auto& arg : args) {
      if (arg.first == name) match = &arg;
    }
    if (match) {
      out.append(match->second);
    } else {
      out.append(pattern.substr(open, close - open + 1));
    }
    i = close + 1;
  }
  out.append(pattern.substr(i));
  return out;
}

ErrorOr<Catalog> Catalog::parse(std::string locale, std::string_view json_text) {
  boost::system::error_code ec;
  boost::json::value root = boost::json::parse(json_text, ec);
  if (ec || !root.is_object()) {
    return Error::make("catalog_invalid",
                       fmt::format("The catalog '{}' is not a JSON object.", locale), locale);
  }
  Catalog catalog;
  catalog.locale_ = std::move(locale);
  for (const auto& [key, value] : root.as_object()) {
    std::string name(key);
    if (value.is_string()) {
      catalog.messages_[name] = std::string(value.as_string());
      continue;
    }
    if (!value.is_object() || !value.as_object().contains("other")) {
      return Error::make("catalog_invalid",
                         fmt::format("Message '{}' in catalog '{}' must be a string or an object "
                                     "of plural forms with \"other\".",
                                     name, catalog.locale_),
                         name);
    }
    for (const auto& [form, text] : value.as_object()) {
      bool known = form == "one" || form == "few" || form == "many" || form == "other";
      if (!known || !text.is_string()) {
        return Error::make("catalog_invalid",
                           fmt::format("Plural form '{}' of '{}' in catalog '{}' is not one of "
                                       "one, few, many, other with a string.",
                                       std::string(form), name, catalog.locale_),
                           name);
      }
      catalog.messages_[name + std::string(kPluralSeparator) + std::string(form)] =
          std::string(text.as_string());
    }
  }
  auto rule = catalog.messages_.find("meta.plural_rule");
  catalog.plural_rule_ = rule == catalog.messages_.end() ? "one_other" : rule->second;
  if (!known_plural_rule(catalog.plural_rule_)) {
    return Error::make("catalog_invalid",
                       fmt::format("Catalog '{}' names an unknown plural rule '{}'.",
                                   catalog.locale_, catalog.plural_rule_),
                       "meta.plural_rule");
  }
  return catalog;
}

Catalog Catalog::pseudo(std::string locale, const Catalog& source) {
  Catalog catalog;
  catalog.locale_ = std::move(locale);
  catalog.plural_rule_ = source.plural_rule_;
  for (const auto& [key, text] : source.messages_) {
    bool kept = key.starts_with("meta.") || key.starts_with("number.");
    catalog.messages_[key] = kept ? text : pseudo_text(text);
  }
  return catalog;
}

bool Catalog::has(std::string_view key) const {
  return messages_.contains(std::string(key));
}

std::string Catalog::text(std::string_view key, MessageArgs args) const {
  auto found = messages_.find(std::string(key));
  if (found == messages_.end()) return std::string(key);
  if (args.size() == 0) return found->second;
  return fill_placeholders(found->second, args);
}

PluralCategory Catalog::plural_category(int64_t count) const {
  uint64_t n = count < 0 ? static_cast<uint64_t>(-count) : static_cast<uint64_t>(count);
  if (plural_rule_ == "zero_one_other") return n <= 1 ? PluralCategory::one : PluralCategory::other;
  if (plural_rule_ == "east_slavic") {
    if (n % 10 == 1 && n % 100 != 11) return PluralCategory::one;
    if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) return PluralCategory::few;
    return PluralCategory::many;
  }
  return n == 1 ? PluralCategory::one : PluralCategory::other;
}

std::string Catalog::plural(std::string_view key, int64_t count, MessageArgs args) const {
  std::string base = std::string(key) + std::string(kPluralSeparator);
  auto found = messages_.find(base + std::string(category_name(plural_category(count))));
  if (found == messages_.end()) found = messages_.find(base + "other");
  if (found == messages_.end()) return std::string(key);
  // "{count}" first, then the caller's own placeholders.
  std::string out = fill_placeholders(found->second, {{"count", number(count)}});
  return args.size() == 0 ? out : fill_placeholders(out, args);
}

std::string Catalog::date(Date date) const {
  std::string day = std::to_string(date.day());
  std::string special_day = "date.day." + day;
  if (has(special_day)) day = text(special_day);
  std::string month = text("date.month." + std::to_string(date.month()));
  std::string year = std::to_string(date.year());
  return text("date.long", {{"day", day}, {"month", month}, {"year", year}});
}

std::string Catalog::number(int64_t value) const {
  std::string digits =
      std::to_string(value < 0 ? -static_cast<uint64_t>(value) : static_cast<uint64_t>(value));
  std::string grouped = group_digits(std::move(digits), text("number.group"));
  return value < 0 ? "-" + grouped : grouped;
}

std::string Catalog::decimal(double value, int fraction_digits) const {
  double scale = std::pow(10.0, fraction_digits);
  double rounded = std::round(std::fabs(value) * scale);
  auto whole = static_cast<int64_t>(rounded / scale);
  auto fraction = static_cast<int64_t>(rounded - static_cast<double>(whole) * scale);
  std::string out = (value < 0 && rounded > 0 ? "-" : "") + number(whole);
  if (fraction_digits > 0) {
    out += text("number.decimal");
    out += fmt::format("{:0{}}", fraction, fraction_digits);
  }
  return out;
}

const Catalogs& Catalogs::shipped() {
  static const Catalogs catalogs = [] {
    Catalogs all;
    for (std::string_view locale : {"en", "fr", "ru"}) {
      auto text = find_asset("catalogs/" + std::string(locale) + ".json");
      auto catalog = Catalog::parse(std::string(locale), text.value_or(""));
      // The catalogs are part of the build and checked by the tests; a broken one is a bug.
      if (catalog.is_error()) throw std::logic_error(catalog.error().message);
      all.catalogs_.push_back(catalog.release_value());
      all.offered_.emplace_back(locale);
    }
    all.catalogs_.push_back(Catalog::pseudo("qps", all.catalogs_.front()));
    return all;
  }();
  return catalogs;
}

bool Catalogs::has(std::string_view locale) const {
  for (const Catalog& catalog : catalogs_) {
    if (catalog.locale() == locale) return true;
  }
  return false;
}

const Catalog& Catalogs::get(std::string_view locale) const {
  for (const Catalog& catalog : catalogs_) {
    if (catalog.locale() == locale) return catalog;
  }
  return catalogs_.front();
}

std::string Catalogs::negotiate(std::string_view accept_language) const {
  // Takes the first listed language we offer; quality values are rarely anything but
  // descending in practice, and the user can switch at once on every page.
  size_t start = 0;
  while (start < accept_language.size()) {
    size_t end = accept_language.find(',', start);
    if (end == std::string_view::npos) end = accept_language.size();
    std::string_view item = accept_language.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string_view tag = item.substr(0, item.find_first_of(";-_ "));
    std::string lower;
    for (char c : tag) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& locale : offered_) {
      if (locale == lower) return locale;
    }
    start = end + 1;
  }
  return offered_.front();
}

}  // namespace opennrm::web

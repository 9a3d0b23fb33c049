#include "core/date.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

namespace opennrm {

namespace {

std::chrono::year_month_day to_ymd(int64_t days) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

ErrorOr<Date> Date::parse(std::string_view text) {
  auto invalid = [&] {
    return Error::make("invalid_date",
                       fmt::format("'{}' is not a date of the form YYYY-MM-DD", text));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return invalid();
  auto year_digits = text.substr(0, 4), month_digits = text.substr(5, 2),
       day_digits = text.substr(8, 2);
  if (!all_digits(year_digits) || !all_digits(month_digits) || !all_digits(day_digits)) {
    return invalid();
  }
  int year = to_int(year_digits);
  auto ymd = std::chrono::year_month_day{std::chrono::year{year},
                                         std::chrono::month{unsigned(to_int(month_digits))},
                                         std::chrono::day{unsigned(to_int(day_digits))}};
  if (year < 1 || !ymd.ok()) return invalid();
  return Date(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  auto ymd = std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                         std::chrono::day{day}};
  return Date(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

Date Date::today_local() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return from_ymd(local.tm_year + 1900, unsigned(local.tm_mon + 1), unsigned(local.tm_mday));
}

int Date::year() const {
  return int(to_ymd(days_).year());
}
unsigned Date::month() const {
  return unsigned(to_ymd(days_).month());
}
unsigned Date::day() const {
  return unsigned(to_ymd(days_).day());
}

Date Date::add_months(int n) const {
  auto ymd = to_ymd(days_);
  auto target = std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months{n};
  auto last =
      std::chrono::year_month_day_last{target.year(), std::chrono::month_day_last{target.month()}};
  auto day = std::min(ymd.day(), last.day());
  return Date(std::chrono::sys_days{std::chrono::year_month_day{target.year(), target.month(), day}}
                  .time_since_epoch()
                  .count());
}

std::string Date::to_string() const {
  auto ymd = to_ymd(days_);
  return fmt::format("{:04d}-{:02d}-{:02d}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()));
}

}  // namespace opennrm

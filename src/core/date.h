#pragma once

// Civil dates of the jurisdiction's calendar, as the rulebook counts them: "N days from D" is
// D + N calendar days, and adding months keeps the day of month, clamped to the month's end.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace opennrm {

class Date {
 public:
  Date() = default;

  // Parses exactly "YYYY-MM-DD" with a real calendar day (years 0001 to 9999).
  static ErrorOr<Date> parse(std::string_view text);
  static Date from_ymd(int year, unsigned month, unsigned day);
  static Date from_days(int64_t days_since_epoch) { return Date(days_since_epoch); }
  // Today in the machine's local time zone; only the CLI and server edges call this.
  static Date today_local();

  int year() const;
  unsigned month() const;
  unsigned day() const;
  int64_t days_since_epoch() const { return days_; }

  Date add_days(int64_t n) const { return Date(days_ + n); }
  // Keeps the day of month, clamped to the last day of the target month.
  Date add_months(int n) const;
  int64_t days_until(Date later) const { return later.days_ - days_; }

  std::string to_string() const;

  auto operator<=>(const Date&) const = default;

 private:
  explicit Date(int64_t days) : days_(days) {}
  int64_t days_ = 0;
};

}  // namespace opennrm

#include "core/json.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace opennrm {

namespace {

void write(const boost::json::value& value, std::string& out);

void write_double(double number, std::string& out) {
  // JSON has no NaN or Infinity; parse_json never produces them, so null is only a guard.
  if (!std::isfinite(number)) {
    out += "null";
    return;
  }
  out += fmt::format("{}", number);
}

void write_object(const boost::json::object& object, std::string& out) {
  out += '{';
  bool first = true;
  for (const auto& member : object) {
    if (!first) out += ',';
    first = false;
    out += boost::json::serialize(boost::json::string_view(member.key()));
    out += ':';
    write(member.value(), out);
  }
  out += '}';
}

void write_array(const boost::json::array& array, std::string& out) {
  out += '[';
  bool first = true;
  for (const auto& element : array) {
    if (!first) out += ',';
    first = false;
    write(element, out);
  }
  out += ']';
}

void write(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::object:
      write_object(value.get_object(), out);
      break;
    case boost::json::kind::array:
      write_array(value.get_array(), out);
      break;
    case boost::json::kind::double_:
      write_double(value.get_double(), out);
      break;
    default:
      out += boost::json::serialize(value);
  }
}

bool has_infinite_number(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::double_:
      return !std::isfinite(value.get_double());
    case boost::json::kind::array:
      for (const auto& element : value.get_array()) {
        if (has_infinite_number(element)) return true;
      }
      return false;
    case boost::json::kind::object:
      for (const auto& member : value.get_object()) {
        if (has_infinite_number(member.value())) return true;
      }
      return false;
    default:
      return false;
  }
}

bool has_double(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::double_:
      return true;
    case boost::json::kind::array:
      return std::ranges::any_of(value.get_array(), has_double);
    case boost::json::kind::object:
      return std::ranges::any_of(value.get_object(),
                                 [](const auto& member) { return has_double(member.value()); });
    default:
      return false;
  }
}

}  // namespace

ErrorOr<boost::json::value> parse_json(std::string_view text) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(text, error);
  if (error) return Error::make("invalid_json", error.message());
  // The parser's depth limit (32) bounds this recursion too.
  if (has_infinite_number(value)) {
    return Error::make("invalid_json", "a number is too large to be represented");
  }
  return value;
}

std::string text_field(const boost::json::object& object, std::string_view key) {
  const auto* field = object.if_contains(key);
  return field != nullptr && field->is_string() ? std::string(field->as_string()) : std::string();
}

std::string text_field(const boost::json::value& value, std::string_view key) {
  return value.is_object() ? text_field(value.get_object(), key) : std::string();
}

boost::json::value optional_text(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

std::string to_json_text(const boost::json::value& value) {
  // Most answers carry no double at all, and Boost.JSON writes those in one pass into one
  // buffer; the writer above makes a string per key and per scalar, which on a case's answer
  // cost more than reading the case.
  if (!has_double(value)) return boost::json::serialize(value);
  std::string out;
  write(value, out);
  return out;
}

void JsonObjectWriter::begin_member(std::string_view key) {
  if (text_.size() > 1) text_ += ',';
  text_ += boost::json::serialize(boost::json::string_view(key));
  text_ += ':';
}

JsonObjectWriter& JsonObjectWriter::member(std::string_view key, const boost::json::value& value) {
  begin_member(key);
  text_ += to_json_text(value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::member_text(std::string_view key, std::string_view json) {
  begin_member(key);
  text_ += json;
  return *this;
}

std::string JsonObjectWriter::finish() && {
  text_ += '}';
  return std::move(text_);
}

}  // namespace opennrm

#include "core/json.h"

#include <cmath>

#include <fmt/format.h>
#include <boost/json/serialize.hpp>

namespace opennrm {

namespace {

void write(const boost::json::value& value, std::string& out);

void write_double(double number, std::string& out) {
  // JSON has no NaN or Infinity; the parsers we use never produce them, so null is only a guard.
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

}  // namespace

std::string to_json_text(const boost::json::value& value) {
  std::string out;
  write(value, out);
  return out;
}

}  // namespace opennrm

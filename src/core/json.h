#pragma once

// Writing JSON for people and programs alike. Boost.JSON prints doubles in exponent form
// ("9E-1"), which is valid but hard to read in a report; this writer prints the shortest decimal
// that reads back to the same double ("0.9"), and otherwise matches boost::json::serialize.

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/error.h"

namespace opennrm {

std::string to_json_text(const boost::json::value& value);

// Writes one JSON object member by member, each value either written by to_json_text or given
// as JSON text already written: an answer that carries kept text (a kept history's events)
// splices it in, rather than copying it into a value only to write it out again.
class JsonObjectWriter {
 public:
  JsonObjectWriter() = default;
  // Room for an object of about `size` characters, written without growing.
  explicit JsonObjectWriter(std::size_t size) { text_.reserve(size); }

  JsonObjectWriter& member(std::string_view key, const boost::json::value& value);
  // `json` is the text of one JSON value, as to_json_text writes it.
  JsonObjectWriter& member_text(std::string_view key, std::string_view json);
  // The object's text; the writer is spent.
  std::string finish() &&;

 private:
  void begin_member(std::string_view key);

  std::string text_ = "{";
};

// The string under `key`, or "" when it is absent or not a string (or `value` is not an object):
// for events the rules read already, where a missing text field simply means none.
std::string text_field(const boost::json::object& object, std::string_view key);
std::string text_field(const boost::json::value& value, std::string_view key);

// The text as a JSON string, or null when there is none.
boost::json::value optional_text(const std::optional<std::string>& text);

// Reads untrusted JSON text strictly: no comments, trailing commas, NaN or Infinity, valid UTF-8
// only, at most 32 levels deep. A number too large for a double (1e400) is refused as well:
// Boost.JSON would read it as infinity, which JSON cannot write, so an event carrying one could
// be stored but never read back. The error's message says what is wrong, for the caller to place.
ErrorOr<boost::json::value> parse_json(std::string_view text);

}  // namespace opennrm

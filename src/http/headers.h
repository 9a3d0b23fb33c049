#pragma once

// Header fields of a request or a response. HTTP field names are case-insensitive, so every
// lookup here ignores case; the order of fields and repeated fields are kept as received.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opennrm::http {

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  // The value of the first field with this name, if any.
  std::optional<std::string_view> get(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }

  // Replaces every field with this name by one field with this value.
  void set(std::string_view name, std::string_view value);
  // Sets the field only when it is not there yet, so a handler's own choice wins.
  void set_default(std::string_view name, std::string_view value);
  // Appends a field, keeping any earlier one with the same name (e.g. several Set-Cookie).
  void add(std::string_view name, std::string_view value);
  void remove(std::string_view name);

  std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Field>::const_iterator end() const { return fields_.end(); }
  size_t size() const { return fields_.size(); }

 private:
  std::vector<Field> fields_;
};

// True when the two strings are equal ignoring ASCII case (header names, tokens).
bool equals_ignoring_case(std::string_view a, std::string_view b);

}  // namespace opennrm::http

#include "openapi_subset_yaml.h"

#include <cctype>
#include <charconv>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace opennrm::api::testing {

namespace {

struct Line {
  int number = 0;
  std::size_t indent = 0;
  std::string text;
};

std::string trim(const std::string& text) {
  auto begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(' ') - begin + 1);
}

[[noreturn]] void fail(const Line& line, const std::string& why) {
  throw std::runtime_error("openapi.yaml line " + std::to_string(line.number) + ": " + why);
}

boost::json::value scalar(const std::string& raw, const Line& line) {
  std::string text = trim(raw);
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
      out += text[i];
      if (text[i] == '\'') ++i;  // '' is one quote.
    }
    return boost::json::value(out);
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    if (text.find('\\') != std::string::npos) fail(line, "escapes are not in the subset");
    return boost::json::value(text.substr(1, text.size() - 2));
  }
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    boost::json::array items;
    std::string inner = text.substr(1, text.size() - 2);
    std::string item;
    bool quoted = false;
    for (char c : inner + ",") {
      if (c == '\'') quoted = !quoted;
      if (c == ',' && !quoted) {
        if (!trim(item).empty()) items.push_back(scalar(item, line));
        item.clear();
      } else {
        item += c;
      }
    }
    return items;
  }
  if (text.empty() || text.front() == '{' || text.front() == '&' || text.front() == '*' ||
      text.front() == '|' || text.front() == '!') {
    fail(line, "value outside the subset: " + text);
  }
  if (text == "true") return true;
  if (text == "false") return false;
  if (text == "null" || text == "~") return nullptr;
  int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error == std::errc() && end == text.data() + text.size()) return number;
  return boost::json::value(text);
}

class Reader {
 public:
  explicit Reader(std::vector<Line> lines) : lines_(std::move(lines)) {}

  boost::json::value document() {
    auto value = block(0);
    if (next_ < lines_.size()) fail(lines_[next_], "unexpected indentation");
    return value;
  }

 private:
  boost::json::value block(std::size_t indent) {
    if (next_ < lines_.size() && lines_[next_].text.starts_with("-")) return sequence(indent);
    return mapping(indent);
  }

  boost::json::value sequence(std::size_t indent) {
    boost::json::array items;
    while (next_ < lines_.size() && lines_[next_].indent == indent &&
           lines_[next_].text.starts_with("-")) {
      Line& line = lines_[next_];
      std::string rest = trim(line.text.substr(1));
      if (rest.empty()) {
        ++next_;
        items.push_back(block(lines_[next_].indent));
      } else if (key_end(rest) != std::string::npos) {
        // "- key: value" starts a mapping indented past the dash.
        line.indent = indent + 2;
        line.text = rest;
        items.push_back(mapping(indent + 2));
      } else {
        items.push_back(scalar(rest, line));
        ++next_;
      }
    }
    return items;
  }

  // Where the key of "key: value" or "key:" ends, outside quotes; npos when not a key line.
  static std::size_t key_end(const std::string& text) {
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if ((c == '\'' || c == '"') && i == 0) {
        quote = c;
      } else if (c == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) {
        return i;
      }
    }
    return std::string::npos;
  }

  boost::json::value mapping(std::size_t indent) {
    boost::json::object object;
    while (next_ < lines_.size() && lines_[next_].indent == indent) {
      const Line line = lines_[next_++];
      auto end = key_end(line.text);
      if (end == std::string::npos) fail(line, "expected key: value");
      std::string key = scalar(line.text.substr(0, end), line).as_string().c_str();
      if (object.contains(key)) fail(line, "duplicate key " + key);
      std::string rest = trim(line.text.substr(end + 1));
      if (rest == ">" || rest == ">-") {
        std::string folded;
        while (next_ < lines_.size() && lines_[next_].indent > indent) {
          folded += (folded.empty() ? "" : " ") + lines_[next_++].text;
        }
        object[key] = folded;
      } else if (!rest.empty()) {
        object[key] = scalar(rest, line);
      } else if (next_ < lines_.size() && lines_[next_].indent > indent) {
        object[key] = block(lines_[next_].indent);
      } else {
        object[key] = nullptr;
      }
    }
    return object;
  }

  std::vector<Line> lines_;
  std::size_t next_ = 0;
};

}  // namespace

boost::json::value read_yaml_subset(const std::string& text) {
  std::vector<Line> lines;
  std::istringstream in(text);
  std::string raw;
  int number = 0;
  while (std::getline(in, raw)) {
    ++number;
    if (raw.find('\t') != std::string::npos) {
      fail(Line{number, 0, raw}, "tabs are not YAML indentation");
    }
    std::string content = trim(raw);
    if (content.empty() || content.starts_with("#")) continue;
    lines.push_back(Line{number, raw.find_first_not_of(' '), content});
  }
  return Reader(std::move(lines)).document();
}

}  // namespace opennrm::api::testing

#include "web/view.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "web/assets.h"

namespace opennrm::web {

namespace {

using kainjow::mustache::mustache;

constexpr std::string_view kMessagePrefix = "t.";

// The context a template is rendered in: the view's values, the catalog's messages under "t.",
// and the other templates as partials. Looked-up messages live as long as the rendering.
class TemplateContext final : public kainjow::mustache::basic_context<std::string> {
 public:
  TemplateContext(const View& view, const Catalog& catalog) : catalog_(catalog) {
    items_.push_back(&view);
  }

  void push(const View* data) override { items_.insert(items_.begin(), data); }
  void pop() override { items_.erase(items_.begin()); }

  const View* get(const std::string& name) const override {
    if (name.starts_with(kMessagePrefix)) {
      return &owned_.emplace_back(catalog_.text(std::string_view(name).substr(2)));
    }
    if (name == ".") return items_.front();
    for (const View* item : items_) {
      if (const View* found = lookup(*item, name)) return found;
    }
    return nullptr;
  }

  // Partials are inlined when a template is compiled (inline_partials), so none is asked for.
  const View* get_partial(const std::string&) const override { return nullptr; }

 private:
  // A dotted name ("case.stage") walks into objects, as the mustache specification says.
  static const View* lookup(const View& item, const std::string& name) {
    if (name.find('.') == std::string::npos) return item.get(name);
    const View* current = &item;
    size_t start = 0;
    while (current && start <= name.size()) {
      size_t end = name.find('.', start);
      if (end == std::string::npos) end = name.size();
      current = current->get(name.substr(start, end - start));
      start = end + 1;
    }
    return current;
  }

  const Catalog& catalog_;
  std::vector<const View*> items_;
  mutable std::deque<View> owned_;
};

// A template's text with every partial tag ({{> name}}) replaced by that template's text, so
// that a partial inside a loop is compiled once with its template rather than at every turn
// (the mustache library compiles a partial each time it renders one).
std::string inline_partials(std::string_view name, int depth = 0) {
  auto text = find_asset("templates/" + std::string(name) + ".mustache");
  if (!text) throw std::logic_error("no template '" + std::string(name) + "'");
  if (depth > 8) throw std::logic_error("template '" + std::string(name) + "' nests too deep");
  std::string expanded;
  std::string_view rest = *text;
  for (size_t open = rest.find("{{>"); open != std::string_view::npos; open = rest.find("{{>")) {
    size_t close = rest.find("}}", open);
    if (close == std::string_view::npos) break;
    std::string_view partial = rest.substr(open + 3, close - open - 3);
    partial.remove_prefix(std::min(partial.find_first_not_of(' '), partial.size()));
    partial = partial.substr(0, partial.find_last_not_of(' ') + 1);
    expanded.append(rest.substr(0, open));
    expanded.append(inline_partials(partial, depth + 1));
    rest.remove_prefix(close + 2);
  }
  expanded.append(rest);
  return expanded;
}

// Each thread keeps its own compiled templates: compiling is the slow part of rendering, and
// a compiled template is not safe to render from two threads at once.
mustache& compiled(std::string_view name) {
  thread_local std::unordered_map<std::string, std::unique_ptr<mustache>> cache;
  std::string key(name);
  auto found = cache.find(key);
  if (found != cache.end()) return *found->second;
  auto compiled_template = std::make_unique<mustache>(inline_partials(key));
  if (!compiled_template->is_valid()) {
    throw std::logic_error("template '" + key + "': " + compiled_template->error_message());
  }
  return *cache.emplace(key, std::move(compiled_template)).first->second;
}

}  // namespace

std::string render_template(std::string_view name, const View& view, const Catalog& catalog) {
  TemplateContext context(view, catalog);
  return compiled(name).render(context);
}

}  // namespace opennrm::web

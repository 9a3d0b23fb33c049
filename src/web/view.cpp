#include "web/view.h"

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

  const View* get_partial(const std::string& name) const override {
    auto text = find_asset("templates/" + name + ".mustache");
    if (!text) return nullptr;
    std::string content(*text);
    return &owned_.emplace_back(kainjow::mustache::partial([content] { return content; }));
  }

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

// Each thread keeps its own compiled templates: compiling is the slow part of rendering, and
// a compiled template is not safe to render from two threads at once.
mustache& compiled(std::string_view name) {
  thread_local std::unordered_map<std::string, std::unique_ptr<mustache>> cache;
  std::string key(name);
  auto found = cache.find(key);
  if (found != cache.end()) return *found->second;
  auto text = find_asset("templates/" + key + ".mustache");
  if (!text) throw std::logic_error("no template '" + key + "'");
  auto compiled_template = std::make_unique<mustache>(std::string(*text));
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

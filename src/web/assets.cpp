#include "web/assets.h"

#include <algorithm>

namespace opennrm::web {

// Defined in the file CMake generates from web/ (embed_assets.cmake).
const std::vector<Asset>& embedded_assets();

const std::vector<Asset>& assets() {
  static const std::vector<Asset> sorted = [] {
    std::vector<Asset> all = embedded_assets();
    std::sort(all.begin(), all.end(),
              [](const Asset& a, const Asset& b) { return a.name < b.name; });
    return all;
  }();
  return sorted;
}

std::optional<std::string_view> find_asset(std::string_view name) {
  const auto& all = assets();
  auto found =
      std::lower_bound(all.begin(), all.end(), name,
                       [](const Asset& asset, std::string_view n) { return asset.name < n; });
  if (found == all.end() || found->name != name) return std::nullopt;
  return found->content;
}

}  // namespace opennrm::web

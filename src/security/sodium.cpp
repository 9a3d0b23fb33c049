#include "security/sodium.h"

#include <sodium.h>

#include <stdexcept>

namespace opennrm::security {

void ensure_sodium_initialized() {
  // A function-local static is initialised exactly once, even when threads race to get here.
  static const bool initialized = [] {
    if (sodium_init() < 0) {
      throw std::runtime_error("libsodium could not be initialised");
    }
    return true;
  }();
  (void)initialized;
}

}  // namespace opennrm::security

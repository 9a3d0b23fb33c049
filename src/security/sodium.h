#pragma once

namespace opennrm::security {

// Initialises libsodium once per process. Every function of this area that uses libsodium calls
// it first, so callers never have to remember; it is cheap after the first call. If libsodium
// cannot initialise (no usable random source), nothing secure can be done and it throws.
void ensure_sodium_initialized();

}  // namespace opennrm::security

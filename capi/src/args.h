// args.h -- the argument checks every family file shares. Each fails the call with
// PYKEA_INVALID_ARGUMENT and a message naming the argument.
#ifndef PYKEA_ARGS_H
#define PYKEA_ARGS_H

#include "errors.h"

#include <cstdint>
#include <string>

// Fails the call when pointer argument `name` is NULL; the message spells the argument's name.
#define PYKEA_REQUIRE_ARG(name) ::pykea::requireNonNull((name), #name)

namespace pykea {

inline void requireNonNull(const void* pointer, const char* what) {
    if (pointer == nullptr) {
        fail(PYKEA_INVALID_ARGUMENT, std::string(what) + " is NULL");
    }
}

inline void requireInRange(int64_t value, int64_t low, int64_t high, const char* what) {
    if (value < low || value > high) {
        fail(PYKEA_INVALID_ARGUMENT, std::string(what) + " must be between " +
             std::to_string(low) + " and " + std::to_string(high) + ", not " +
             std::to_string(value));
    }
}

inline void requireUniverse(int universe) {
    if (universe != PYKEA_UNIVERSE_V4 && universe != PYKEA_UNIVERSE_V6) {
        fail(PYKEA_INVALID_ARGUMENT, "universe must be 4 or 6, not " + std::to_string(universe));
    }
}

}  // namespace pykea

#endif

// options.h -- making Kea options from pykea's arguments, shared by the option and packet calls.
#ifndef PYKEA_OPTIONS_H
#define PYKEA_OPTIONS_H

#include <dhcp/option.h>

#include <cstddef>
#include <cstdint>

namespace pykea {

// A new option of `universe` (PYKEA_UNIVERSE_V4 or _V6); throws ApiError for a code or a size
// the universe cannot carry.
isc::dhcp::OptionPtr makeOption(int universe, uint16_t code, const uint8_t* data, size_t size);

}  // namespace pykea

#endif

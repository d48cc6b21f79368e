// address.h -- IOAddress to and from pykea_address.
#ifndef PYKEA_ADDRESS_H
#define PYKEA_ADDRESS_H

#include "args.h"
#include "errors.h"

#include <asiolink/io_address.h>

#include <sys/socket.h>

#include <cstring>

namespace pykea {

inline void toC(const isc::asiolink::IOAddress& address, pykea_address* out) {
    requireNonNull(out, "address");
    std::memset(out, 0, sizeof(*out));
    if (address.isV4()) {
        uint32_t value = address.toUint32();
        out->family = 4;
        for (int i = 0; i < 4; ++i) {
            out->bytes[i] = static_cast<uint8_t>(value >> (24 - 8 * i));
        }
        return;
    }
    std::vector<uint8_t> bytes = address.toBytes();
    out->family = 6;
    std::memcpy(out->bytes, bytes.data(), std::min<size_t>(bytes.size(), sizeof(out->bytes)));
}

inline isc::asiolink::IOAddress fromC(const pykea_address* address) {
    requireNonNull(address, "address");
    if (address->family == 4) {
        return (isc::asiolink::IOAddress::fromBytes(AF_INET, address->bytes));
    }
    if (address->family == 6) {
        return (isc::asiolink::IOAddress::fromBytes(AF_INET6, address->bytes));
    }
    fail(PYKEA_INVALID_ARGUMENT, "address family must be 4 or 6, not " +
         std::to_string(address->family));
}

}  // namespace pykea

#endif

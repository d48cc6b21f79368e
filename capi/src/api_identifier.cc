// pykea_identifier_parse: identifiers written as Kea writes them, parsed by Kea's own code so that
// what Kea accepts (and the reason it refuses) is the same in Python.
#include "args.h"
#include "compat.h"     // util/str.h or, before Kea 2.6, util/strutil.h
#include "errors.h"

#include <dhcp/duid.h>
#include <dhcp/hwaddr.h>

using namespace pykea;

namespace {

std::vector<uint8_t> parse(int id_type, const std::string& text) {
    switch (id_type) {
    case PYKEA_IDENTIFIER_HWADDR:
        return (isc::dhcp::HWAddr::fromText(text).hwaddr_);
    case PYKEA_IDENTIFIER_DUID:
        return (isc::dhcp::DUID::fromText(text).getDuid());
    case PYKEA_IDENTIFIER_CLIENT_ID:
        return (isc::dhcp::ClientId::fromText(text)->getClientId());
    default:
        fail(PYKEA_INVALID_ARGUMENT, "identifier type must be PYKEA_IDENTIFIER_HWADDR, _DUID or "
             "_CLIENT_ID, not " + std::to_string(id_type));
    }
}

// Runs a Kea text parser and hands its bytes out; Kea's refusal becomes PYKEA_INVALID_ARGUMENT.
template <typename Parser>
pykea_status handOutParsed(const char* text, const uint8_t** data, size_t* size, Parser&& parser) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(text);
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        std::vector<uint8_t> bytes;
        try {
            bytes = parser(std::string(text));
        } catch (const isc::Exception& e) {
            fail(PYKEA_INVALID_ARGUMENT, e.what());
        }
        *data = threadBytes(std::move(bytes), size);
    }));
}

// As Kea reads a reservation's identifier: a 'quoted string', else hex.
std::vector<uint8_t> parseHostIdentifier(const std::string& text) {
    std::vector<uint8_t> bytes = isc::util::str::quotedStringToBinary(text);
    if (bytes.empty()) {
        isc::util::str::decodeFormattedHexString(text, bytes);
    }
    return (bytes);
}

}  // namespace

extern "C" {

pykea_status pykea_identifier_parse(int id_type, const char* text, const uint8_t** data,
                                    size_t* size) {
    return (handOutParsed(text, data, size,
                          [id_type](const std::string& value) { return (parse(id_type, value)); }));
}

pykea_status pykea_host_identifier_parse(const char* text, const uint8_t** data, size_t* size) {
    return (handOutParsed(text, data, size, parseHostIdentifier));
}

}  // extern "C"

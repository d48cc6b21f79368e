// The DHCPv6 packet constructors of pykea.h (pykea_pkt6_new, pykea_pkt6_from_wire), apart
// from api_pkt.cc until they join pykea_pkt4_new there (docs/STRUCTURE_TODO.md).
#include "args.h"
#include "errors.h"
#include "handles.h"

#include <dhcp/pkt6.h>

using namespace pykea;
using isc::dhcp::Pkt6;

extern "C" {

pykea_status pykea_pkt6_new(uint8_t message_type, uint32_t transid, pykea_pkt** pkt) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(pkt);
        *pkt = adopt<pykea_pkt>(boost::make_shared<Pkt6>(message_type, transid));
    }));
}

pykea_status pykea_pkt6_from_wire(const uint8_t* data, size_t size, pykea_pkt** pkt) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(pkt);
        *pkt = adopt<pykea_pkt>(boost::make_shared<Pkt6>(data, size));
    }));
}

}  // extern "C"

// headers.h -- a packet's or a lease's header fields read in one go (pykea_pkt_header,
// pykea_lease_header), for pykea_pkt_get_header, pykea_lease_get_header and callout frames.
#ifndef PYKEA_HEADERS_H
#define PYKEA_HEADERS_H

#include <pykea.h>

#include <dhcp/pkt.h>
#include <dhcpsrv/lease.h>

namespace pykea {

void fillHeader(const isc::dhcp::Pkt& pkt, pykea_pkt_header& header);
void fillHeader(const isc::dhcp::Lease& lease, pykea_lease_header& header);

}  // namespace pykea

#endif

#include "headers.h"

#include "address.h"

#include <dhcp/pkt4.h>

#include <algorithm>
#include <cstring>

using isc::dhcp::HWAddrPtr;

namespace pykea {
namespace {

void fillHardwareAddress(const HWAddrPtr& hwaddr, int& htype, size_t& size, uint8_t* bytes,
                         size_t capacity) {
    if (!hwaddr) {
        htype = -1;
        size = 0;
        return;
    }
    htype = hwaddr->htype_;
    size = std::min(hwaddr->hwaddr_.size(), capacity);
    std::memcpy(bytes, hwaddr->hwaddr_.data(), size);
}

}  // namespace

void fillHeader(const isc::dhcp::Pkt& pkt, pykea_pkt_header& header) {
    int64_t* ints = header.ints;
    ints[PYKEA_PKT_TYPE] = pkt.getType();
    ints[PYKEA_PKT_TRANSID] = pkt.getTransid();
    ints[PYKEA_PKT_LOCAL_PORT] = pkt.getLocalPort();
    ints[PYKEA_PKT_REMOTE_PORT] = pkt.getRemotePort();
    ints[PYKEA_PKT_IFINDEX] = pkt.getIndex();
    toC(pkt.getLocalAddr(), &header.addrs[PYKEA_PKT_LOCAL_ADDR]);
    toC(pkt.getRemoteAddr(), &header.addrs[PYKEA_PKT_REMOTE_ADDR]);
    auto pkt4 = dynamic_cast<const isc::dhcp::Pkt4*>(&pkt);
    if (!pkt4) {
        header.htype = -1;
        header.hwaddr_size = 0;
        return;
    }
    ints[PYKEA_PKT4_OP] = pkt4->getOp();
    ints[PYKEA_PKT4_HOPS] = pkt4->getHops();
    ints[PYKEA_PKT4_SECS] = pkt4->getSecs();
    ints[PYKEA_PKT4_FLAGS] = pkt4->getFlags();
    ints[PYKEA_PKT4_HTYPE] = pkt4->getHtype();
    ints[PYKEA_PKT4_HLEN] = pkt4->getHlen();
    toC(pkt4->getCiaddr(), &header.addrs[PYKEA_PKT4_CIADDR]);
    toC(pkt4->getYiaddr(), &header.addrs[PYKEA_PKT4_YIADDR]);
    toC(pkt4->getSiaddr(), &header.addrs[PYKEA_PKT4_SIADDR]);
    toC(pkt4->getGiaddr(), &header.addrs[PYKEA_PKT4_GIADDR]);
    fillHardwareAddress(pkt4->getHWAddr(), header.htype, header.hwaddr_size, header.hwaddr,
                        sizeof(header.hwaddr));
}

void fillHeader(const isc::dhcp::Lease& lease, pykea_lease_header& header) {
    int64_t* ints = header.ints;
    ints[PYKEA_LEASE_VALID_LFT] = lease.valid_lft_;
    ints[PYKEA_LEASE_CLTT] = lease.cltt_;
    ints[PYKEA_LEASE_SUBNET_ID] = lease.subnet_id_;
    ints[PYKEA_LEASE_FQDN_FWD] = lease.fqdn_fwd_;
    ints[PYKEA_LEASE_FQDN_REV] = lease.fqdn_rev_;
    ints[PYKEA_LEASE_STATE] = lease.state_;
    ints[PYKEA_LEASE_CURRENT_VALID_LFT] = lease.current_valid_lft_;
    ints[PYKEA_LEASE_CURRENT_CLTT] = lease.current_cltt_;
    ints[PYKEA_LEASE_POOL_ID] = 0;      // read by pykea_lease_get_int: not every Kea has it
    toC(lease.addr_, &header.address);
    fillHardwareAddress(lease.hwaddr_, header.htype, header.hwaddr_size, header.hwaddr,
                        sizeof(header.hwaddr));
    header.has_hwaddr = lease.hwaddr_ ? 1 : 0;
}

}  // namespace pykea

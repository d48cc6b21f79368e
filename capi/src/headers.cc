#include "headers.h"

#include "address.h"

#include <dhcp/pkt4.h>

#include <algorithm>
#include <utility>
#include <cstring>

using isc::dhcp::HWAddrPtr;

namespace pykea {
namespace {

template <typename Header>
void fillHardwareAddress(const HWAddrPtr& hwaddr, Header& header) {
    header.hwaddr_value = -1;
    if (!hwaddr) {
        header.htype = -1;
        header.hwaddr_size = 0;
        return;
    }
    header.htype = hwaddr->htype_;
    size_t size = std::min(hwaddr->hwaddr_.size(), sizeof(header.hwaddr));
    std::memcpy(header.hwaddr, hwaddr->hwaddr_.data(), size);
    header.hwaddr_size = static_cast<int64_t>(size);
    // Python makes the address's bytes from one integer (int.to_bytes), the common case.
    if (size <= 7) {
        int64_t value = 0;
        for (size_t i = 0; i < size; ++i) {
            value = (value << 8) | hwaddr->hwaddr_[i];
        }
        header.hwaddr_value = value;
    }
}

// An IPv4 address goes to `ipv4` only: Python reads `out` (IPv6) only when `ipv4` is -1.
void fillAddress(const isc::asiolink::IOAddress& address, int64_t& ipv4, pykea_address& out) {
    if (address.isV4()) {
        ipv4 = static_cast<int64_t>(address.toUint32());
        return;
    }
    ipv4 = -1;
    toC(address, &out);
}

}  // namespace

void fillHeader(const isc::dhcp::Pkt& pkt, pykea_pkt_header& header) {
    int64_t* ints = header.ints;
    ints[PYKEA_PKT_TYPE] = pkt.getType();
    ints[PYKEA_PKT_TRANSID] = pkt.getTransid();
    ints[PYKEA_PKT_LOCAL_PORT] = pkt.getLocalPort();
    ints[PYKEA_PKT_REMOTE_PORT] = pkt.getRemotePort();
    ints[PYKEA_PKT_IFINDEX] = pkt.getIndex();
    fillAddress(pkt.getLocalAddr(), header.ipv4[PYKEA_PKT_LOCAL_ADDR],
                header.addrs[PYKEA_PKT_LOCAL_ADDR]);
    fillAddress(pkt.getRemoteAddr(), header.ipv4[PYKEA_PKT_REMOTE_ADDR],
                header.addrs[PYKEA_PKT_REMOTE_ADDR]);
    header.pending_size = 0;
    std::fill(std::begin(header.option_codes), std::end(header.option_codes), 0);
    auto pkt4 = dynamic_cast<const isc::dhcp::Pkt4*>(&pkt);
    if (!pkt4) {
        fillHardwareAddress(HWAddrPtr(), header);
        return;
    }
    for (const auto& option : pkt4->options_) {
        const unsigned code = option.first;
        if (code < 256) {
            header.option_codes[code / 32] |= int64_t(1) << (code % 32);
        }
    }
    ints[PYKEA_PKT4_OP] = pkt4->getOp();
    ints[PYKEA_PKT4_HOPS] = pkt4->getHops();
    ints[PYKEA_PKT4_SECS] = pkt4->getSecs();
    ints[PYKEA_PKT4_FLAGS] = pkt4->getFlags();
    ints[PYKEA_PKT4_HTYPE] = pkt4->getHtype();
    ints[PYKEA_PKT4_HLEN] = pkt4->getHlen();
    const std::pair<int, const isc::asiolink::IOAddress*> addresses[] = {
        {PYKEA_PKT4_CIADDR, &pkt4->getCiaddr()}, {PYKEA_PKT4_YIADDR, &pkt4->getYiaddr()},
        {PYKEA_PKT4_SIADDR, &pkt4->getSiaddr()}, {PYKEA_PKT4_GIADDR, &pkt4->getGiaddr()}};
    for (const auto& field : addresses) {
        fillAddress(*field.second, header.ipv4[field.first], header.addrs[field.first]);
    }
    fillHardwareAddress(pkt4->getHWAddr(), header);
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
    fillAddress(lease.addr_, header.ipv4, header.address);
    fillHardwareAddress(lease.hwaddr_, header);
}

}  // namespace pykea

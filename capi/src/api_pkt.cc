// The packet calls of pykea.h. Pkt4-only calls check that the handle holds a Pkt4.
#include "address.h"
#include "compat.h"
#include "args.h"
#include "errors.h"
#include "handles.h"
#include "headers.h"
#include "options.h"

#include <dhcp/hwaddr.h>
#include <dhcp/pkt6.h>
#include <util/buffer.h>

using namespace pykea;
using isc::dhcp::Pkt;
using isc::dhcp::Pkt4;
using isc::dhcp::Pkt6;

static_assert(sizeof(pykea_pkt_header::pending) == PYKEA_PENDING_OPTION_BYTES,
              "pykea.h: pykea_pkt_header.pending holds PYKEA_PENDING_OPTION_BYTES");

// The entries are written by pykea.option (OptionMap.add and replace on a borrowed packet).
void pykea_pkt::addPendingOptions() {
    const size_t size = static_cast<size_t>(frame_header->pending_size);
    frame_header->pending_size = 0;     // once, even if Kea refuses one
    if (size > sizeof(frame_header->pending)) {
        fail(PYKEA_ERROR, "the pending options of a callout frame overflowed");
    }
    const int universe = v4 ? PYKEA_UNIVERSE_V4 : PYKEA_UNIVERSE_V6;
    const uint8_t* entry = frame_header->pending;
    const uint8_t* const end = entry + size;
    while (end - entry >= 6) {
        const uint16_t code = static_cast<uint16_t>(entry[0] | entry[1] << 8);
        const size_t length = static_cast<size_t>(entry[2] | entry[3] << 8);
        const bool replace = entry[4] != 0;
        entry += 6;
        if (static_cast<size_t>(end - entry) < length) {
            fail(PYKEA_ERROR, "a pending option of a callout frame is cut short");
        }
        isc::dhcp::OptionPtr option = makeOption(universe, code, entry, length);
        if (replace) {
            pkt->delOption(code);
        }
        pkt->addOption(option);
        entry += length;
    }
}

namespace {

Pkt& pktOf(pykea_pkt* handle) {
    return (*checked(handle, "pkt").pkt);
}

Pkt4& pkt4Of(pykea_pkt* handle) {
    pykea_pkt& checked_handle = checked(handle, "pkt");
    if (!checked_handle.v4) {
        fail(PYKEA_WRONG_TYPE, "this call needs a DHCPv4 packet");
    }
    return (*checked_handle.v4);
}

std::vector<uint8_t> headerBytes(Pkt4& pkt, int which) {
    switch (which) {
    case PYKEA_PKT4_SNAME: return (pkt.getSname());
    case PYKEA_PKT4_FILE: return (pkt.getFile());
    default: fail(PYKEA_INVALID_ARGUMENT, "header field must be 0 (sname) or 1 (file)");
    }
}

}  // namespace

extern "C" {

pykea_status pykea_pkt4_new(uint8_t message_type, uint32_t transid, pykea_pkt** pkt) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(pkt);
        *pkt = adopt<pykea_pkt>(boost::make_shared<Pkt4>(message_type, transid));
    }));
}

pykea_status pykea_pkt4_from_wire(const uint8_t* data, size_t size, pykea_pkt** pkt) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(pkt);
        *pkt = adopt<pykea_pkt>(boost::make_shared<Pkt4>(data, size));
    }));
}

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

pykea_status pykea_pkt_free(pykea_pkt* pkt) {
    return (freeHandle(pkt));
}

pykea_status pykea_pkt_universe(pykea_pkt* pkt, int* universe) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(universe);
        *universe = checked(pkt, "pkt").v4 ? PYKEA_UNIVERSE_V4 : PYKEA_UNIVERSE_V6;
    }));
}

pykea_status pykea_pkt_same(pykea_pkt* a, pykea_pkt* b, int* same) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(same);
        *same = checked(a, "a").pkt == checked(b, "b").pkt;
    }));
}

pykea_status pykea_pkt_get_int(pykea_pkt* pkt, int field, int64_t* value) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(value);
        Pkt& packet = pktOf(pkt);
        switch (field) {
        case PYKEA_PKT_TYPE: *value = packet.getType(); return;
        case PYKEA_PKT_TRANSID: *value = packet.getTransid(); return;
        case PYKEA_PKT_LOCAL_PORT: *value = packet.getLocalPort(); return;
        case PYKEA_PKT_REMOTE_PORT: *value = packet.getRemotePort(); return;
        case PYKEA_PKT_IFINDEX: *value = packet.getIndex(); return;
        }
        Pkt4& packet4 = pkt4Of(pkt);
        switch (field) {
        case PYKEA_PKT4_OP: *value = packet4.getOp(); return;
        case PYKEA_PKT4_HOPS: *value = packet4.getHops(); return;
        case PYKEA_PKT4_SECS: *value = packet4.getSecs(); return;
        case PYKEA_PKT4_FLAGS: *value = packet4.getFlags(); return;
        case PYKEA_PKT4_HTYPE: *value = packet4.getHtype(); return;
        case PYKEA_PKT4_HLEN: *value = packet4.getHlen(); return;
        }
        fail(PYKEA_INVALID_ARGUMENT, "unknown packet integer field " + std::to_string(field));
    }));
}

pykea_status pykea_pkt_set_int(pykea_pkt* pkt, int field, int64_t value) {
    return (guarded([&] {
        Pkt& packet = pktOf(pkt);
        switch (field) {
        case PYKEA_PKT_TYPE:
            requireInRange(value, 0, 255, "message type");
            packet.setType(static_cast<uint8_t>(value));
            return;
        case PYKEA_PKT_TRANSID:
            requireInRange(value, 0, UINT32_MAX, "transaction id");
            packet.setTransid(static_cast<uint32_t>(value));
            return;
        case PYKEA_PKT_LOCAL_PORT:
            requireInRange(value, 0, 65535, "port");
            packet.setLocalPort(static_cast<uint16_t>(value));
            return;
        case PYKEA_PKT_REMOTE_PORT:
            requireInRange(value, 0, 65535, "port");
            packet.setRemotePort(static_cast<uint16_t>(value));
            return;
        case PYKEA_PKT_IFINDEX:
            requireInRange(value, 0, INT32_MAX, "interface index");
            packet.setIndex(static_cast<unsigned int>(value));
            return;
        }
        Pkt4& packet4 = pkt4Of(pkt);
        switch (field) {
        case PYKEA_PKT4_HOPS:
            requireInRange(value, 0, 255, "hops");
            packet4.setHops(static_cast<uint8_t>(value));
            return;
        case PYKEA_PKT4_SECS:
            requireInRange(value, 0, 65535, "secs");
            packet4.setSecs(static_cast<uint16_t>(value));
            return;
        case PYKEA_PKT4_FLAGS:
            requireInRange(value, 0, 65535, "flags");
            packet4.setFlags(static_cast<uint16_t>(value));
            return;
        case PYKEA_PKT4_OP:
        case PYKEA_PKT4_HTYPE:
        case PYKEA_PKT4_HLEN:
            fail(PYKEA_INVALID_ARGUMENT, "op follows the message type, and htype and hlen follow "
                 "the hardware address: set those instead");
        }
        fail(PYKEA_INVALID_ARGUMENT, "unknown packet integer field " + std::to_string(field));
    }));
}

pykea_status pykea_pkt_get_addr(pykea_pkt* pkt, int field, pykea_address* address) {
    return (guarded([&] {
        Pkt& packet = pktOf(pkt);
        switch (field) {
        case PYKEA_PKT_LOCAL_ADDR: toC(packet.getLocalAddr(), address); return;
        case PYKEA_PKT_REMOTE_ADDR: toC(packet.getRemoteAddr(), address); return;
        }
        Pkt4& packet4 = pkt4Of(pkt);
        switch (field) {
        case PYKEA_PKT4_CIADDR: toC(packet4.getCiaddr(), address); return;
        case PYKEA_PKT4_YIADDR: toC(packet4.getYiaddr(), address); return;
        case PYKEA_PKT4_SIADDR: toC(packet4.getSiaddr(), address); return;
        case PYKEA_PKT4_GIADDR: toC(packet4.getGiaddr(), address); return;
        }
        fail(PYKEA_INVALID_ARGUMENT, "unknown packet address field " + std::to_string(field));
    }));
}

pykea_status pykea_pkt_set_addr(pykea_pkt* pkt, int field, const pykea_address* address) {
    return (guarded([&] {
        Pkt& packet = pktOf(pkt);
        isc::asiolink::IOAddress value = fromC(address);
        switch (field) {
        case PYKEA_PKT_LOCAL_ADDR: packet.setLocalAddr(value); return;
        case PYKEA_PKT_REMOTE_ADDR: packet.setRemoteAddr(value); return;
        }
        Pkt4& packet4 = pkt4Of(pkt);
        if (!value.isV4()) {
            fail(PYKEA_INVALID_ARGUMENT, "DHCPv4 header addresses must be IPv4 addresses");
        }
        switch (field) {
        case PYKEA_PKT4_CIADDR: packet4.setCiaddr(value); return;
        case PYKEA_PKT4_YIADDR: packet4.setYiaddr(value); return;
        case PYKEA_PKT4_SIADDR: packet4.setSiaddr(value); return;
        case PYKEA_PKT4_GIADDR: packet4.setGiaddr(value); return;
        }
        fail(PYKEA_INVALID_ARGUMENT, "unknown packet address field " + std::to_string(field));
    }));
}

pykea_status pykea_pkt_get_iface(pykea_pkt* pkt, const char** name) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        *name = threadText(pktOf(pkt).getIface());
    }));
}

pykea_status pykea_pkt_set_iface(pykea_pkt* pkt, const char* name) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        pktOf(pkt).setIface(name);
    }));
}

pykea_status pykea_pkt_get_option(pykea_pkt* pkt, uint16_t code, pykea_option** option) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(option);
        *option = nullptr;
        isc::dhcp::OptionPtr found = pktOf(pkt).getOption(code);
        if (!found) {
            fail(PYKEA_NOT_FOUND, "the packet has no option " + std::to_string(code));
        }
        *option = adopt<pykea_option>(found);
    }));
}

pykea_status pykea_pkt_add_option(pykea_pkt* pkt, pykea_option* option) {
    return (guarded([&] {
        pktOf(pkt).addOption(checked(option, "option").option->clone());
    }));
}

pykea_status pykea_pkt_add_option_data(pykea_pkt* pkt, int universe, uint16_t code,
                                       const uint8_t* data, size_t size, int replace) {
    return (guarded([&] {
        pykea_pkt& handle = checked(pkt, "pkt");
        if (universe != (handle.v4 ? PYKEA_UNIVERSE_V4 : PYKEA_UNIVERSE_V6)) {
            fail(PYKEA_INVALID_ARGUMENT, std::string("a DHCPv") + (handle.v4 ? "4" : "6") +
                 " packet takes DHCPv" + (handle.v4 ? "4" : "6") + " options");
        }
        isc::dhcp::OptionPtr option = makeOption(universe, code, data, size);
        if (replace) {
            handle.pkt->delOption(code);
        }
        handle.pkt->addOption(option);
    }));
}

pykea_status pykea_pkt_get_header(pykea_pkt* pkt, pykea_pkt_header* header) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(header);
        fillHeader(pktOf(pkt), *header);
    }));
}

pykea_status pykea_pkt_copy(pykea_pkt* pkt, pykea_pkt** copy) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(copy);
        *copy = adopt<pykea_pkt>(checked(pkt, "pkt").pkt);
    }));
}

pykea_status pykea_pkt_del_option(pykea_pkt* pkt, uint16_t code, int* deleted) {
    return (guarded([&] {
        bool done = pktOf(pkt).delOption(code);
        if (deleted) {
            *deleted = done;
        }
    }));
}

pykea_status pykea_pkt_option_codes(pykea_pkt* pkt, uint16_t* codes, size_t capacity, size_t* count) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(count);
        const isc::dhcp::OptionCollection& options = pktOf(pkt).options_;
        size_t index = 0;
        for (const auto& entry : options) {
            if (codes && index < capacity) {
                codes[index] = entry.first;
            }
            ++index;
        }
        *count = index;
    }));
}

pykea_status pykea_pkt_in_class(pykea_pkt* pkt, const char* name, int* member) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        PYKEA_REQUIRE_ARG(member);
        *member = pktOf(pkt).inClass(name);
    }));
}

pykea_status pykea_pkt_add_class(pykea_pkt* pkt, const char* name) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        pktOf(pkt).addClass(name);
    }));
}

pykea_status pykea_pkt_classes(pykea_pkt* pkt, const char** names) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(names);
        std::string text;
        for (const auto& name : pktOf(pkt).getClasses()) {
            if (!text.empty()) {
                text += '\n';
            }
            text += name;
        }
        *names = threadText(std::move(text));
    }));
}

pykea_status pykea_pkt_pack(pykea_pkt* pkt) {
    return (guarded([&] { pktOf(pkt).pack(); }));
}

pykea_status pykea_pkt_unpack(pykea_pkt* pkt) {
    return (guarded([&] { pktOf(pkt).unpack(); }));
}

pykea_status pykea_pkt_wire(pykea_pkt* pkt, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        isc::util::OutputBuffer& buffer = pktOf(pkt).getBuffer();
        *data = threadBytes(static_cast<const uint8_t*>(buffer.getData()), buffer.getLength(), size);
    }));
}

pykea_status pykea_pkt_raw(pykea_pkt* pkt, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        const isc::dhcp::OptionBuffer& raw = pktOf(pkt).data_;
        *data = threadBytes(raw.data(), raw.size(), size);
    }));
}

pykea_status pykea_pkt_text(pykea_pkt* pkt, const char** text) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(text);
        *text = threadText(pktOf(pkt).toText());
    }));
}

pykea_status pykea_pkt_label(pykea_pkt* pkt, const char** label) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(label);
        *label = threadText(pktOf(pkt).getLabel());
    }));
}

pykea_status pykea_pkt_get_link_hwaddr(pykea_pkt* pkt, int which, int* htype, const uint8_t** data,
                                       size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(htype);
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = nullptr;
        *size = 0;
        pykea_pkt& packet = checked(pkt, "pkt");
        isc::dhcp::HWAddrPtr hwaddr;
        if (which == PYKEA_PKT_LOCAL_HWADDR) {
            if (!packet.v4) {
                fail(PYKEA_WRONG_TYPE, "Kea records the local link-layer address of DHCPv4 "
                     "packets only");
            }
            hwaddr = packet.v4->getLocalHWAddr();
        } else if (which == PYKEA_PKT_REMOTE_HWADDR) {
            hwaddr = packet.pkt->getRemoteHWAddr();
        } else {
            fail(PYKEA_INVALID_ARGUMENT, "which must be PYKEA_PKT_LOCAL_HWADDR or "
                 "PYKEA_PKT_REMOTE_HWADDR, not " + std::to_string(which));
        }
        if (!hwaddr) {
            fail(PYKEA_NOT_FOUND, std::string("Kea recorded no ") +
                 (which == PYKEA_PKT_LOCAL_HWADDR ? "local" : "remote") +
                 " link-layer address for this packet");
        }
        *htype = hwaddr->htype_;
        *data = threadBytes(hwaddr->hwaddr_.data(), hwaddr->hwaddr_.size(), size);
    }));
}

pykea_status pykea_pkt4_get_hwaddr(pykea_pkt* pkt, int* htype, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(htype);
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = nullptr;
        *size = 0;
        isc::dhcp::HWAddrPtr hwaddr = pkt4Of(pkt).getHWAddr();
        if (!hwaddr) {
            fail(PYKEA_NOT_FOUND, "the packet has no hardware address");
        }
        *htype = hwaddr->htype_;
        *data = threadBytes(hwaddr->hwaddr_.data(), hwaddr->hwaddr_.size(), size);
    }));
}

pykea_status pykea_pkt4_set_hwaddr(pykea_pkt* pkt, int htype, const uint8_t* data, size_t size) {
    return (guarded([&] {
        requireInRange(htype, 0, 255, "hardware type");
        requireInRange(static_cast<int64_t>(size), 0, Pkt4::MAX_CHADDR_LEN, "hardware address length");
        if (size) {
            PYKEA_REQUIRE_ARG(data);
        }
        pkt4Of(pkt).setHWAddr(static_cast<uint8_t>(htype), static_cast<uint8_t>(size),
                              std::vector<uint8_t>(data, data + size));
    }));
}

pykea_status pykea_pkt4_get_header_bytes(pykea_pkt* pkt, int which, const uint8_t** data,
                                         size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = threadBytes(headerBytes(pkt4Of(pkt), which), size);
    }));
}

pykea_status pykea_pkt4_set_header_bytes(pykea_pkt* pkt, int which, const uint8_t* data, size_t size) {
    return (guarded([&] {
        Pkt4& packet = pkt4Of(pkt);
        size_t limit = which == PYKEA_PKT4_SNAME ? Pkt4::MAX_SNAME_LEN : Pkt4::MAX_FILE_LEN;
        requireInRange(which, PYKEA_PKT4_SNAME, PYKEA_PKT4_FILE, "header field (0 sname, 1 file)");
        requireInRange(static_cast<int64_t>(size), 0, static_cast<int64_t>(limit), "length");
        std::vector<uint8_t> padded(data, data + size);
        padded.resize(limit, 0);
        if (which == PYKEA_PKT4_SNAME) {
            packet.setSname(padded.data(), padded.size());
        } else {
            packet.setFile(padded.data(), padded.size());
        }
    }));
}

}  // extern "C"

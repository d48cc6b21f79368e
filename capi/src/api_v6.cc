// The DHCPv6 calls of pykea.h: Pkt6 with its relay levels, IA options, Lease6 and the v6
// callout arguments. The shared pykea_pkt_*, pykea_option_* and pykea_lease_* calls work on
// DHCPv6 objects too.
#include "address.h"
#include "errors.h"
#include "handles.h"

#include <dhcp/dhcp6.h>
#include <dhcp/duid.h>
#include <dhcp/option6_ia.h>
#include <dhcp/option6_iaaddr.h>
#include <dhcp/option6_iaprefix.h>
#include <dhcp/pkt6.h>

using namespace pykea;
using isc::dhcp::Lease;
using isc::dhcp::Lease6;
using isc::dhcp::Lease6CollectionPtr;
using isc::dhcp::Lease6Ptr;
using isc::dhcp::Option6IA;
using isc::dhcp::Option6IAAddr;
using isc::dhcp::Option6IAPrefix;
using isc::dhcp::OptionPtr;
using isc::dhcp::Pkt6;
using isc::dhcp::Pkt6Ptr;

namespace {

Pkt6& pkt6Of(pykea_pkt* handle) {
    Pkt6* pkt = dynamic_cast<Pkt6*>(checked(handle, "pkt").pkt.get());
    if (!pkt) {
        fail(PYKEA_WRONG_TYPE, "this call needs a DHCPv6 packet");
    }
    return (*pkt);
}

const Pkt6::RelayInfo& relayOf(pykea_pkt* handle, size_t level) {
    Pkt6& pkt = pkt6Of(handle);
    if (level >= pkt.relay_info_.size()) {
        fail(PYKEA_NOT_FOUND, "the packet has " + std::to_string(pkt.relay_info_.size()) +
             " relay levels, not " + std::to_string(level + 1));
    }
    return (pkt.relay_info_[level]);
}

Lease6& lease6Of(pykea_lease* handle) {
    Lease6* lease = dynamic_cast<Lease6*>(checked(handle, "lease").lease.get());
    if (!lease) {
        fail(PYKEA_WRONG_TYPE, "this call needs a DHCPv6 lease");
    }
    return (*lease);
}

template <typename Kind>
Kind& optionAs(pykea_option* handle, const char* what) {
    Kind* option = dynamic_cast<Kind*>(checked(handle, "option").option.get());
    if (!option) {
        fail(PYKEA_WRONG_TYPE, std::string("the option is not ") + what);
    }
    return (*option);
}

Lease::Type leaseType(int type) {
    if (type < Lease::TYPE_NA || type > Lease::TYPE_PD) {
        fail(PYKEA_INVALID_ARGUMENT, "lease type must be 0 (NA), 1 (TA) or 2 (PD), not " +
             std::to_string(type));
    }
    return (static_cast<Lease::Type>(type));
}

}  // namespace

extern "C" {

pykea_status pykea_pkt6_new(uint8_t message_type, uint32_t transid, pykea_pkt** pkt) {
    return (guarded([&] {
        requireNonNull(pkt, "pkt");
        *pkt = adopt<pykea_pkt>(boost::make_shared<Pkt6>(message_type, transid));
    }));
}

pykea_status pykea_pkt6_from_wire(const uint8_t* data, size_t size, pykea_pkt** pkt) {
    return (guarded([&] {
        requireNonNull(data, "data");
        requireNonNull(pkt, "pkt");
        *pkt = adopt<pykea_pkt>(boost::make_shared<Pkt6>(data, size));
    }));
}

pykea_status pykea_pkt6_relay_count(pykea_pkt* pkt, size_t* count) {
    return (guarded([&] {
        requireNonNull(count, "count");
        *count = pkt6Of(pkt).relay_info_.size();
    }));
}

pykea_status pykea_pkt6_relay_info(pykea_pkt* pkt, size_t level, int* message_type, int* hop_count,
                                   pykea_address* link_address, pykea_address* peer_address) {
    return (guarded([&] {
        requireNonNull(message_type, "message_type");
        requireNonNull(hop_count, "hop_count");
        const Pkt6::RelayInfo& relay = relayOf(pkt, level);
        *message_type = relay.msg_type_;
        *hop_count = relay.hop_count_;
        toC(relay.linkaddr_, link_address);
        toC(relay.peeraddr_, peer_address);
    }));
}

pykea_status pykea_pkt6_relay_option(pykea_pkt* pkt, size_t level, uint16_t code,
                                     pykea_option** option) {
    return (guarded([&] {
        requireNonNull(option, "option");
        const Pkt6::RelayInfo& relay = relayOf(pkt, level);
        auto found = relay.options_.find(code);
        if (found == relay.options_.end()) {
            fail(PYKEA_NOT_FOUND, "relay level " + std::to_string(level) + " has no option " +
                 std::to_string(code));
        }
        *option = adopt<pykea_option>(found->second);
    }));
}

pykea_status pykea_pkt6_relay_option_codes(pykea_pkt* pkt, size_t level, uint16_t* codes,
                                           size_t capacity, size_t* count) {
    return (guarded([&] {
        requireNonNull(count, "count");
        size_t index = 0;
        for (const auto& entry : relayOf(pkt, level).options_) {
            if (codes && index < capacity) {
                codes[index] = entry.first;
            }
            ++index;
        }
        *count = index;
    }));
}

pykea_status pykea_pkt6_any_relay_option(pykea_pkt* pkt, uint16_t code, int order,
                                         pykea_option** option) {
    return (guarded([&] {
        requireNonNull(option, "option");
        if (order < Pkt6::RELAY_SEARCH_FROM_CLIENT || order > Pkt6::RELAY_GET_LAST) {
            fail(PYKEA_INVALID_ARGUMENT, "search order must be 1 (from client), 2 (from server), "
                 "3 (first relay) or 4 (last relay)");
        }
        OptionPtr found = pkt6Of(pkt).getAnyRelayOption(code,
                                                        static_cast<Pkt6::RelaySearchOrder>(order));
        if (!found) {
            fail(PYKEA_NOT_FOUND, "no relay level has option " + std::to_string(code));
        }
        *option = adopt<pykea_option>(found);
    }));
}

pykea_status pykea_option6_ia_new(uint16_t code, uint32_t iaid, uint32_t t1, uint32_t t2,
                                  pykea_option** option) {
    return (guarded([&] {
        requireNonNull(option, "option");
        if (code != D6O_IA_NA && code != D6O_IA_PD) {
            fail(PYKEA_INVALID_ARGUMENT, "an IA option is IA_NA (3) or IA_PD (25)");
        }
        auto ia = boost::make_shared<Option6IA>(code, iaid);
        ia->setT1(t1);
        ia->setT2(t2);
        *option = adopt<pykea_option>(ia);
    }));
}

pykea_status pykea_option6_ia_get(pykea_option* option, uint32_t* iaid, uint32_t* t1, uint32_t* t2) {
    return (guarded([&] {
        requireNonNull(iaid, "iaid");
        requireNonNull(t1, "t1");
        requireNonNull(t2, "t2");
        Option6IA& ia = optionAs<Option6IA>(option, "an IA_NA or IA_PD");
        *iaid = ia.getIAID();
        *t1 = ia.getT1();
        *t2 = ia.getT2();
    }));
}

pykea_status pykea_option6_ia_set(pykea_option* option, uint32_t iaid, uint32_t t1, uint32_t t2) {
    return (guarded([&] {
        Option6IA& ia = optionAs<Option6IA>(option, "an IA_NA or IA_PD");
        ia.setIAID(iaid);
        ia.setT1(t1);
        ia.setT2(t2);
    }));
}

pykea_status pykea_option6_iaaddr_new(const pykea_address* address, uint8_t prefix_length,
                                      uint32_t preferred, uint32_t valid, pykea_option** option) {
    return (guarded([&] {
        requireNonNull(option, "option");
        isc::asiolink::IOAddress value = fromC(address);
        if (!value.isV6()) {
            fail(PYKEA_INVALID_ARGUMENT, "IAADDR and IAPREFIX hold IPv6 addresses");
        }
        if (prefix_length == 128) {
            *option = adopt<pykea_option>(
                boost::make_shared<Option6IAAddr>(D6O_IAADDR, value, preferred, valid));
        } else {
            *option = adopt<pykea_option>(boost::make_shared<Option6IAPrefix>(
                D6O_IAPREFIX, value, prefix_length, preferred, valid));
        }
    }));
}

pykea_status pykea_option6_iaaddr_get(pykea_option* option, pykea_address* address,
                                      uint8_t* prefix_length, uint32_t* preferred, uint32_t* valid) {
    return (guarded([&] {
        requireNonNull(prefix_length, "prefix_length");
        requireNonNull(preferred, "preferred");
        requireNonNull(valid, "valid");
        Option6IAAddr& iaaddr = optionAs<Option6IAAddr>(option, "an IAADDR or IAPREFIX");
        toC(iaaddr.getAddress(), address);
        auto* prefix = dynamic_cast<Option6IAPrefix*>(&iaaddr);
        *prefix_length = prefix ? prefix->getLength() : 128;
        *preferred = iaaddr.getPreferred();
        *valid = iaaddr.getValid();
    }));
}

pykea_status pykea_lease6_new(int type, const pykea_address* address, uint8_t prefix_length,
                              uint32_t iaid, const uint8_t* duid, size_t duid_size,
                              pykea_lease** lease) {
    return (guarded([&] {
        requireNonNull(lease, "lease");
        requireNonNull(duid, "duid");
        isc::asiolink::IOAddress value = fromC(address);
        if (!value.isV6()) {
            fail(PYKEA_INVALID_ARGUMENT, "a DHCPv6 lease holds an IPv6 address");
        }
        auto created = boost::make_shared<Lease6>(
            leaseType(type), value, boost::make_shared<isc::dhcp::DUID>(duid, duid_size), iaid,
            0, 0, 0, isc::dhcp::HWAddrPtr(), prefix_length);
        *lease = adopt<pykea_lease>(created);
    }));
}

pykea_status pykea_lease6_get(pykea_lease* lease, int* type, uint8_t* prefix_length, uint32_t* iaid,
                              uint32_t* preferred_lft) {
    return (guarded([&] {
        requireNonNull(type, "type");
        requireNonNull(prefix_length, "prefix_length");
        requireNonNull(iaid, "iaid");
        requireNonNull(preferred_lft, "preferred_lft");
        Lease6& target = lease6Of(lease);
        *type = target.type_;
        *prefix_length = target.prefixlen_;
        *iaid = target.iaid_;
        *preferred_lft = target.preferred_lft_;
    }));
}

pykea_status pykea_lease6_set(pykea_lease* lease, int type, uint8_t prefix_length, uint32_t iaid,
                              uint32_t preferred_lft) {
    return (guarded([&] {
        Lease6& target = lease6Of(lease);
        if (prefix_length > 128) {
            fail(PYKEA_INVALID_ARGUMENT, "prefix length must be 0 to 128");
        }
        target.type_ = leaseType(type);
        target.prefixlen_ = prefix_length;
        target.iaid_ = iaid;
        target.preferred_lft_ = preferred_lft;
    }));
}

pykea_status pykea_lease6_get_duid(pykea_lease* lease, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        requireNonNull(data, "data");
        requireNonNull(size, "size");
        const isc::dhcp::DuidPtr& duid = lease6Of(lease).duid_;
        if (!duid) {
            fail(PYKEA_NOT_FOUND, "the lease has no DUID");
        }
        *data = threadBytes(duid->getDuid(), size);
    }));
}

pykea_status pykea_lease6_set_duid(pykea_lease* lease, const uint8_t* data, size_t size) {
    return (guarded([&] {
        requireNonNull(data, "data");
        lease6Of(lease).duid_ = boost::make_shared<isc::dhcp::DUID>(data, size);
    }));
}

pykea_status pykea_handle_get_pkt6(pykea_callout_handle* handle, const char* name, pykea_pkt** pkt) {
    return (guarded([&] {
        requireNonNull(pkt, "pkt");
        Pkt6Ptr value = argument<Pkt6Ptr>(handle, name);
        if (!value) {
            fail(PYKEA_NOT_FOUND, std::string("argument '") + name + "' holds no packet");
        }
        *pkt = adopt<pykea_pkt>(value);
    }));
}

pykea_status pykea_handle_set_pkt6(pykea_callout_handle* handle, const char* name, pykea_pkt* pkt) {
    return (guarded([&] {
        requireNonNull(name, "argument name");
        Pkt6Ptr value = boost::dynamic_pointer_cast<Pkt6>(checked(pkt, "pkt").pkt);
        if (!value) {
            fail(PYKEA_WRONG_TYPE, "a DHCPv4 packet cannot be a DHCPv6 argument");
        }
        setArgument(handle, name, value);
    }));
}

pykea_status pykea_handle_get_lease6(pykea_callout_handle* handle, const char* name,
                                     pykea_lease** lease) {
    return (guarded([&] {
        requireNonNull(lease, "lease");
        Lease6Ptr value = argument<Lease6Ptr>(handle, name);
        *lease = value ? adopt<pykea_lease>(value) : nullptr;
    }));
}

pykea_status pykea_handle_set_lease6(pykea_callout_handle* handle, const char* name,
                                     pykea_lease* lease) {
    return (guarded([&] {
        requireNonNull(name, "argument name");
        Lease6Ptr value;
        if (lease) {
            value = boost::dynamic_pointer_cast<Lease6>(checked(lease, "lease").lease);
            if (!value) {
                fail(PYKEA_WRONG_TYPE, "a DHCPv4 lease cannot be a DHCPv6 argument");
            }
        }
        setArgument(handle, name, value);
    }));
}

pykea_status pykea_handle_get_lease6_list(pykea_callout_handle* handle, const char* name,
                                          pykea_lease_list** leases) {
    return (guarded([&] {
        requireNonNull(leases, "leases");
        Lease6CollectionPtr collection = argument<Lease6CollectionPtr>(handle, name);
        std::vector<isc::dhcp::LeasePtr> items;
        if (collection) {
            items.assign(collection->begin(), collection->end());
        }
        *leases = adopt<pykea_lease_list>(std::move(items));
    }));
}

pykea_status pykea_handle_get_option(pykea_callout_handle* handle, const char* name,
                                     pykea_option** option) {
    return (guarded([&] {
        requireNonNull(option, "option");
        isc::dhcp::Option6IAPtr value = argument<isc::dhcp::Option6IAPtr>(handle, name);
        *option = value ? adopt<pykea_option>(value) : nullptr;
    }));
}

}  // extern "C"

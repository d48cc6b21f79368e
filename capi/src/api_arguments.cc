// The DHCPv6 typed callout arguments of pykea.h: Pkt6Ptr, Lease6Ptr, Lease6CollectionPtr and
// Option6IAPtr, apart from api_handle.cc until they join their DHCPv4 counterparts there
// (docs/STRUCTURE_TODO.md).
#include "args.h"
#include "errors.h"
#include "handles.h"

#include <dhcp/option6_ia.h>
#include <dhcp/pkt6.h>
#include <dhcpsrv/lease.h>

using namespace pykea;
using isc::dhcp::Lease6;
using isc::dhcp::Lease6CollectionPtr;
using isc::dhcp::Lease6Ptr;
using isc::dhcp::Pkt6;
using isc::dhcp::Pkt6Ptr;

extern "C" {

pykea_status pykea_handle_get_pkt6(pykea_callout_handle* handle, const char* name, pykea_pkt** pkt) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(pkt);
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
        PYKEA_REQUIRE_ARG(lease);
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
        PYKEA_REQUIRE_ARG(leases);
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
        PYKEA_REQUIRE_ARG(option);
        isc::dhcp::Option6IAPtr value = argument<isc::dhcp::Option6IAPtr>(handle, name);
        *option = value ? adopt<pykea_option>(value) : nullptr;
    }));
}

}  // extern "C"

// The IA calls of pykea.h: identity associations. IA_NA/IA_PD options (Option6IA) with their
// IAADDR/IAPREFIX options, and what a Lease6 holds of its IA: lease type, IAID, prefix length,
// preferred lifetime and the client's DUID. The shared pykea_lease_* calls are in api_lease.cc.
#include "address.h"
#include "args.h"
#include "errors.h"
#include "handles.h"
#include "kea_enums.h"

#include <dhcp/dhcp6.h>
#include <dhcp/duid.h>
#include <dhcp/option6_ia.h>
#include <dhcp/option6_iaaddr.h>
#include <dhcp/option6_iaprefix.h>

using namespace pykea;
using isc::dhcp::Lease6;
using isc::dhcp::Option6IA;
using isc::dhcp::Option6IAAddr;
using isc::dhcp::Option6IAPrefix;

namespace {

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

}  // namespace

extern "C" {

pykea_status pykea_option6_ia_new(uint16_t code, uint32_t iaid, uint32_t t1, uint32_t t2,
                                  pykea_option** option) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(option);
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
        PYKEA_REQUIRE_ARG(iaid);
        PYKEA_REQUIRE_ARG(t1);
        PYKEA_REQUIRE_ARG(t2);
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
        PYKEA_REQUIRE_ARG(option);
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
        PYKEA_REQUIRE_ARG(prefix_length);
        PYKEA_REQUIRE_ARG(preferred);
        PYKEA_REQUIRE_ARG(valid);
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
        PYKEA_REQUIRE_ARG(lease);
        PYKEA_REQUIRE_ARG(duid);
        isc::asiolink::IOAddress value = fromC(address);
        if (!value.isV6()) {
            fail(PYKEA_INVALID_ARGUMENT, "a DHCPv6 lease holds an IPv6 address");
        }
        auto created = boost::make_shared<Lease6>(
            leaseTypeOf(type, PYKEA_LEASE_TYPE_PD, "lease type"), value,
            boost::make_shared<isc::dhcp::DUID>(duid, duid_size), iaid, 0, 0, 0,
            isc::dhcp::HWAddrPtr(), prefix_length);
        *lease = adopt<pykea_lease>(created);
    }));
}

pykea_status pykea_lease6_get(pykea_lease* lease, int* type, uint8_t* prefix_length, uint32_t* iaid,
                              uint32_t* preferred_lft) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(type);
        PYKEA_REQUIRE_ARG(prefix_length);
        PYKEA_REQUIRE_ARG(iaid);
        PYKEA_REQUIRE_ARG(preferred_lft);
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
        target.type_ = leaseTypeOf(type, PYKEA_LEASE_TYPE_PD, "lease type");
        target.prefixlen_ = prefix_length;
        target.iaid_ = iaid;
        target.preferred_lft_ = preferred_lft;
    }));
}

pykea_status pykea_lease6_get_duid(pykea_lease* lease, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = nullptr;
        *size = 0;
        const isc::dhcp::DuidPtr& duid = lease6Of(lease).duid_;
        if (!duid) {
            fail(PYKEA_NOT_FOUND, "the lease has no DUID");
        }
        *data = threadBytes(duid->getDuid(), size);
    }));
}

pykea_status pykea_lease6_set_duid(pykea_lease* lease, const uint8_t* data, size_t size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        lease6Of(lease).duid_ = boost::make_shared<isc::dhcp::DUID>(data, size);
    }));
}

}  // extern "C"

// kea_enums.h -- the enums of pykea.h that carry Kea's own values, checked against Kea when the
// library is built, and the checked conversions of an int argument to Kea's type.
#ifndef PYKEA_KEA_ENUMS_H
#define PYKEA_KEA_ENUMS_H

#include "args.h"

#include <dhcpsrv/host.h>
#include <dhcpsrv/lease.h>

#include <cstdint>
#include <string>

namespace pykea {

// Whether an enumerator of pykea.h has the value of Kea's constant (compared as integers, as
// the two are of different enum types).
template <typename Ours, typename Keas>
constexpr bool sameValue(Ours ours, Keas keas) {
    return (static_cast<int64_t>(ours) == static_cast<int64_t>(keas));
}

static_assert(sameValue(PYKEA_LEASE_TYPE_NA, isc::dhcp::Lease::TYPE_NA) &&
              sameValue(PYKEA_LEASE_TYPE_TA, isc::dhcp::Lease::TYPE_TA) &&
              sameValue(PYKEA_LEASE_TYPE_PD, isc::dhcp::Lease::TYPE_PD) &&
              sameValue(PYKEA_LEASE_TYPE_V4, isc::dhcp::Lease::TYPE_V4),
              "pykea_lease_type is Lease::Type");
// pykea_lease_state cannot be checked here: Kea defines Lease::STATE_* in lease.cc.
static_assert(sameValue(PYKEA_IDENTIFIER_HWADDR, isc::dhcp::Host::IDENT_HWADDR) &&
              sameValue(PYKEA_IDENTIFIER_DUID, isc::dhcp::Host::IDENT_DUID) &&
              sameValue(PYKEA_IDENTIFIER_CIRCUIT_ID, isc::dhcp::Host::IDENT_CIRCUIT_ID) &&
              sameValue(PYKEA_IDENTIFIER_CLIENT_ID, isc::dhcp::Host::IDENT_CLIENT_ID) &&
              sameValue(PYKEA_IDENTIFIER_FLEX, isc::dhcp::Host::IDENT_FLEX) &&
              sameValue(PYKEA_IDENTIFIER_FLEX, isc::dhcp::Host::LAST_IDENTIFIER_TYPE),
              "pykea_identifier_type is Host::IdentifierType");
static_assert(sameValue(PYKEA_SUBNET_ID_GLOBAL, isc::dhcp::SUBNET_ID_GLOBAL) &&
              sameValue(PYKEA_SUBNET_ID_UNUSED, isc::dhcp::SUBNET_ID_UNUSED),
              "Kea's special subnet ids");

// A pykea_lease_type from PYKEA_LEASE_TYPE_NA to `last` (PYKEA_LEASE_TYPE_PD for DHCPv6 leases,
// PYKEA_LEASE_TYPE_V4 for pools).
inline isc::dhcp::Lease::Type leaseTypeOf(int type, pykea_lease_type last, const char* what) {
    if (type < PYKEA_LEASE_TYPE_NA || type > last) {
        fail(PYKEA_INVALID_ARGUMENT, std::string(what) + " must be " +
             (last == PYKEA_LEASE_TYPE_V4 ? "0 (NA), 1 (TA), 2 (PD) or 3 (V4)"
                                          : "0 (NA), 1 (TA) or 2 (PD)") +
             ", not " + std::to_string(type));
    }
    return (static_cast<isc::dhcp::Lease::Type>(type));
}

inline isc::dhcp::Host::IdentifierType identifierTypeOf(int id_type) {
    if (id_type < PYKEA_IDENTIFIER_HWADDR || id_type > PYKEA_IDENTIFIER_FLEX) {
        fail(PYKEA_INVALID_ARGUMENT, "identifier type " + std::to_string(id_type) +
             " is not hw-address (0), duid (1), circuit-id (2), client-id (3) or flex-id (4)");
    }
    return (static_cast<isc::dhcp::Host::IdentifierType>(id_type));
}

}  // namespace pykea

#endif

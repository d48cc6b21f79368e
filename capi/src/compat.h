// compat.h -- the one place where pykea's shim deals with differences between Kea releases.
//
// Kea has no numeric version macro (KEA_HOOKS_VERSION is a const int), so releases are told apart
// by headers that appeared in them: asiolink/io_service_mgr.h (2.6) and dhcpsrv/ddns_params.h (3.0).
// Debian's Kea 2.2 kea-dev lacks dhcpsrv/cfg_globals.h, so anything needing dhcpsrv/subnet.h is
// compiled only where that header exists.
#ifndef PYKEA_COMPAT_H
#define PYKEA_COMPAT_H

#if __has_include(<dhcpsrv/ddns_params.h>)
#define PYKEA_KEA_SERIES 300
#elif __has_include(<asiolink/io_service_mgr.h>)
#define PYKEA_KEA_SERIES 206
#else
#define PYKEA_KEA_SERIES 202
#endif

#if __has_include(<dhcpsrv/cfg_globals.h>)
#define PYKEA_HAVE_SUBNETS 1
#else
#define PYKEA_HAVE_SUBNETS 0
#endif

#include <dhcp/pkt.h>
#include <dhcpsrv/lease.h>
#include <hooks/hooks_manager.h>

#if PYKEA_HAVE_SUBNETS
#include <dhcpsrv/subnet.h>
#endif

#include <string>
#include <vector>

namespace pykea {
namespace compat {

// The type Kea passes as the "subnet4"/"subnet6" argument.
#if PYKEA_HAVE_SUBNETS
#if PYKEA_KEA_SERIES >= 300
using Subnet4Arg = isc::dhcp::ConstSubnet4Ptr;
using Subnet6Arg = isc::dhcp::ConstSubnet6Ptr;
#else
using Subnet4Arg = isc::dhcp::Subnet4Ptr;
using Subnet6Arg = isc::dhcp::Subnet6Ptr;
#endif
#endif

// Lease::pool_id_ appeared in 2.6.
inline bool leasePoolId(const isc::dhcp::Lease& lease, uint32_t& value) {
#if PYKEA_KEA_SERIES >= 206
    value = lease.pool_id_;
    return (true);
#else
    (void)lease; (void)value;
    return (false);
#endif
}

inline bool setLeasePoolId(isc::dhcp::Lease& lease, uint32_t value) {
#if PYKEA_KEA_SERIES >= 206
    lease.pool_id_ = value;
    return (true);
#else
    (void)lease; (void)value;
    return (false);
#endif
}

// Lease4::remote_id_ and relay_id_ appeared in 2.6; null when this Kea lacks them.
inline std::vector<uint8_t>* lease4Bytes(isc::dhcp::Lease4& lease, int field) {
#if PYKEA_KEA_SERIES >= 206
    return (field == 0 ? &lease.remote_id_ : &lease.relay_id_);
#else
    (void)lease; (void)field;
    return (nullptr);
#endif
}

// HooksManager::loadLibraries gained the multi-threading flag in 2.4.
inline bool loadLibraries(const isc::hooks::HookLibsCollection& libraries, bool multi_threading) {
#if PYKEA_KEA_SERIES >= 206
    return (isc::hooks::HooksManager::loadLibraries(libraries, multi_threading));
#else
    (void)multi_threading;
    return (isc::hooks::HooksManager::loadLibraries(libraries));
#endif
}

inline const char* keaSeriesName() {
#if PYKEA_KEA_SERIES >= 300
    return ("3.0");
#elif PYKEA_KEA_SERIES >= 206
    return ("2.6");
#else
    return ("2.2");
#endif
}

}  // namespace compat
}  // namespace pykea

#endif

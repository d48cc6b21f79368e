// compat.h -- the one place where pykea's shim deals with differences between Kea releases
// (2.2, 2.6 and 3.0): every #if on the Kea release is here, and so is the table of features this
// build has (FEATURES). The rest of capi/ calls the helpers below.
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
#include <dhcpsrv/base_host_data_source.h>
#include <dhcpsrv/cfg_option.h>
#include <dhcpsrv/lease.h>
#include <hooks/callout_handle.h>
#include <hooks/hooks_manager.h>

#if PYKEA_HAVE_SUBNETS
#include <dhcpsrv/host_mgr.h>
#include <dhcpsrv/subnet.h>
#endif

#include <cstdint>
#include <string>
#include <vector>

namespace pykea {
namespace compat {

// What this build can do with this Kea, and why not where it cannot: pykea_feature_available(),
// pykea.features and `pykea info` report this table.
struct Feature {
    const char* name;
    bool available;
    const char* reason;     // why it is unavailable; shown only when it is
};

inline constexpr const char* SUBNETS_MISSING =
    "this Kea's kea-dev lacks dhcpsrv/cfg_globals.h, which dhcpsrv/subnet.h includes, so subnet "
    "arguments cannot be read";

inline constexpr const char* HOST_MANAGER_MISSING =
    "this Kea's kea-dev (Debian's Kea 2.2) lacks dhcpsrv/cfg_globals.h, which dhcpsrv/host_mgr.h "
    "includes, so the host manager (HostMgr) cannot be reached";

inline constexpr Feature FEATURES[] = {
    {"subnets", PYKEA_HAVE_SUBNETS, SUBNETS_MISSING},
    {"host-manager", PYKEA_HAVE_SUBNETS, HOST_MANAGER_MISSING},
    {"lease-pool-id", PYKEA_KEA_SERIES >= 206, "Lease::pool_id_ appeared in Kea 2.6"},
    {"lease4-remote-relay-id", PYKEA_KEA_SERIES >= 206,
     "Lease4::remote_id_ and relay_id_ appeared in Kea 2.6"},
    {"park-select", PYKEA_KEA_SERIES >= 206,
     "Kea before 2.6 honours PARK only at leases4_committed and leases6_committed"},
    {"multi-threading-default", PYKEA_KEA_SERIES >= 206,
     "Kea before 2.6 runs single-threaded unless enable-multi-threading is set"},
};

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

// Reads the subnet Kea passed as argument ``name``: its id (0 when Kea passed none) and its
// prefix. False when this Kea's headers cannot describe subnets (see SUBNETS_MISSING). Throws
// as CalloutHandle::getArgument does.
inline bool subnet4Argument(const isc::hooks::CalloutHandle& handle, const std::string& name,
                            uint32_t& id, std::string& prefix) {
#if PYKEA_HAVE_SUBNETS
    Subnet4Arg subnet;
    handle.getArgument(name, subnet);
    id = subnet ? subnet->getID() : 0;
    prefix = subnet ? subnet->toText() : "";
    return (true);
#else
    (void)handle; (void)name; (void)id; (void)prefix;
    return (false);
#endif
}

// Kea's HostMgr through the BaseHostDataSource interface it implements (lookups in the
// configuration's reservations and the hosts-database; changes in the hosts-database only);
// null where host_mgr.h does not compile (see HOST_MANAGER_MISSING).
inline isc::dhcp::BaseHostDataSource* hostManager() {
#if PYKEA_HAVE_SUBNETS
    return (&isc::dhcp::HostMgr::instance());
#else
    return (nullptr);
#endif
}

// CfgOption::add gained the "cancelled" flag (never-send) after 2.2.
inline void addOption(isc::dhcp::CfgOption& options, const isc::dhcp::OptionPtr& option,
                      bool always_send, const std::string& space) {
#if PYKEA_KEA_SERIES >= 206
    options.add(option, always_send, false, space);
#else
    options.add(option, always_send, space);
#endif
}

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

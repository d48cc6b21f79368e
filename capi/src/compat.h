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

#include <boost/make_shared.hpp>
#include <cc/data.h>
#include <dhcp/option_definition.h>
// Kea 3.0's dhcpsrv/srv_config.h (and cfgmgr.h) reach asiolink/crypto_tls.h, which includes the
// TLS library's headers; Debian's kea-dev does not pull in libssl-dev.
#if PYKEA_HAVE_SUBNETS && (PYKEA_KEA_SERIES < 300 || __has_include(<openssl/ssl.h>))
#define PYKEA_HAVE_SERVER_CONFIG 1
#else
#define PYKEA_HAVE_SERVER_CONFIG 0
#endif

#include <dhcp/pkt.h>
#include <dhcpsrv/base_host_data_source.h>
#include <dhcpsrv/cfg_option.h>
#include <dhcpsrv/lease.h>
#include <hooks/callout_handle.h>
#include <hooks/hooks_manager.h>

#if PYKEA_HAVE_SUBNETS
#include <dhcpsrv/d2_client_cfg.h>
#include <dhcpsrv/host_mgr.h>
#include <dhcpsrv/subnet.h>
#if PYKEA_KEA_SERIES >= 300
#include <dhcpsrv/ddns_params.h>
#else
#include <dhcpsrv/srv_config.h>     // DdnsParams, before Kea 3.0
#endif
#endif
#if PYKEA_HAVE_SERVER_CONFIG
#include <config.h>     // Kea's: Kea 3.0's crypto_tls.h wants it first
#include <dhcpsrv/cfgmgr.h>
#include <dhcpsrv/srv_config.h>
#endif
#include <dhcpsrv/network_state.h>

#include <stats/observation.h>
// isc::util::str (quotedStringToBinary, ...): util/str.h from Kea 2.6, util/strutil.h before.
#if __has_include(<util/str.h>)
#include <util/str.h>
#else
#include <util/strutil.h>
#endif

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

// Stand-ins for the C calls a build cannot offer (see FEATURES): each answers PYKEA_UNSUPPORTED
// with ``why`` (a std::string naming the Kea release and the reason); the free functions accept
// what no call can have handed out.
#define PYKEA_UNAVAILABLE(why, name, ...) \
    pykea_status name(__VA_ARGS__) { return (pykea::recordError(PYKEA_UNSUPPORTED, why)); }
#define PYKEA_FREE_NOTHING(name, ...) pykea_status name(__VA_ARGS__) { return (PYKEA_OK); }

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
    "this Kea's kea-dev lacks dhcpsrv/cfg_globals.h, which dhcpsrv/subnet.h includes, so subnets, "
    "shared networks and DDNS parameters cannot be read";

inline constexpr const char* SERVER_CONFIG_MISSING =
#if PYKEA_HAVE_SUBNETS
    "Kea 3.0's dhcpsrv/srv_config.h includes its TLS headers, which need OpenSSL's: install "
    "libssl-dev and rebuild pykea to read the server configuration";
#else
    "this Kea's kea-dev lacks dhcpsrv/cfg_globals.h, which dhcpsrv/srv_config.h includes, so the "
    "server configuration cannot be read";
#endif

inline constexpr const char* LEASE_DATABASE_MISSING =
    "Kea 2.2's kea-dev (Debian 12) lacks dhcpsrv/cfg_globals.h, which dhcpsrv/lease_mgr.h needs "
    "(through dhcpsrv/subnet.h), so pykea cannot reach the lease database (LeaseMgr) there";

inline constexpr const char* HOST_MANAGER_MISSING =
    "this Kea's kea-dev (Debian's Kea 2.2) lacks dhcpsrv/cfg_globals.h, which dhcpsrv/host_mgr.h "
    "includes, so the host manager (HostMgr) cannot be reached";

inline constexpr Feature FEATURES[] = {
    {"subnets", PYKEA_HAVE_SUBNETS, SUBNETS_MISSING},
    {"lease-database", PYKEA_HAVE_SUBNETS, LEASE_DATABASE_MISSING},
    {"server-config", PYKEA_HAVE_SERVER_CONFIG, SERVER_CONFIG_MISSING},
    {"host-manager", PYKEA_HAVE_SUBNETS, HOST_MANAGER_MISSING},
    {"config-backend", PYKEA_HAVE_SERVER_CONFIG, SERVER_CONFIG_MISSING},
    {"ddns", PYKEA_HAVE_SERVER_CONFIG, SERVER_CONFIG_MISSING},
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

// The subnet to pass back as a "subnet4"/"subnet6" argument: Kea 3.0 takes a pointer to const,
// earlier Kea a pointer to a mutable subnet (the one in the configuration, which pykea only
// reads).
template <typename Arg>
Arg subnetArgument(const boost::shared_ptr<const isc::dhcp::Subnet>& subnet) {
    using Kind = typename Arg::element_type;
    return (boost::const_pointer_cast<Kind>(boost::dynamic_pointer_cast<const Kind>(subnet)));
}

// The subnet's own client classes: Kea 3.0 has a list (client-classes), earlier Kea one class
// (client-class).
inline std::vector<std::string> subnetClientClasses(const isc::dhcp::Subnet& subnet) {
    std::vector<std::string> names;
#if PYKEA_KEA_SERIES >= 300
    for (const auto& name : subnet.getClientClasses()) {
        names.push_back(name);
    }
#else
    auto name = subnet.getClientClass(isc::dhcp::Network::Inheritance::NONE);
    if (!name.unspecified() && !name.get().empty()) {
        names.push_back(name.get());
    }
#endif
    return (names);
}

// DdnsParams getters as a map; the ddns-ttl, -min and -max getters appeared in Kea 3.0.
inline isc::data::ElementPtr ddnsParamsElement(const isc::dhcp::DdnsParams& params) {
    using isc::data::Element;
    isc::data::ElementPtr map = Element::createMap();
    map->set("enable_updates", Element::create(params.getEnableUpdates()));
    map->set("override_no_update", Element::create(params.getOverrideNoUpdate()));
    map->set("override_client_update", Element::create(params.getOverrideClientUpdate()));
    map->set("replace_client_name", Element::create(
        isc::dhcp::D2ClientConfig::replaceClientNameModeToString(params.getReplaceClientNameMode())));
    map->set("generated_prefix", Element::create(params.getGeneratedPrefix()));
    map->set("qualifying_suffix", Element::create(params.getQualifyingSuffix()));
    map->set("hostname_char_set", Element::create(params.getHostnameCharSet()));
    map->set("hostname_char_replacement", Element::create(params.getHostnameCharReplacement()));
    map->set("update_on_renew", Element::create(params.getUpdateOnRenew()));
    map->set("conflict_resolution_mode", Element::create(params.getConflictResolutionMode()));
    map->set("subnet_id", Element::create(static_cast<long long>(params.getSubnetId())));
    if (!params.getTtlPercent().unspecified()) {
        map->set("ttl_percent", Element::create(params.getTtlPercent().get()));
    }
#if PYKEA_KEA_SERIES >= 300
    for (auto [key, value] : {std::pair{"ttl", params.getTtl()}, {"ttl_min", params.getTtlMin()},
                              {"ttl_max", params.getTtlMax()}}) {
        if (!value.unspecified()) {
            map->set(key, Element::create(static_cast<long long>(value.get())));
        }
    }
#endif
    return (map);
}
#endif

// NetworkState::disableService/enableService take an Origin enum before Kea 2.6 and an unsigned
// origin from 2.6 on; pykea acts as a user command (like dhcp-disable and dhcp-enable).
inline void setServiceEnabled(isc::dhcp::NetworkState& state, bool enabled) {
#if PYKEA_KEA_SERIES >= 206
    const unsigned int origin = isc::dhcp::NetworkState::USER_COMMAND;
#else
    const auto origin = isc::dhcp::NetworkState::Origin::USER_COMMAND;
#endif
    if (enabled) {
        state.enableService(origin);
    } else {
        state.disableService(origin);
    }
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

// Where Kea lets a command write a data file: from Kea 2.6.3 (the matrix's 2.6) only in its data
// directory (CfgMgr::validatePath, the check lease_cmds' lease4-write makes), before anywhere.
// Throws std::invalid_argument with Kea's reason; without cfgmgr.h (SERVER_CONFIG_MISSING) it
// cannot check and refuses.
inline std::string allowedDataPath(const std::string& path) {
#if PYKEA_HAVE_SERVER_CONFIG && PYKEA_KEA_SERIES >= 206
    try {
        return (isc::dhcp::CfgMgr::instance().validatePath(path));
    } catch (const std::exception& e) {
        throw std::invalid_argument(e.what());
    }
#elif PYKEA_HAVE_SERVER_CONFIG
    return (path);
#else
    (void)path;
    throw std::invalid_argument(SERVER_CONFIG_MISSING);
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

// Observation::Type gained STAT_BIG_INTEGER in 2.6, at position 1, which shifted the numbers of
// the later types: compare by name only. Big integers (int128) come out as decimal text.
inline bool observationIsBigInteger(const isc::stats::Observation& observation, std::string& text) {
#if PYKEA_KEA_SERIES >= 206
    if (observation.getType() == isc::stats::Observation::STAT_BIG_INTEGER) {
        text = observation.getBigInteger().first.str();
        return (true);
    }
#endif
    (void)observation; (void)text;
    return (false);
}

inline bool definitionMatches(const isc::dhcp::OptionDefinition& def, uint16_t code) {
    return (def.getCode() == code);
}

inline bool definitionMatches(const isc::dhcp::OptionDefinition& def, const std::string& name) {
    return (def.getName() == name);
}

// Kea 2.2 has no definitions of option 82's sub-options (dhcp-agent-options-space);
// Kea 2.6's (std_option_defs.h) stand in for them there. Null where Kea has its own.
template <typename Key>
inline isc::dhcp::OptionDefinitionPtr missingStandardOptionDef(const std::string& space,
                                                               const Key& key) {
#if PYKEA_KEA_SERIES < 206
    using isc::dhcp::OptionDefinition;
    using isc::dhcp::OptionDefinitionPtr;
    static const std::vector<OptionDefinitionPtr> agent_defs = [] {
        const struct { const char* name; uint16_t code; const char* type; } fields[] = {
            {"circuit-id", 1, "binary"}, {"remote-id", 2, "binary"},
            {"docsis-device-class", 4, "uint32"}, {"link-selection", 5, "ipv4-address"},
            {"subscriber-id", 6, "string"}, {"radius", 7, "binary"}, {"auth", 8, "binary"},
            {"vendor-specific-info", 9, "binary"}, {"relay-flags", 10, "uint8"},
            {"server-id-override", 11, "ipv4-address"}, {"relay-id", 12, "binary"},
            {"access-techno-type", 13, "uint16"}, {"access-network-name", 14, "string"},
            {"access-point-name", 15, "string"}, {"access-point-bssid", 16, "binary"},
            {"operator-id", 17, "uint32"}, {"operator-realm", 18, "string"},
            {"relay-port", 19, "uint16"}, {"virtual-subnet-select", 151, "binary"},
            {"virtual-subnet-select-ctrl", 152, "empty"}};
        std::vector<OptionDefinitionPtr> defs;
        for (const auto& field : fields) {
            defs.push_back(boost::make_shared<OptionDefinition>(
                field.name, field.code, "dhcp-agent-options-space", field.type));
        }
        return (defs);
    }();
    if (space == "dhcp-agent-options-space") {
        for (const OptionDefinitionPtr& def : agent_defs) {
            if (definitionMatches(*def, key)) {
                return (def);
            }
        }
    }
#else
    (void)space; (void)key;
#endif
    return (isc::dhcp::OptionDefinitionPtr());
}

// The "hooks-libraries" list of the configuration Kea is parsing (null if it has none), read
// when Kea validates hook libraries (staging_config.cc: Kea 2.2 reaches it another way).
isc::data::ConstElementPtr stagingHooksLibraries();

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

// The server configuration calls of pykea.h: CfgMgr's current and staging SrvConfig, the lookups
// on it (subnets, shared networks, Kea's own subnet selection, globals) and the server_config
// callout argument. Where srv_config.h does not compile (PYKEA_HAVE_SERVER_CONFIG is 0), every
// call answers PYKEA_UNSUPPORTED with the reason.
#include "address.h"
#include "args.h"
#include "compat.h"
#include "errors.h"

using namespace pykea;

#if PYKEA_HAVE_SERVER_CONFIG

#include "subnet_handles.h"

#include <dhcp/pkt6.h>
#include <dhcpsrv/cfgmgr.h>
#include <dhcpsrv/srv_config.h>

using isc::asiolink::IOAddress;
using isc::dhcp::CfgMgr;
using isc::dhcp::CfgSubnets4;
using isc::dhcp::CfgSubnets6;
using isc::dhcp::Network;
using isc::dhcp::Pkt4;
using isc::dhcp::Pkt6;
using isc::dhcp::SrvConfig;

struct pykea_config : pykea::Tracked {
    explicit pykea_config(isc::dhcp::SrvConfigPtr c) : config(std::move(c)) {}
    boost::shared_ptr<void> takeReference() override { return (std::move(config)); }
    isc::dhcp::SrvConfigPtr config;
};

namespace {
const SrvConfig& configOf(pykea_config* handle) {
    return (*checked(handle, "config").config);
}

boost::shared_ptr<const Network> sharedNetworkNamed(const SrvConfig& config, const std::string& name) {
    if (auto network = config.getCfgSharedNetworks4()->getByName(name)) {
        return (network);
    }
    return (config.getCfgSharedNetworks6()->getByName(name));
}

ConstSubnet selectSubnet(const SrvConfig& config, pykea_pkt* query) {
    pykea_pkt& packet = checked(query, "query");
    if (packet.v4) {
        auto pkt = boost::dynamic_pointer_cast<Pkt4>(packet.pkt);
        return (config.getCfgSubnets4()->selectSubnet(CfgSubnets4::initSelector(pkt)));
    }
    auto pkt = boost::dynamic_pointer_cast<Pkt6>(packet.pkt);
    return (config.getCfgSubnets6()->selectSubnet(CfgSubnets6::initSelector(pkt)));
}

}  // namespace

extern "C" {

pykea_status pykea_config_current(pykea_config** config) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(config);
        *config = adopt<pykea_config>(CfgMgr::instance().getCurrentCfg());
    }));
}

pykea_status pykea_config_staging(pykea_config** config) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(config);
        *config = adopt<pykea_config>(CfgMgr::instance().getStagingCfg());
    }));
}

pykea_status pykea_config_free(pykea_config* config) {
    return (freeHandle(config));
}

pykea_status pykea_config_json(pykea_config* config, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        *json = jsonText(configOf(config).toElement());
    }));
}

pykea_status pykea_config_subnets(pykea_config* config, pykea_subnet_list** subnets) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(subnets);
        const SrvConfig& cfg = configOf(config);
        std::vector<ConstSubnet> all = subnetsOf(cfg.getCfgSubnets4()->getAll());
        std::vector<ConstSubnet> v6 = subnetsOf(cfg.getCfgSubnets6()->getAll());
        all.insert(all.end(), v6.begin(), v6.end());
        *subnets = adopt<pykea_subnet_list>(std::move(all));
    }));
}

pykea_status pykea_config_subnet_by_id(pykea_config* config, uint32_t id, pykea_subnet** subnet) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(subnet);
        const SrvConfig& cfg = configOf(config);
        ConstSubnet found = cfg.getCfgSubnets4()->getBySubnetId(id);
        handOutFound(adoptSubnet(found ? found : cfg.getCfgSubnets6()->getBySubnetId(id)), subnet,
                     "no subnet has id " + std::to_string(id));
    }));
}

pykea_status pykea_config_subnet_by_prefix(pykea_config* config, const char* prefix,
                                           pykea_subnet** subnet) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(prefix);
        PYKEA_REQUIRE_ARG(subnet);
        const SrvConfig& cfg = configOf(config);
        bool v6 = std::string(prefix).find(':') != std::string::npos;
        handOutFound(adoptSubnet(v6 ? ConstSubnet(cfg.getCfgSubnets6()->getByPrefix(prefix))
                                    : ConstSubnet(cfg.getCfgSubnets4()->getByPrefix(prefix))),
                     subnet, std::string("no subnet is configured as ") + prefix);
    }));
}

pykea_status pykea_config_subnet_for_address(pykea_config* config, const pykea_address* address,
                                             pykea_subnet** subnet) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(subnet);
        IOAddress wanted = fromC(address);
        const SrvConfig& cfg = configOf(config);
        std::vector<ConstSubnet> candidates = wanted.isV4() ? subnetsOf(cfg.getCfgSubnets4()->getAll())
                                                            : subnetsOf(cfg.getCfgSubnets6()->getAll());
        ConstSubnet found;
        for (const ConstSubnet& candidate : candidates) {
            if (candidate->inRange(wanted)) {
                found = candidate;
                break;
            }
        }
        handOutFound(adoptSubnet(found), subnet, "no subnet holds " + wanted.toText());
    }));
}

pykea_status pykea_config_shared_network_names(pykea_config* config, const char** names) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(names);
        const SrvConfig& cfg = configOf(config);
        std::vector<std::string> found;
        for (const auto& network : *cfg.getCfgSharedNetworks4()->getAll()) {
            found.push_back(network->getName());
        }
        for (const auto& network : *cfg.getCfgSharedNetworks6()->getAll()) {
            found.push_back(network->getName());
        }
        *names = threadText(joinedLines(found));
    }));
}

pykea_status pykea_config_shared_network(pykea_config* config, const char* name,
                                         pykea_shared_network** network) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        PYKEA_REQUIRE_ARG(network);
        auto found = sharedNetworkNamed(configOf(config), name);
        handOutFound(found ? adopt<pykea_shared_network>(found) : nullptr, network,
                     std::string("no shared network is called ") + name);
    }));
}

pykea_status pykea_config_select_subnet(pykea_config* config, pykea_pkt* query, pykea_subnet** subnet) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(subnet);
        handOutFound(adoptSubnet(selectSubnet(configOf(config), query)), subnet,
                     "no subnet fits the query");
    }));
}

pykea_status pykea_config_global(pykea_config* config, const char* name, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        PYKEA_REQUIRE_ARG(json);
        *json = nullptr;
        isc::data::ConstElementPtr value = configOf(config).getConfiguredGlobal(name);
        if (!value) {
            fail(PYKEA_NOT_FOUND, std::string("global parameter ") + name + " is not configured");
        }
        *json = jsonText(value);
    }));
}

pykea_status pykea_handle_get_config(pykea_callout_handle* handle, const char* name,
                                     pykea_config** config) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(config);
        isc::dhcp::SrvConfigPtr value = argument<isc::dhcp::SrvConfigPtr>(handle, name);
        *config = value ? adopt<pykea_config>(value) : nullptr;
    }));
}

}  // extern "C"

#else

namespace {

const std::string UNAVAILABLE = std::string("the server configuration is unavailable with Kea ") +
    compat::keaSeriesName() + ": " + compat::SERVER_CONFIG_MISSING;

}  // namespace

extern "C" {

PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_current, pykea_config **config)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_staging, pykea_config **config)
PYKEA_FREE_NOTHING(pykea_config_free, pykea_config *config)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_json, pykea_config *config, const char **json)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_subnets, pykea_config *config, pykea_subnet_list **subnets)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_subnet_by_id, pykea_config *config, uint32_t id,
                  pykea_subnet **subnet)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_subnet_by_prefix, pykea_config *config, const char *prefix,
                  pykea_subnet **subnet)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_subnet_for_address, pykea_config *config,
                  const pykea_address *address, pykea_subnet **subnet)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_shared_network_names, pykea_config *config, const char **names)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_shared_network, pykea_config *config, const char *name,
                  pykea_shared_network **network)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_select_subnet, pykea_config *config, pykea_pkt *query,
                  pykea_subnet **subnet)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_config_global, pykea_config *config, const char *name, const char **json)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_handle_get_config, pykea_callout_handle *handle, const char *name,
                  pykea_config **config)

}  // extern "C"

#endif

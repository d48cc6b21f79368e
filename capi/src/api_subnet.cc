// The subnet calls of pykea.h: Kea's Subnet4/Subnet6 and SharedNetwork4/6, and the callout
// arguments that carry them (subnet4/subnet6, the subnet collections, ddns-params). Where Kea's
// subnet headers do not compile (PYKEA_HAVE_SUBNETS is 0: Kea 2.2 from Debian), every call
// answers PYKEA_UNSUPPORTED with the reason.
#include "address.h"
#include "args.h"
#include "compat.h"
#include "errors.h"

using namespace pykea;

#if PYKEA_HAVE_SUBNETS

#include "kea_enums.h"
#include "subnet_handles.h"

using isc::asiolink::IOAddress;
using isc::dhcp::Lease;
using isc::dhcp::Network;
using isc::dhcp::Pool6;
using isc::dhcp::SharedNetwork4;
using isc::dhcp::SharedNetwork6;
using isc::dhcp::Subnet;

namespace {
const Subnet& subnetOf(pykea_subnet* handle) {
    return (*checked(handle, "subnet").subnet);
}

isc::util::Triplet<uint32_t> lifetimeOf(pykea_subnet* handle, int which) {
    const Subnet& subnet = subnetOf(handle);
    switch (which) {
    case PYKEA_LIFETIME_VALID: return (subnet.getValid());
    case PYKEA_LIFETIME_T1: return (subnet.getT1());
    case PYKEA_LIFETIME_T2: return (subnet.getT2());
    case PYKEA_LIFETIME_PREFERRED:
        if (!checked(handle, "subnet").v6) {
            fail(PYKEA_WRONG_TYPE, "only DHCPv6 subnets have a preferred lifetime");
        }
        return (checked(handle, "subnet").v6->getPreferred());
    }
    fail(PYKEA_INVALID_ARGUMENT, "unknown lifetime " + std::to_string(which));
}

const isc::dhcp::PoolCollection& poolsOf(pykea_subnet* handle, int type) {
    Lease::Type pool_type = leaseTypeOf(type, PYKEA_LEASE_TYPE_V4, "pool type");
    const Subnet& subnet = subnetOf(handle);
    bool v6 = checked(handle, "subnet").v6 != nullptr;
    if ((pool_type == Lease::TYPE_V4) == v6) {
        fail(PYKEA_WRONG_TYPE, v6 ? "a DHCPv6 subnet has NA, TA and PD pools, not V4 pools"
                                  : "a DHCPv4 subnet has V4 pools only");
    }
    return (subnet.getPools(pool_type));
}

template <typename Body>
auto withSharedNetwork(pykea_shared_network* handle, Body&& body) {
    const Network* network = checked(handle, "shared network").network.get();
    if (auto v4 = dynamic_cast<const SharedNetwork4*>(network)) {
        return (body(*v4));
    }
    return (body(dynamic_cast<const SharedNetwork6&>(*network)));
}

}  // namespace

extern "C" {

pykea_status pykea_subnet_free(pykea_subnet* subnet) {
    return (freeHandle(subnet));
}

pykea_status pykea_subnet_universe(pykea_subnet* subnet, int* universe) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(universe);
        *universe = checked(subnet, "subnet").v6 ? PYKEA_UNIVERSE_V6 : PYKEA_UNIVERSE_V4;
    }));
}

pykea_status pykea_subnet_same(pykea_subnet* a, pykea_subnet* b, int* same) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(same);
        *same = &subnetOf(a) == &subnetOf(b);
    }));
}

pykea_status pykea_subnet_id(pykea_subnet* subnet, uint32_t* id) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(id);
        *id = subnetOf(subnet).getID();
    }));
}

pykea_status pykea_subnet_prefix(pykea_subnet* subnet, pykea_address* prefix, uint8_t* length) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(length);
        auto [address, prefix_length] = subnetOf(subnet).get();
        toC(address, prefix);
        *length = prefix_length;
    }));
}

pykea_status pykea_subnet_lifetime(pykea_subnet* subnet, int which, int* specified, uint32_t* value) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(specified);
        PYKEA_REQUIRE_ARG(value);
        isc::util::Triplet<uint32_t> lifetime = lifetimeOf(subnet, which);
        *specified = !lifetime.unspecified();
        *value = lifetime.unspecified() ? 0 : lifetime.get();
    }));
}

pykea_status pykea_subnet_pool_count(pykea_subnet* subnet, int type, size_t* count) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(count);
        *count = poolsOf(subnet, type).size();
    }));
}

pykea_status pykea_subnet_pool(pykea_subnet* subnet, int type, size_t index, pykea_address* first,
                               pykea_address* last, uint8_t* delegated_length, uint64_t* id) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(delegated_length);
        PYKEA_REQUIRE_ARG(id);
        const isc::dhcp::PoolCollection& pools = poolsOf(subnet, type);
        if (index >= pools.size()) {
            fail(PYKEA_INVALID_ARGUMENT, "pool index " + std::to_string(index) + " is past the end");
        }
        const isc::dhcp::Pool& pool = *pools[index];
        toC(pool.getFirstAddress(), first);
        toC(pool.getLastAddress(), last);
        auto pool6 = dynamic_cast<const Pool6*>(&pool);
        *delegated_length = pool6 ? pool6->getLength() : 32;
        *id = pool.getID();
    }));
}

pykea_status pykea_subnet_shared_network_name(pykea_subnet* subnet, const char** name) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        *name = threadText(subnetOf(subnet).getSharedNetworkName());
    }));
}

pykea_status pykea_subnet_client_classes(pykea_subnet* subnet, const char** names) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(names);
        *names = threadText(joinedLines(compat::subnetClientClasses(subnetOf(subnet))));
    }));
}

pykea_status pykea_subnet_relay_addresses(pykea_subnet* subnet, const char** addresses) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(addresses);
        std::vector<std::string> texts;
        for (const IOAddress& address : subnetOf(subnet).getRelayAddresses()) {
            texts.push_back(address.toText());
        }
        *addresses = threadText(joinedLines(texts));
    }));
}

pykea_status pykea_subnet_user_context(pykea_subnet* subnet, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        *json = jsonText(subnetOf(subnet).getContext());
    }));
}

pykea_status pykea_subnet_options(pykea_subnet* subnet, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        *json = jsonText(subnetOf(subnet).getCfgOption()->toElement());
    }));
}

pykea_status pykea_subnet_in_range(pykea_subnet* subnet, const pykea_address* address, int* in_range) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(in_range);
        *in_range = subnetOf(subnet).inRange(fromC(address));
    }));
}

pykea_status pykea_subnet_json(pykea_subnet* subnet, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        // Subnet::toElement is protected; Subnet4's and Subnet6's overrides are public.
        const isc::data::CfgToElement& element = subnetOf(subnet);
        *json = jsonText(element.toElement());
    }));
}

pykea_status pykea_subnet_list_free(pykea_subnet_list* subnets) {
    return (freeHandle(subnets));
}

pykea_status pykea_subnet_list_size(pykea_subnet_list* subnets, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(size);
        *size = checked(subnets, "subnets").subnets.size();
    }));
}

pykea_status pykea_subnet_list_get(pykea_subnet_list* subnets, size_t index, pykea_subnet** subnet) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(subnet);
        pykea_subnet_list& list = checked(subnets, "subnets");
        if (index >= list.subnets.size()) {
            fail(PYKEA_INVALID_ARGUMENT, "subnet index " + std::to_string(index) + " is past the end");
        }
        *subnet = adopt<pykea_subnet>(list.subnets[index]);
    }));
}

pykea_status pykea_shared_network_free(pykea_shared_network* network) {
    return (freeHandle(network));
}

pykea_status pykea_shared_network_universe(pykea_shared_network* network, int* universe) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(universe);
        *universe = withSharedNetwork(network, [](const auto& shared) {
            return (std::is_same_v<std::decay_t<decltype(shared)>, SharedNetwork4>
                    ? PYKEA_UNIVERSE_V4 : PYKEA_UNIVERSE_V6);
        });
    }));
}

pykea_status pykea_shared_network_name(pykea_shared_network* network, const char** name) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        *name = threadText(withSharedNetwork(network, [](const auto& shared) {
            return (shared.getName());
        }));
    }));
}

pykea_status pykea_shared_network_subnets(pykea_shared_network* network, pykea_subnet_list** subnets) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(subnets);
        *subnets = adopt<pykea_subnet_list>(withSharedNetwork(network, [](const auto& shared) {
            return (subnetsOf(shared.getAllSubnets()));
        }));
    }));
}

pykea_status pykea_shared_network_json(pykea_shared_network* network, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        *json = jsonText(checked(network, "shared network").network->toElement());
    }));
}

pykea_status pykea_handle_get_subnet(pykea_callout_handle* handle, const char* name, int universe,
                                     pykea_subnet** subnet) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(subnet);
        requireUniverse(universe);
        *subnet = adoptSubnet(universe == PYKEA_UNIVERSE_V4
                              ? ConstSubnet(argument<compat::Subnet4Arg>(handle, name))
                              : ConstSubnet(argument<compat::Subnet6Arg>(handle, name)));
    }));
}

pykea_status pykea_handle_set_subnet(pykea_callout_handle* handle, const char* name, int universe,
                                     pykea_subnet* subnet) {
    return (guarded([&] {
        requireUniverse(universe);
        ConstSubnet value = subnet ? checked(subnet, "subnet").subnet : ConstSubnet();
        if (value && (checked(subnet, "subnet").v6 != nullptr) != (universe == PYKEA_UNIVERSE_V6)) {
            fail(PYKEA_WRONG_TYPE, std::string("argument '") + (name ? name : "") + "' takes a DHCPv" +
                 std::to_string(universe) + " subnet");
        }
        if (universe == PYKEA_UNIVERSE_V4) {
            setArgument(handle, name, compat::subnetArgument<compat::Subnet4Arg>(value));
        } else {
            setArgument(handle, name, compat::subnetArgument<compat::Subnet6Arg>(value));
        }
    }));
}

pykea_status pykea_handle_get_subnet_list(pykea_callout_handle* handle, const char* name,
                                          int universe, pykea_subnet_list** subnets) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(subnets);
        requireUniverse(universe);
        *subnets = adopt<pykea_subnet_list>(
            universe == PYKEA_UNIVERSE_V4
            ? subnetsOf(argument<const isc::dhcp::Subnet4Collection*>(handle, name))
            : subnetsOf(argument<const isc::dhcp::Subnet6Collection*>(handle, name)));
    }));
}

pykea_status pykea_handle_get_ddns_params(pykea_callout_handle* handle, const char* name,
                                          const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        isc::dhcp::DdnsParamsPtr params = argument<isc::dhcp::DdnsParamsPtr>(handle, name);
        *json = jsonText(params ? compat::ddnsParamsElement(*params) : isc::data::ConstElementPtr());
    }));
}

}  // extern "C"

#else

namespace {

const std::string UNAVAILABLE = std::string("subnets are unavailable with Kea ") +
    compat::keaSeriesName() + ": " + compat::SUBNETS_MISSING;

}  // namespace

extern "C" {

PYKEA_FREE_NOTHING(pykea_subnet_free, pykea_subnet *subnet)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_universe, pykea_subnet *subnet, int *universe)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_same, pykea_subnet *a, pykea_subnet *b, int *same)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_id, pykea_subnet *subnet, uint32_t *id)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_prefix, pykea_subnet *subnet, pykea_address *prefix, uint8_t *length)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_lifetime, pykea_subnet *subnet, int which, int *specified,
                  uint32_t *value)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_pool_count, pykea_subnet *subnet, int type, size_t *count)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_pool, pykea_subnet *subnet, int type, size_t index,
                  pykea_address *first, pykea_address *last, uint8_t *delegated_length, uint64_t *id)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_shared_network_name, pykea_subnet *subnet, const char **name)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_client_classes, pykea_subnet *subnet, const char **names)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_relay_addresses, pykea_subnet *subnet, const char **addresses)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_user_context, pykea_subnet *subnet, const char **json)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_options, pykea_subnet *subnet, const char **json)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_in_range, pykea_subnet *subnet, const pykea_address *address,
                  int *in_range)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_json, pykea_subnet *subnet, const char **json)
PYKEA_FREE_NOTHING(pykea_subnet_list_free, pykea_subnet_list *subnets)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_list_size, pykea_subnet_list *subnets, size_t *size)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_subnet_list_get, pykea_subnet_list *subnets, size_t index,
                  pykea_subnet **subnet)
PYKEA_FREE_NOTHING(pykea_shared_network_free, pykea_shared_network *network)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_shared_network_universe, pykea_shared_network *network, int *universe)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_shared_network_name, pykea_shared_network *network, const char **name)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_shared_network_subnets, pykea_shared_network *network,
                  pykea_subnet_list **subnets)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_shared_network_json, pykea_shared_network *network, const char **json)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_handle_get_subnet, pykea_callout_handle *handle, const char *name,
                  int universe, pykea_subnet **subnet)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_handle_set_subnet, pykea_callout_handle *handle, const char *name,
                  int universe, pykea_subnet *subnet)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_handle_get_subnet_list, pykea_callout_handle *handle, const char *name,
                  int universe, pykea_subnet_list **subnets)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_handle_get_ddns_params, pykea_callout_handle *handle, const char *name,
                  const char **json)

}  // extern "C"

#endif

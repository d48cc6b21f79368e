// The configuration backend calls of pykea.h: Kea's ConfigBackendDHCPv4Mgr/DHCPv6Mgr pools
// (servers, subnets, shared networks, option definitions, global options, client classes,
// global parameters, read and written under a ServerSelector) and Kea's own parsers for those
// objects written in its configuration syntax. The backends are those the server's
// config-control names (a backend hook library such as libdhcp_pgsql_cb.so registers them).
#include "args.h"
#include "compat.h"
#include "errors.h"
#include "handles.h"

using namespace pykea;

#if PYKEA_HAVE_SERVER_CONFIG

#include <cc/server_tag.h>
#include <cc/simple_parser.h>
#include <cc/stamped_value.h>
#include <database/backend_selector.h>
#include <database/server.h>
#include <database/server_selector.h>
#include <dhcpsrv/cfg_option_def.h>
#include <dhcpsrv/client_class_def.h>
#include <dhcpsrv/config_backend_dhcp4_mgr.h>
#include <dhcpsrv/config_backend_dhcp6_mgr.h>
#include <dhcpsrv/parsers/client_class_def_parser.h>
#include <dhcpsrv/parsers/dhcp_parsers.h>
#include <dhcpsrv/parsers/option_data_parser.h>
#include <dhcpsrv/parsers/shared_network_parser.h>
#include <dhcpsrv/parsers/simple_parser4.h>
#include <dhcpsrv/parsers/simple_parser6.h>

#include <asiolink/addr_utilities.h>
#include <asiolink/io_address.h>

#include <set>
#include <sstream>

using isc::data::ConstElementPtr;
using isc::data::Element;
using isc::data::ElementPtr;
using isc::data::ServerTag;
using isc::data::SimpleParser;
using isc::data::StampedValue;
using isc::data::StampedValuePtr;
using isc::db::BackendSelector;
using isc::db::Server;
using isc::db::ServerPtr;
using isc::db::ServerSelector;
using namespace isc::dhcp;

// One object of the configuration backend. Only the member of its kind is set.
struct CbItem {
    int universe = PYKEA_UNIVERSE_V4;
    int kind = PYKEA_CB_SERVER;
    ServerPtr server;
    SubnetPtr subnet;
    NetworkPtr network;     // a SharedNetwork4 or SharedNetwork6
    OptionDefinitionPtr option_def;
    OptionDescriptorPtr option;
    ClientClassDefPtr client_class;
    StampedValuePtr parameter;
};
using CbItemPtr = boost::shared_ptr<CbItem>;

struct pykea_cb_object : pykea::Tracked {
    explicit pykea_cb_object(CbItemPtr i) : item(std::move(i)) {}
    boost::shared_ptr<void> takeReference() override { return (std::move(item)); }
    CbItemPtr item;
};

struct pykea_cb_list : pykea::Tracked {
    explicit pykea_cb_list(std::vector<CbItemPtr> i) : items(std::move(i)) {}
    boost::shared_ptr<void> takeReference() override {
        return (boost::make_shared<std::vector<CbItemPtr>>(std::move(items)));
    }
    std::vector<CbItemPtr> items;
};

namespace {

const CbItem& itemOf(pykea_cb_object* object) {
    return (*checked(object, "configuration backend object").item);
}

void requireKind(int kind) {
    requireInRange(kind, PYKEA_CB_SERVER, PYKEA_CB_GLOBAL_PARAMETER, "kind");
}

std::string textOf(const char* text, const char* what) {
    requireNonNull(text, what);
    return (text);
}

// Kea's ServerSelector from a pykea_cb_servers and '\n'-joined tags.
ServerSelector selectorOf(int servers, const char* tags) {
    switch (servers) {
    case PYKEA_CB_SERVERS_ANY: return (ServerSelector::ANY());
    case PYKEA_CB_SERVERS_ALL: return (ServerSelector::ALL());
    case PYKEA_CB_SERVERS_UNASSIGNED: return (ServerSelector::UNASSIGNED());
    case PYKEA_CB_SERVERS_TAGS: break;
    default:
        fail(PYKEA_INVALID_ARGUMENT, "servers must be a pykea_cb_servers value, not " +
             std::to_string(servers));
    }
    std::set<std::string> names;
    std::istringstream lines(textOf(tags, "tags"));
    for (std::string tag; std::getline(lines, tag);) {
        if (!tag.empty()) {
            names.insert(tag);
        }
    }
    if (names.empty()) {
        fail(PYKEA_INVALID_ARGUMENT, "select servers by at least one server tag");
    }
    return (names.size() == 1 ? ServerSelector::ONE(*names.begin()) : ServerSelector::MULTIPLE(names));
}

// Kea's BackendSelector from the JSON of a "remote" map ({"type": "postgresql"}); NULL or ""
// leaves the backend unspecified (each backend the server has).
BackendSelector backendOf(const char* remote) {
    if (remote == nullptr || *remote == '\0') {
        return (BackendSelector::UNSPEC());
    }
    try {
        return (BackendSelector(Element::fromJSON(std::string(remote))));
    } catch (const isc::Exception& e) {
        fail(PYKEA_INVALID_ARGUMENT, std::string("remote: ") + e.what());
    }
}

CbItemPtr newItem(int universe, int kind) {
    auto item = boost::make_shared<CbItem>();
    item->universe = universe;
    item->kind = kind;
    return (item);
}

template <typename Pointer>
CbItemPtr wrap(int universe, int kind, Pointer found, Pointer CbItem::*member) {
    if (!found) {
        return (CbItemPtr());
    }
    CbItemPtr item = newItem(universe, kind);
    (*item).*member = std::move(found);
    return (item);
}

// The calls of one family's pool: ConfigBackendPoolDHCPv4 or ...DHCPv6.
struct Family4 {
    static constexpr int UNIVERSE = PYKEA_UNIVERSE_V4;
    static constexpr uint16_t AF = AF_INET;
    using SubnetT = Subnet4;
    using NetworkT = SharedNetwork4;
    using SubnetParser = Subnet4ConfigParser;
    using NetworkParser = SharedNetwork4Parser;
    static auto pool() { return (ConfigBackendDHCPv4Mgr::instance().getPool()); }
    static const isc::data::SimpleKeywords& optionDefKeywords() { return (SimpleParser4::OPTION4_DEF_PARAMETERS); }
    static const isc::data::SimpleDefaults& optionDefDefaults() { return (SimpleParser4::OPTION4_DEF_DEFAULTS); }
    static const isc::data::SimpleKeywords& optionKeywords() { return (SimpleParser4::OPTION4_PARAMETERS); }
    static const isc::data::SimpleDefaults& optionDefaults() { return (SimpleParser4::OPTION4_DEFAULTS); }
    static const isc::data::SimpleKeywords& globalKeywords() { return (SimpleParser4::GLOBAL4_PARAMETERS); }
    static const isc::data::SimpleKeywords& networkKeywords() { return (SimpleParser4::SHARED_NETWORK4_PARAMETERS); }

    template <typename... A> static auto server(A&&... a) { return (pool()->getServer4(a...)); }
    template <typename... A> static auto servers(A&&... a) { return (pool()->getAllServers4(a...)); }
    template <typename... A> static auto subnet(A&&... a) { return (pool()->getSubnet4(a...)); }
    template <typename... A> static auto subnets(A&&... a) { return (pool()->getAllSubnets4(a...)); }
    template <typename... A> static auto networkSubnets(A&&... a) { return (pool()->getSharedNetworkSubnets4(a...)); }
    template <typename... A> static auto network(A&&... a) { return (pool()->getSharedNetwork4(a...)); }
    template <typename... A> static auto networks(A&&... a) { return (pool()->getAllSharedNetworks4(a...)); }
    template <typename... A> static auto optionDef(A&&... a) { return (pool()->getOptionDef4(a...)); }
    template <typename... A> static auto optionDefs(A&&... a) { return (pool()->getAllOptionDefs4(a...)); }
    template <typename... A> static auto option(A&&... a) { return (pool()->getOption4(a...)); }
    template <typename... A> static auto options(A&&... a) { return (pool()->getAllOptions4(a...)); }
    template <typename... A> static auto clientClass(A&&... a) { return (pool()->getClientClass4(a...)); }
    template <typename... A> static auto clientClasses(A&&... a) { return (pool()->getAllClientClasses4(a...)); }
    template <typename... A> static auto parameter(A&&... a) { return (pool()->getGlobalParameter4(a...)); }
    template <typename... A> static auto parameters(A&&... a) { return (pool()->getAllGlobalParameters4(a...)); }

    static void setServer(const BackendSelector& b, const ServerPtr& s) { pool()->createUpdateServer4(b, s); }
    static void setSubnet(const BackendSelector& b, const ServerSelector& s, const SubnetPtr& subnet) {
        pool()->createUpdateSubnet4(b, s, boost::dynamic_pointer_cast<Subnet4>(subnet));
    }
    static void setNetwork(const BackendSelector& b, const ServerSelector& s, const NetworkPtr& network) {
        pool()->createUpdateSharedNetwork4(b, s, boost::dynamic_pointer_cast<SharedNetwork4>(network));
    }
    template <typename... A> static void setOptionDef(A&&... a) { pool()->createUpdateOptionDef4(a...); }
    template <typename... A> static void setOption(A&&... a) { pool()->createUpdateOption4(a...); }
    template <typename... A> static void setClientClass(A&&... a) { pool()->createUpdateClientClass4(a...); }
    template <typename... A> static void setParameter(A&&... a) { pool()->createUpdateGlobalParameter4(a...); }

    template <typename... A> static uint64_t delServer(A&&... a) { return (pool()->deleteServer4(a...)); }
    template <typename... A> static uint64_t delSubnet(A&&... a) { return (pool()->deleteSubnet4(a...)); }
    template <typename... A> static uint64_t delNetworkSubnets(A&&... a) { return (pool()->deleteSharedNetworkSubnets4(a...)); }
    template <typename... A> static uint64_t delNetwork(A&&... a) { return (pool()->deleteSharedNetwork4(a...)); }
    template <typename... A> static uint64_t delOptionDef(A&&... a) { return (pool()->deleteOptionDef4(a...)); }
    template <typename... A> static uint64_t delOption(A&&... a) { return (pool()->deleteOption4(a...)); }
    template <typename... A> static uint64_t delClientClass(A&&... a) { return (pool()->deleteClientClass4(a...)); }
    template <typename... A> static uint64_t delParameter(A&&... a) { return (pool()->deleteGlobalParameter4(a...)); }
};

struct Family6 {
    static constexpr int UNIVERSE = PYKEA_UNIVERSE_V6;
    static constexpr uint16_t AF = AF_INET6;
    using SubnetT = Subnet6;
    using NetworkT = SharedNetwork6;
    using SubnetParser = Subnet6ConfigParser;
    using NetworkParser = SharedNetwork6Parser;
    static auto pool() { return (ConfigBackendDHCPv6Mgr::instance().getPool()); }
    static const isc::data::SimpleKeywords& optionDefKeywords() { return (SimpleParser6::OPTION6_DEF_PARAMETERS); }
    static const isc::data::SimpleDefaults& optionDefDefaults() { return (SimpleParser6::OPTION6_DEF_DEFAULTS); }
    static const isc::data::SimpleKeywords& optionKeywords() { return (SimpleParser6::OPTION6_PARAMETERS); }
    static const isc::data::SimpleDefaults& optionDefaults() { return (SimpleParser6::OPTION6_DEFAULTS); }
    static const isc::data::SimpleKeywords& globalKeywords() { return (SimpleParser6::GLOBAL6_PARAMETERS); }
    static const isc::data::SimpleKeywords& networkKeywords() { return (SimpleParser6::SHARED_NETWORK6_PARAMETERS); }

    template <typename... A> static auto server(A&&... a) { return (pool()->getServer6(a...)); }
    template <typename... A> static auto servers(A&&... a) { return (pool()->getAllServers6(a...)); }
    template <typename... A> static auto subnet(A&&... a) { return (pool()->getSubnet6(a...)); }
    template <typename... A> static auto subnets(A&&... a) { return (pool()->getAllSubnets6(a...)); }
    template <typename... A> static auto networkSubnets(A&&... a) { return (pool()->getSharedNetworkSubnets6(a...)); }
    template <typename... A> static auto network(A&&... a) { return (pool()->getSharedNetwork6(a...)); }
    template <typename... A> static auto networks(A&&... a) { return (pool()->getAllSharedNetworks6(a...)); }
    template <typename... A> static auto optionDef(A&&... a) { return (pool()->getOptionDef6(a...)); }
    template <typename... A> static auto optionDefs(A&&... a) { return (pool()->getAllOptionDefs6(a...)); }
    template <typename... A> static auto option(A&&... a) { return (pool()->getOption6(a...)); }
    template <typename... A> static auto options(A&&... a) { return (pool()->getAllOptions6(a...)); }
    template <typename... A> static auto clientClass(A&&... a) { return (pool()->getClientClass6(a...)); }
    template <typename... A> static auto clientClasses(A&&... a) { return (pool()->getAllClientClasses6(a...)); }
    template <typename... A> static auto parameter(A&&... a) { return (pool()->getGlobalParameter6(a...)); }
    template <typename... A> static auto parameters(A&&... a) { return (pool()->getAllGlobalParameters6(a...)); }

    static void setServer(const BackendSelector& b, const ServerPtr& s) { pool()->createUpdateServer6(b, s); }
    static void setSubnet(const BackendSelector& b, const ServerSelector& s, const SubnetPtr& subnet) {
        pool()->createUpdateSubnet6(b, s, boost::dynamic_pointer_cast<Subnet6>(subnet));
    }
    static void setNetwork(const BackendSelector& b, const ServerSelector& s, const NetworkPtr& network) {
        pool()->createUpdateSharedNetwork6(b, s, boost::dynamic_pointer_cast<SharedNetwork6>(network));
    }
    template <typename... A> static void setOptionDef(A&&... a) { pool()->createUpdateOptionDef6(a...); }
    template <typename... A> static void setOption(A&&... a) { pool()->createUpdateOption6(a...); }
    template <typename... A> static void setClientClass(A&&... a) { pool()->createUpdateClientClass6(a...); }
    template <typename... A> static void setParameter(A&&... a) { pool()->createUpdateGlobalParameter6(a...); }

    template <typename... A> static uint64_t delServer(A&&... a) { return (pool()->deleteServer6(a...)); }
    template <typename... A> static uint64_t delSubnet(A&&... a) { return (pool()->deleteSubnet6(a...)); }
    template <typename... A> static uint64_t delNetworkSubnets(A&&... a) { return (pool()->deleteSharedNetworkSubnets6(a...)); }
    template <typename... A> static uint64_t delNetwork(A&&... a) { return (pool()->deleteSharedNetwork6(a...)); }
    template <typename... A> static uint64_t delOptionDef(A&&... a) { return (pool()->deleteOptionDef6(a...)); }
    template <typename... A> static uint64_t delOption(A&&... a) { return (pool()->deleteOption6(a...)); }
    template <typename... A> static uint64_t delClientClass(A&&... a) { return (pool()->deleteClientClass6(a...)); }
    template <typename... A> static uint64_t delParameter(A&&... a) { return (pool()->deleteGlobalParameter6(a...)); }
};

// Runs body with the family of `universe`.
template <typename Body>
void withFamily(int universe, Body&& body) {
    requireUniverse(universe);
    if (universe == PYKEA_UNIVERSE_V4) {
        body(Family4());
    } else {
        body(Family6());
    }
}

// What an object's kind needs to name it: a subnet by prefix (name) or id (code), an option
// definition or option by space (name) and code, the others by name.
template <typename F>
CbItemPtr getOne(F, const BackendSelector& b, const ServerSelector& s, int kind,
                 const std::string& name, uint32_t code) {
    const int u = F::UNIVERSE;
    switch (kind) {
    case PYKEA_CB_SERVER: return (wrap(u, kind, F::server(b, ServerTag(name)), &CbItem::server));
    case PYKEA_CB_SUBNET: {
        SubnetPtr found = name.empty() ? SubnetPtr(F::subnet(b, s, SubnetID(code)))
                                       : SubnetPtr(F::subnet(b, s, name));
        return (wrap(u, kind, found, &CbItem::subnet));
    }
    case PYKEA_CB_SHARED_NETWORK:
        return (wrap(u, kind, NetworkPtr(F::network(b, s, name)), &CbItem::network));
    case PYKEA_CB_OPTION_DEF:
        return (wrap(u, kind, F::optionDef(b, s, code, name), &CbItem::option_def));
    case PYKEA_CB_OPTION:
        return (wrap(u, kind, F::option(b, s, code, name), &CbItem::option));
    case PYKEA_CB_CLIENT_CLASS:
        return (wrap(u, kind, F::clientClass(b, s, name), &CbItem::client_class));
    default:
        return (wrap(u, kind, F::parameter(b, s, name), &CbItem::parameter));
    }
}

template <typename Collection, typename Pointer>
void collect(std::vector<CbItemPtr>& items, int universe, int kind, const Collection& found,
             Pointer CbItem::*member) {
    for (const auto& object : found) {
        items.push_back(wrap(universe, kind, Pointer(object), member));
    }
}

template <typename F>
std::vector<CbItemPtr> getAll(F, const BackendSelector& b, const ServerSelector& s, int kind,
                              const char* network) {
    const int u = F::UNIVERSE;
    std::vector<CbItemPtr> items;
    switch (kind) {
    case PYKEA_CB_SERVER: collect(items, u, kind, F::servers(b), &CbItem::server); break;
    case PYKEA_CB_SUBNET:
        if (network) {
            collect(items, u, kind, F::networkSubnets(b, s, std::string(network)), &CbItem::subnet);
        } else {
            collect(items, u, kind, F::subnets(b, s), &CbItem::subnet);
        }
        break;
    case PYKEA_CB_SHARED_NETWORK: collect(items, u, kind, F::networks(b, s), &CbItem::network); break;
    case PYKEA_CB_OPTION_DEF: collect(items, u, kind, F::optionDefs(b, s), &CbItem::option_def); break;
    case PYKEA_CB_OPTION:
        for (const OptionDescriptor& option : F::options(b, s)) {
            items.push_back(wrap(u, kind, OptionDescriptor::create(option), &CbItem::option));
        }
        break;
    case PYKEA_CB_CLIENT_CLASS:
        collect(items, u, kind, *F::clientClasses(b, s).getClasses(), &CbItem::client_class);
        break;
    default: collect(items, u, kind, F::parameters(b, s), &CbItem::parameter); break;
    }
    return (items);
}

template <typename F>
uint64_t deleteOne(F, const BackendSelector& b, const ServerSelector& s, int kind,
                   const std::string& name, uint32_t code) {
    switch (kind) {
    case PYKEA_CB_SERVER: return (F::delServer(b, ServerTag(name)));
    case PYKEA_CB_SUBNET:
        return (name.empty() ? F::delSubnet(b, s, SubnetID(code)) : F::delSubnet(b, s, name));
    case PYKEA_CB_SHARED_NETWORK: return (F::delNetwork(b, s, name));
    case PYKEA_CB_OPTION_DEF: return (F::delOptionDef(b, s, static_cast<uint16_t>(code), name));
    case PYKEA_CB_OPTION: return (F::delOption(b, s, static_cast<uint16_t>(code), name));
    case PYKEA_CB_CLIENT_CLASS: return (F::delClientClass(b, s, name));
    default: return (F::delParameter(b, s, name));
    }
}

template <typename F>
void store(F, const BackendSelector& b, const ServerSelector& s, const CbItem& item,
           const std::string& follow) {
    switch (item.kind) {
    case PYKEA_CB_SERVER: F::setServer(b, item.server); break;
    case PYKEA_CB_SUBNET: F::setSubnet(b, s, item.subnet); break;
    case PYKEA_CB_SHARED_NETWORK: F::setNetwork(b, s, item.network); break;
    case PYKEA_CB_OPTION_DEF: F::setOptionDef(b, s, item.option_def); break;
    case PYKEA_CB_OPTION: F::setOption(b, s, item.option); break;
    case PYKEA_CB_CLIENT_CLASS: F::setClientClass(b, s, item.client_class, follow); break;
    default: F::setParameter(b, s, item.parameter); break;
    }
}

// Where a scoped option lives: a subnet (by id), a shared network (by name), an address pool
// ("first - last" or "prefix/length", as Kea's "pool") or a DHCPv6 prefix delegation pool.
struct OptionScope {
    int scope = PYKEA_CB_SCOPE_SUBNET;
    std::string name;
    SubnetID id = 0;
    isc::asiolink::IOAddress first{"0.0.0.0"};
    isc::asiolink::IOAddress last{"0.0.0.0"};
    uint8_t length = 0;
};

std::string trimmed(const std::string& text) {
    const auto start = text.find_first_not_of(" \t");
    const auto end = text.find_last_not_of(" \t");
    return (start == std::string::npos ? std::string() : text.substr(start, end - start + 1));
}

std::pair<isc::asiolink::IOAddress, uint8_t> prefixOf(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) {
        isc_throw(isc::BadValue, "'" << text << "' is not a prefix/length");
    }
    const int length = std::stoi(text.substr(slash + 1));
    isc::asiolink::IOAddress prefix(trimmed(text.substr(0, slash)));
    if (length < 0 || length > (prefix.isV4() ? 32 : 128)) {
        isc_throw(isc::BadValue, "'" << text << "' has an invalid prefix length");
    }
    return {prefix, static_cast<uint8_t>(length)};
}

OptionScope scopeOf(int universe, int scope, const char* scope_name) {
    requireInRange(scope, PYKEA_CB_SCOPE_SUBNET, PYKEA_CB_SCOPE_PD_POOL, "scope");
    OptionScope where;
    where.scope = scope;
    where.name = trimmed(textOf(scope_name, "scope_name"));
    try {
        switch (scope) {
        case PYKEA_CB_SCOPE_SUBNET: {
            size_t used = 0;
            const unsigned long id = std::stoul(where.name, &used);
            if (used != where.name.size() || id == 0 || id > UINT32_MAX) {
                isc_throw(isc::BadValue, "bad id");
            }
            where.id = static_cast<SubnetID>(id);
            break;
        }
        case PYKEA_CB_SCOPE_SHARED_NETWORK:
            if (where.name.empty()) {
                isc_throw(isc::BadValue, "a shared network is named by a non-empty name");
            }
            break;
        case PYKEA_CB_SCOPE_POOL: {
            const auto dash = where.name.find('-');
            if (dash != std::string::npos) {
                where.first = isc::asiolink::IOAddress(trimmed(where.name.substr(0, dash)));
                where.last = isc::asiolink::IOAddress(trimmed(where.name.substr(dash + 1)));
            } else {
                auto [prefix, length] = prefixOf(where.name);
                where.first = isc::asiolink::firstAddrInPrefix(prefix, length);
                where.last = isc::asiolink::lastAddrInPrefix(prefix, length);
            }
            if (where.first.isV4() != (universe == PYKEA_UNIVERSE_V4) ||
                where.last.isV4() != where.first.isV4()) {
                isc_throw(isc::BadValue, "the pool's addresses are not of this universe");
            }
            break;
        }
        default: {
            if (universe != PYKEA_UNIVERSE_V6) {
                isc_throw(isc::BadValue, "prefix delegation pools are DHCPv6's");
            }
            std::tie(where.first, where.length) = prefixOf(where.name);
            if (where.first.isV4()) {
                isc_throw(isc::BadValue, "a prefix delegation pool is an IPv6 prefix");
            }
        }
        }
    } catch (const std::exception& e) {
        static const char* const forms[] = {"a subnet id (1 to 4294967295)", "a shared network name",
                                            "\"first - last\" or \"prefix/length\"",
                                            "\"prefix/length\" (IPv6)"};
        fail(PYKEA_INVALID_ARGUMENT, "scope_name '" + where.name + "' is not " + forms[scope] +
             ": " + e.what());
    }
    return (where);
}

template <typename F>
void storeScoped(F, const BackendSelector& b, const ServerSelector& s, const OptionScope& where,
                 const OptionDescriptorPtr& option) {
    switch (where.scope) {
    case PYKEA_CB_SCOPE_SUBNET: F::setOption(b, s, where.id, option); break;
    case PYKEA_CB_SCOPE_SHARED_NETWORK: F::setOption(b, s, where.name, option); break;
    case PYKEA_CB_SCOPE_POOL: F::setOption(b, s, where.first, where.last, option); break;
    default:
        if constexpr (F::UNIVERSE == PYKEA_UNIVERSE_V6) {
            F::setOption(b, s, where.first, where.length, option);
        }
    }
}

template <typename F>
uint64_t deleteScoped(F, const BackendSelector& b, const ServerSelector& s,
                      const OptionScope& where, uint16_t code, const std::string& space) {
    switch (where.scope) {
    case PYKEA_CB_SCOPE_SUBNET: return (F::delOption(b, s, where.id, code, space));
    case PYKEA_CB_SCOPE_SHARED_NETWORK: return (F::delOption(b, s, where.name, code, space));
    case PYKEA_CB_SCOPE_POOL: return (F::delOption(b, s, where.first, where.last, code, space));
    default:
        if constexpr (F::UNIVERSE == PYKEA_UNIVERSE_V6) {
            return (F::delOption(b, s, where.first, where.length, code, space));
        }
        return (0);
    }
}

// ---- Kea's parsers -------------------------------------------------------------------------

ElementPtr mapOf(const char* json) {
    ElementPtr parsed = Element::fromJSON(textOf(json, "json"));
    if (parsed->getType() != Element::map) {
        isc_throw(isc::BadValue, "expected a map (JSON object), not " << parsed->str());
    }
    return (parsed);
}

std::string stringIn(const ConstElementPtr& map, const std::string& name) {
    ConstElementPtr value = map->get(name);
    if (!value || value->getType() != Element::string) {
        isc_throw(isc::BadValue, "'" << name << "' must be given as a string");
    }
    return (value->stringValue());
}

ServerPtr parseServer(const ElementPtr& map) {
    std::string description;
    if (map->contains("description")) {
        description = stringIn(map, "description");
    }
    for (const auto& entry : map->mapValue()) {
        if (entry.first != "server-tag" && entry.first != "description") {
            isc_throw(isc::BadValue, "unsupported server parameter '" << entry.first
                      << "': a server has a server-tag and a description");
        }
    }
    return (Server::create(ServerTag(stringIn(map, "server-tag")), description));
}

// A subnet as the backend stores it: the subnet parameters of Kea's configuration and, outside
// them, the name of its shared network ("shared-network-name", a string or null).
template <typename F>
SubnetPtr parseSubnet(F, const ElementPtr& map) {
    ConstElementPtr network = map->get("shared-network-name");
    map->remove("shared-network-name");
    typename F::SubnetParser parser(false);
    SubnetPtr subnet = parser.parse(map);
    if (network && network->getType() == Element::string) {
        subnet->setSharedNetworkName(network->stringValue());
    } else if (network && network->getType() != Element::null) {
        isc_throw(isc::BadValue, "'shared-network-name' must be a string or null");
    }
    return (subnet);
}

template <typename F>
NetworkPtr parseNetwork(F, const ElementPtr& map) {
    SimpleParser::checkKeywords(F::networkKeywords(), map);
    typename F::NetworkParser parser(false);
    return (parser.parse(map));
}

template <typename F>
OptionDefinitionPtr parseOptionDef(F, const ElementPtr& map) {
    SimpleParser::checkKeywords(F::optionDefKeywords(), map);
    SimpleParser::setDefaults(map, F::optionDefDefaults());
    return (OptionDefParser(F::AF).parse(map));
}

// An option with the definitions of the running configuration (standard and option-def).
template <typename F>
OptionDescriptorPtr parseOption(F, const ElementPtr& map) {
    SimpleParser::checkKeywords(F::optionKeywords(), map);
    SimpleParser::setDefaults(map, F::optionDefaults());
    CfgOptionDefPtr definitions = CfgMgr::instance().getCurrentCfg()->getCfgOptionDef();
    OptionDataParser parser(F::AF, definitions);
    auto [descriptor, space] = parser.parse(map);
    OptionDescriptorPtr option = OptionDescriptor::create(descriptor);
    option->space_name_ = space;
    return (option);
}

// A class on its own: the classes it refers to are not checked (they may live in the backend).
template <typename F>
ClientClassDefPtr parseClientClass(F, const ElementPtr& map) {
    ClientClassDefParser parser;
    parser.checkParametersSupported(map, F::AF);
    auto dictionary = boost::make_shared<ClientClassDictionary>();
    parser.parse(dictionary, map, F::AF, false, false);
    return (dictionary->findClass(stringIn(map, "name")));
}

// One global parameter: a map of one entry, {"valid-lifetime": 3600}.
template <typename F>
StampedValuePtr parseParameter(F, const ElementPtr& map) {
    if (map->size() != 1) {
        isc_throw(isc::BadValue, "a global parameter is a map of one name and its value, not "
                  << map->str());
    }
    SimpleParser::checkKeywords(F::globalKeywords(), map);
    const auto& entry = *map->mapValue().begin();
    return (StampedValue::create(entry.first, boost::const_pointer_cast<Element>(entry.second)));
}

template <typename F>
CbItemPtr parseItem(F family, int kind, const ElementPtr& map) {
    CbItemPtr item = newItem(F::UNIVERSE, kind);
    switch (kind) {
    case PYKEA_CB_SERVER: item->server = parseServer(map); break;
    case PYKEA_CB_SUBNET: item->subnet = parseSubnet(family, map); break;
    case PYKEA_CB_SHARED_NETWORK: item->network = parseNetwork(family, map); break;
    case PYKEA_CB_OPTION_DEF: item->option_def = parseOptionDef(family, map); break;
    case PYKEA_CB_OPTION: item->option = parseOption(family, map); break;
    case PYKEA_CB_CLIENT_CLASS: item->client_class = parseClientClass(family, map); break;
    default: item->parameter = parseParameter(family, map); break;
    }
    return (item);
}

// ---- Kea's printed form --------------------------------------------------------------------

ElementPtr subnetElement(const CbItem& item) {
    // Subnet::toElement is protected; Subnet4's and Subnet6's are public.
    auto subnet4 = boost::dynamic_pointer_cast<Subnet4>(item.subnet);
    ElementPtr map = subnet4 ? subnet4->toElement()
                             : boost::dynamic_pointer_cast<Subnet6>(item.subnet)->toElement();
    std::string network = item.subnet->getSharedNetworkName();
    map->set("shared-network-name", network.empty() ? Element::create() : Element::create(network));
    return (map);
}

ElementPtr itemElement(const CbItem& item) {
    switch (item.kind) {
    case PYKEA_CB_SERVER: {
        ElementPtr map = Element::createMap();
        map->set("server-tag", Element::create(item.server->getServerTagAsText()));
        map->set("description", Element::create(item.server->getDescription()));
        return (map);
    }
    case PYKEA_CB_SUBNET: return (subnetElement(item));
    case PYKEA_CB_SHARED_NETWORK:
        return (boost::const_pointer_cast<Element>(item.network->toElement()));
    case PYKEA_CB_OPTION_DEF: {
        CfgOptionDef definitions;
        definitions.add(item.option_def);
        return (boost::const_pointer_cast<Element>(definitions.toElement()->get(0)));
    }
    case PYKEA_CB_OPTION: {
        CfgOption options;
        options.add(*item.option, item.option->space_name_);
        return (boost::const_pointer_cast<Element>(options.toElement()->get(0)));
    }
    case PYKEA_CB_CLIENT_CLASS:
        return (boost::const_pointer_cast<Element>(item.client_class->toElement()));
    default: {
        ElementPtr map = Element::createMap();
        map->set(item.parameter->getName(), item.parameter->getElementValue());
        return (map);
    }
    }
}

const isc::data::StampedElement* stampedOf(const CbItem& item) {
    switch (item.kind) {
    case PYKEA_CB_SUBNET: return (item.subnet.get());
    case PYKEA_CB_SHARED_NETWORK: return (item.network.get());
    case PYKEA_CB_OPTION_DEF: return (item.option_def.get());
    case PYKEA_CB_OPTION: return (item.option.get());
    case PYKEA_CB_CLIENT_CLASS: return (item.client_class.get());
    case PYKEA_CB_GLOBAL_PARAMETER: return (item.parameter.get());
    default: return (nullptr);
    }
}

// Kea's parsers throw DhcpConfigError, BadValue, TypeError, ...: each is the caller's input.
template <typename Body>
void parsing(Body&& body) {
    try {
        body();
    } catch (const isc::Exception& e) {
        fail(PYKEA_INVALID_ARGUMENT, e.what());
    } catch (const std::exception& e) {
        fail(PYKEA_INVALID_ARGUMENT, e.what());
    }
}

}  // namespace

extern "C" {

pykea_status pykea_cb_object_parse(int universe, int kind, const char* json,
                                   pykea_cb_object** object) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(object);
        requireKind(kind);
        withFamily(universe, [&](auto family) {
            parsing([&] { *object = adopt<pykea_cb_object>(parseItem(family, kind, mapOf(json))); });
        });
    }));
}

pykea_status pykea_cb_object_free(pykea_cb_object* object) {
    return (freeHandle(object));
}

pykea_status pykea_cb_object_kind(pykea_cb_object* object, int* universe, int* kind) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(universe);
        PYKEA_REQUIRE_ARG(kind);
        const CbItem& item = itemOf(object);
        *universe = item.universe;
        *kind = item.kind;
    }));
}

pykea_status pykea_cb_object_json(pykea_cb_object* object, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        *json = threadText(itemElement(itemOf(object))->str());
    }));
}

pykea_status pykea_cb_object_server_tags(pykea_cb_object* object, const char** tags) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(tags);
        const isc::data::StampedElement* stamped = stampedOf(itemOf(object));
        std::string text;
        if (stamped) {
            for (const ServerTag& tag : stamped->getServerTags()) {
                text += (text.empty() ? "" : "\n") + tag.get();
            }
        }
        *tags = threadText(std::move(text));
    }));
}

pykea_status pykea_cb_list_free(pykea_cb_list* list) {
    return (freeHandle(list));
}

pykea_status pykea_cb_list_size(pykea_cb_list* list, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(size);
        *size = checked(list, "configuration backend list").items.size();
    }));
}

pykea_status pykea_cb_list_get(pykea_cb_list* list, size_t index, pykea_cb_object** object) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(object);
        const auto& items = checked(list, "configuration backend list").items;
        if (index >= items.size()) {
            fail(PYKEA_INVALID_ARGUMENT, "index " + std::to_string(index) + " is past the end");
        }
        *object = adopt<pykea_cb_object>(items[index]);
    }));
}

pykea_status pykea_cb_get(int universe, const char* remote, int servers, const char* tags,
                          int kind, const char* name, uint32_t code, pykea_cb_object** object) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(object);
        requireKind(kind);
        *object = nullptr;
        const BackendSelector backend = backendOf(remote);
        const ServerSelector selector = kind == PYKEA_CB_SERVER ? ServerSelector::ANY()
                                                                : selectorOf(servers, tags);
        CbItemPtr found;
        withFamily(universe, [&](auto family) {
            found = getOne(family, backend, selector, kind, name ? name : "", code);
        });
        if (!found) {
            fail(PYKEA_NOT_FOUND, "the configuration backend has no such object");
        }
        *object = adopt<pykea_cb_object>(std::move(found));
    }));
}

pykea_status pykea_cb_get_all(int universe, const char* remote, int servers, const char* tags,
                              int kind, const char* shared_network, pykea_cb_list** list) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(list);
        requireKind(kind);
        const BackendSelector backend = backendOf(remote);
        const ServerSelector selector = kind == PYKEA_CB_SERVER ? ServerSelector::ANY()
                                                                : selectorOf(servers, tags);
        withFamily(universe, [&](auto family) {
            *list = adopt<pykea_cb_list>(getAll(family, backend, selector, kind, shared_network));
        });
    }));
}

pykea_status pykea_cb_set(int universe, const char* remote, int servers, const char* tags,
                          pykea_cb_object* object, const char* follow_class_name) {
    return (guarded([&] {
        const CbItem& item = itemOf(object);
        if (item.universe != universe) {
            fail(PYKEA_INVALID_ARGUMENT, "the object was parsed for the other universe");
        }
        const BackendSelector backend = backendOf(remote);
        const ServerSelector selector = item.kind == PYKEA_CB_SERVER ? ServerSelector::ANY()
                                                                     : selectorOf(servers, tags);
        withFamily(universe, [&](auto family) {
            store(family, backend, selector, item, follow_class_name ? follow_class_name : "");
        });
    }));
}

pykea_status pykea_cb_delete(int universe, const char* remote, int servers, const char* tags,
                             int kind, const char* name, uint32_t code, uint64_t* deleted) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(deleted);
        requireKind(kind);
        const BackendSelector backend = backendOf(remote);
        const ServerSelector selector = kind == PYKEA_CB_SERVER ? ServerSelector::ANY()
                                                                : selectorOf(servers, tags);
        withFamily(universe, [&](auto family) {
            *deleted = deleteOne(family, backend, selector, kind, name ? name : "", code);
        });
    }));
}

pykea_status pykea_cb_delete_network_subnets(int universe, const char* remote, int servers,
                                             const char* tags, const char* shared_network,
                                             uint64_t* deleted) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(deleted);
        const std::string network = textOf(shared_network, "shared_network");
        const BackendSelector backend = backendOf(remote);
        const ServerSelector selector = selectorOf(servers, tags);
        withFamily(universe, [&](auto family) {
            *deleted = decltype(family)::delNetworkSubnets(backend, selector, network);
        });
    }));
}

pykea_status pykea_cb_set_scoped_option(int universe, const char* remote, int servers,
                                        const char* tags, int scope, const char* scope_name,
                                        pykea_cb_object* option) {
    return (guarded([&] {
        const CbItem& item = itemOf(option);
        if (item.kind != PYKEA_CB_OPTION) {
            fail(PYKEA_INVALID_ARGUMENT, "option must be an option (PYKEA_CB_OPTION) object");
        }
        if (item.universe != universe) {
            fail(PYKEA_INVALID_ARGUMENT, "the option was parsed for the other universe");
        }
        const OptionScope where = scopeOf(universe, scope, scope_name);
        const BackendSelector backend = backendOf(remote);
        const ServerSelector selector = selectorOf(servers, tags);
        withFamily(universe, [&](auto family) {
            storeScoped(family, backend, selector, where, item.option);
        });
    }));
}

pykea_status pykea_cb_delete_scoped_option(int universe, const char* remote, int servers,
                                           const char* tags, int scope, const char* scope_name,
                                           uint32_t code, const char* space, uint64_t* deleted) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(deleted);
        requireInRange(code, 0, UINT16_MAX, "code");
        const std::string option_space = textOf(space, "space");
        const OptionScope where = scopeOf(universe, scope, scope_name);
        const BackendSelector backend = backendOf(remote);
        const ServerSelector selector = selectorOf(servers, tags);
        withFamily(universe, [&](auto family) {
            *deleted = deleteScoped(family, backend, selector, where, static_cast<uint16_t>(code),
                                    option_space);
        });
    }));
}

}  // extern "C"

#else  // Kea 2.2 (no dhcpsrv/cfg_globals.h), or Kea 3.0 without OpenSSL's headers.

struct pykea_cb_object {};
struct pykea_cb_list {};

namespace {
const std::string CB_UNAVAILABLE = std::string(compat::SERVER_CONFIG_MISSING) +
    "; the configuration backend manager and Kea's object parsers are needed for it";
}

extern "C" {
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_object_parse, int, int, const char*, pykea_cb_object**)
PYKEA_FREE_NOTHING(pykea_cb_object_free, pykea_cb_object*)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_object_kind, pykea_cb_object*, int*, int*)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_object_json, pykea_cb_object*, const char**)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_object_server_tags, pykea_cb_object*, const char**)
PYKEA_FREE_NOTHING(pykea_cb_list_free, pykea_cb_list*)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_list_size, pykea_cb_list*, size_t*)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_list_get, pykea_cb_list*, size_t, pykea_cb_object**)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_get, int, const char*, int, const char*, int, const char*, uint32_t, pykea_cb_object**)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_get_all, int, const char*, int, const char*, int, const char*, pykea_cb_list**)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_set, int, const char*, int, const char*, pykea_cb_object*, const char*)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_delete, int, const char*, int, const char*, int, const char*, uint32_t, uint64_t*)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_delete_network_subnets, int, const char*, int, const char*, const char*, uint64_t*)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_set_scoped_option, int, const char*, int, const char*, int, const char*, pykea_cb_object*)
PYKEA_UNAVAILABLE(CB_UNAVAILABLE, pykea_cb_delete_scoped_option, int, const char*, int, const char*, int, const char*, uint32_t, const char*, uint64_t*)
}

#endif

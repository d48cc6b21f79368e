// The host calls of pykea.h: Host objects (reservations) and Kea's host manager (HostMgr).
#include "address.h"
#include "args.h"
#include "compat.h"
#include "errors.h"
#include "handles.h"
#include "kea_enums.h"

#include <cc/data.h>
#include <dhcpsrv/host.h>
#if PYKEA_HAVE_SERVER_CONFIG
#include <dhcpsrv/parsers/host_reservation_parser.h>
#endif
#include <exceptions/exceptions.h>

using namespace pykea;
using isc::asiolink::IOAddress;
using isc::dhcp::ConstHostCollection;
using isc::dhcp::ConstHostPtr;
using isc::dhcp::Host;
using isc::dhcp::HostPtr;
using isc::dhcp::IPv6Resrv;

// A host Kea handed out (from HostMgr or a callout argument) is shared with Kea and read-only;
// one made by pykea_host_new or pykea_host_copy belongs to the caller and can be changed.
struct pykea_host : pykea::Tracked {
    pykea_host(ConstHostPtr h, bool w) : host(std::move(h)), writable(w) {}
    boost::shared_ptr<void> takeReference() override {
        return (boost::const_pointer_cast<Host>(std::move(host)));
    }
    ConstHostPtr host;
    bool writable;
};

struct pykea_host_list : pykea::Tracked {
    explicit pykea_host_list(ConstHostCollection h) : hosts(std::move(h)) {}
    boost::shared_ptr<void> takeReference() override {
        return (boost::make_shared<ConstHostCollection>(std::move(hosts)));
    }
    ConstHostCollection hosts;
};

namespace {

const Host& hostOf(pykea_host* handle) {
    return (*checked(handle, "host").host);
}

Host& writableHostOf(pykea_host* handle) {
    pykea_host& checked_handle = checked(handle, "host");
    if (!checked_handle.writable) {
        fail(PYKEA_INVALID_ARGUMENT, "this host came from Kea and is read-only; change a copy "
             "(Host.copy()) and store that instead");
    }
    return (const_cast<Host&>(*checked_handle.host));
}

void requireIdentifier(const uint8_t* data, size_t size) {
    if (size == 0) {
        fail(PYKEA_INVALID_ARGUMENT, "a host identifier cannot be empty");
    }
    requireNonNull(data, "identifier");
}

// Kea's isc::BadValue from a Host setter or constructor means the caller's value was wrong.
template <typename Body>
void validated(Body&& body) {
    try {
        body();
    } catch (const isc::BadValue& e) {
        fail(PYKEA_INVALID_ARGUMENT, e.what());
    }
}

// A host Kea holds (read-only), or NULL.
pykea_host* adoptHost(ConstHostPtr found) {
    return (found ? adopt<pykea_host>(std::move(found), false) : nullptr);
}

}  // namespace

extern "C" {

pykea_status pykea_host_new(int id_type, const uint8_t* id, size_t size, pykea_host** host) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(host);
        requireIdentifier(id, size);
        Host::IdentifierType type = identifierTypeOf(id_type);
        validated([&] {
            auto created = boost::make_shared<Host>(id, size, type, isc::dhcp::SUBNET_ID_UNUSED,
                                                    isc::dhcp::SUBNET_ID_UNUSED,
                                                    IOAddress::IPV4_ZERO_ADDRESS());
            *host = adopt<pykea_host>(std::move(created), true);
        });
    }));
}

pykea_status pykea_host_copy(pykea_host* host, pykea_host** copy) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(copy);
        *copy = adopt<pykea_host>(boost::make_shared<Host>(hostOf(host)), true);
    }));
}

pykea_status pykea_host_free(pykea_host* host) {
    return (freeHandle(host));
}

pykea_status pykea_host_writable(pykea_host* host, int* writable) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(writable);
        *writable = checked(host, "host").writable;
    }));
}

pykea_status pykea_host_identifier(pykea_host* host, int* id_type, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(id_type);
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        const Host& target = hostOf(host);
        *id_type = target.getIdentifierType();
        const std::vector<uint8_t>& identifier = target.getIdentifier();
        *data = threadBytes(identifier.data(), identifier.size(), size);
    }));
}

pykea_status pykea_host_get_subnet_id(pykea_host* host, int universe, uint32_t* subnet_id) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(subnet_id);
        requireUniverse(universe);
        const Host& target = hostOf(host);
        *subnet_id = universe == PYKEA_UNIVERSE_V4 ? target.getIPv4SubnetID() : target.getIPv6SubnetID();
    }));
}

pykea_status pykea_host_set_subnet_id(pykea_host* host, int universe, uint32_t subnet_id) {
    return (guarded([&] {
        requireUniverse(universe);
        Host& target = writableHostOf(host);
        if (universe == PYKEA_UNIVERSE_V4) {
            target.setIPv4SubnetID(subnet_id);
        } else {
            target.setIPv6SubnetID(subnet_id);
        }
    }));
}

pykea_status pykea_host_get_ipv4_reservation(pykea_host* host, uint32_t* address) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(address);
        *address = hostOf(host).getIPv4Reservation().toUint32();
    }));
}

pykea_status pykea_host_set_ipv4_reservation(pykea_host* host, uint32_t address) {
    return (guarded([&] {
        Host& target = writableHostOf(host);
        if (address == 0) {
            target.removeIPv4Reservation();
            return;
        }
        validated([&] { target.setIPv4Reservation(IOAddress(address)); });
    }));
}

pykea_status pykea_host_get_hostname(pykea_host* host, const char** hostname) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hostname);
        *hostname = threadText(hostOf(host).getHostname());
    }));
}

pykea_status pykea_host_set_hostname(pykea_host* host, const char* hostname) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hostname);
        writableHostOf(host).setHostname(hostname);
    }));
}

pykea_status pykea_host_classes(pykea_host* host, int universe, const char** names) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(names);
        requireUniverse(universe);
        const Host& target = hostOf(host);
        const isc::dhcp::ClientClasses& classes = universe == PYKEA_UNIVERSE_V4 ?
            target.getClientClasses4() : target.getClientClasses6();
        std::string text;
        for (const std::string& name : classes) {
            text += (text.empty() ? "" : "\n") + name;
        }
        *names = threadText(std::move(text));
    }));
}

pykea_status pykea_host_add_class(pykea_host* host, int universe, const char* name) {
    return (guarded([&] {
        requireNonNull(name, "class name");
        requireUniverse(universe);
        Host& target = writableHostOf(host);
        if (universe == PYKEA_UNIVERSE_V4) {
            target.addClientClass4(name);
        } else {
            target.addClientClass6(name);
        }
    }));
}

pykea_status pykea_host_reservation6(pykea_host* host, size_t index, int* type,
                                     pykea_address* prefix, uint8_t* prefix_length) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(type);
        PYKEA_REQUIRE_ARG(prefix_length);
        isc::dhcp::IPv6ResrvRange range = hostOf(host).getIPv6Reservations();
        for (auto it = range.first; it != range.second; ++it) {
            if (index-- == 0) {
                *type = it->second.getType() == IPv6Resrv::TYPE_NA ? PYKEA_RESERVATION6_ADDRESS
                                                                    : PYKEA_RESERVATION6_PREFIX;
                toC(it->second.getPrefix(), prefix);
                *prefix_length = it->second.getPrefixLen();
                return;
            }
        }
        fail(PYKEA_NOT_FOUND, "no more IPv6 reservations");
    }));
}

pykea_status pykea_host_add_reservation6(pykea_host* host, int type, const pykea_address* prefix,
                                         uint8_t prefix_length) {
    return (guarded([&] {
        if (type != PYKEA_RESERVATION6_ADDRESS && type != PYKEA_RESERVATION6_PREFIX) {
            fail(PYKEA_INVALID_ARGUMENT, "IPv6 reservation type must be address (0) or prefix (1)");
        }
        IOAddress value = fromC(prefix);
        Host& target = writableHostOf(host);
        validated([&] {
            target.addReservation(IPv6Resrv(type == PYKEA_RESERVATION6_ADDRESS ? IPv6Resrv::TYPE_NA
                                                                               : IPv6Resrv::TYPE_PD,
                                            value, prefix_length));
        });
    }));
}

pykea_status pykea_host_add_option(pykea_host* host, pykea_option* option, int always_send) {
    return (guarded([&] {
        const isc::dhcp::OptionPtr& added = checked(option, "option").option;
        Host& target = writableHostOf(host);
        if (added->getUniverse() == isc::dhcp::Option::V4) {
            compat::addOption(*target.getCfgOption4(), added, always_send != 0, "dhcp4");
        } else {
            compat::addOption(*target.getCfgOption6(), added, always_send != 0, "dhcp6");
        }
    }));
}

pykea_status pykea_host_json(pykea_host* host, int universe, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        requireUniverse(universe);
        const Host& target = hostOf(host);
        isc::data::ElementPtr element = universe == PYKEA_UNIVERSE_V4 ? target.toElement4()
                                                                      : target.toElement6();
        *json = threadText(element->str());
    }));
}

pykea_status pykea_host_text(pykea_host* host, const char** text) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(text);
        *text = threadText(hostOf(host).toText());
    }));
}

pykea_status pykea_host_list_free(pykea_host_list* hosts) {
    return (freeHandle(hosts));
}

pykea_status pykea_host_list_size(pykea_host_list* hosts, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(size);
        *size = checked(hosts, "hosts").hosts.size();
    }));
}

pykea_status pykea_host_list_get(pykea_host_list* hosts, size_t index, pykea_host** host) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(host);
        pykea_host_list& list = checked(hosts, "hosts");
        if (index >= list.hosts.size()) {
            fail(PYKEA_INVALID_ARGUMENT, "host index " + std::to_string(index) + " is past the end");
        }
        *host = adopt<pykea_host>(list.hosts[index], false);
    }));
}

pykea_status pykea_host_get_id(pykea_host* host, uint64_t* id) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(id);
        *id = hostOf(host).getHostId();
    }));
}

pykea_status pykea_handle_get_host(pykea_callout_handle* handle, const char* name, pykea_host** host) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(host);
        *host = adoptHost(argument<ConstHostPtr>(handle, name));
    }));
}

}  // extern "C"

// ---- HostMgr -----------------------------------------------------------------------------------
#if PYKEA_HAVE_SUBNETS

using isc::dhcp::HostMgr;
using isc::dhcp::HostMgrOperationTarget;

static_assert(sameValue(PYKEA_HOSTS_MEMORY, HostMgrOperationTarget::PRIMARY_SOURCE) &&
              sameValue(PYKEA_HOSTS_DATABASE, HostMgrOperationTarget::ALTERNATE_SOURCES) &&
              sameValue(PYKEA_HOSTS_ALL, HostMgrOperationTarget::ALL_SOURCES),
              "pykea_hosts_target is HostMgrOperationTarget");

namespace {

HostMgrOperationTarget targetOf(int target) {
    if (target < PYKEA_HOSTS_MEMORY || target > PYKEA_HOSTS_ALL) {
        fail(PYKEA_INVALID_ARGUMENT, "hosts target must be PYKEA_HOSTS_MEMORY (1), _DATABASE (2) "
             "or _ALL (3), not " + std::to_string(target));
    }
    return (static_cast<HostMgrOperationTarget>(target));
}

isc::dhcp::SubnetID subnetIdOf(int64_t subnet_id) {
    if (subnet_id < 0 || subnet_id > isc::dhcp::SUBNET_ID_MAX) {
        fail(PYKEA_INVALID_ARGUMENT, "subnet id must be 0 to " +
             std::to_string(isc::dhcp::SUBNET_ID_MAX) + ", not " + std::to_string(subnet_id));
    }
    return (static_cast<isc::dhcp::SubnetID>(subnet_id));
}

bool anySubnet(int64_t subnet_id) {
    return (subnet_id == PYKEA_SUBNET_ID_ANY);
}

HostPtr storedCopy(pykea_host* handle) {
    // HostMgr keeps what it is given: store a copy, so the caller's object stays its own.
    return (boost::make_shared<Host>(*checked(handle, "host").host));
}

}  // namespace

extern "C" {

pykea_status pykea_hosts_database_available(int* available) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(available);
        *available = static_cast<bool>(HostMgr::instance().getHostDataSource());
    }));
}

pykea_status pykea_hosts_get(int universe, uint32_t subnet_id, int id_type, const uint8_t* id,
                             size_t size, int target, pykea_host** host) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(host);
        requireUniverse(universe);
        requireIdentifier(id, size);
        Host::IdentifierType type = identifierTypeOf(id_type);
        HostMgrOperationTarget where = targetOf(target);
        HostMgr& hosts = HostMgr::instance();
        ConstHostPtr found = universe == PYKEA_UNIVERSE_V4
            ? hosts.get4(subnet_id, type, id, size, where)
            : hosts.get6(subnet_id, type, id, size, where);
        handOutFound(adoptHost(found), host,
                     "no reservation for this identifier in subnet " + std::to_string(subnet_id));
    }));
}

pykea_status pykea_hosts_get_by_address(uint32_t subnet_id, const pykea_address* address,
                                        int target, pykea_host** host) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(host);
        IOAddress value = fromC(address);
        HostMgrOperationTarget where = targetOf(target);
        HostMgr& hosts = HostMgr::instance();
        ConstHostPtr found = value.isV4() ? hosts.get4(subnet_id, value, where)
                                          : hosts.get6(subnet_id, value, where);
        handOutFound(adoptHost(found), host, "no reservation of " + value.toText() + " in subnet " +
                     std::to_string(subnet_id));
    }));
}

pykea_status pykea_hosts_get_all(int id_type, const uint8_t* id, size_t size, int target,
                                 pykea_host_list** hosts) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hosts);
        requireIdentifier(id, size);
        Host::IdentifierType type = identifierTypeOf(id_type);
        *hosts = adopt<pykea_host_list>(HostMgr::instance().getAll(type, id, size,
                                                                   targetOf(target)));
    }));
}

pykea_status pykea_hosts_get_all_in_subnet(int universe, uint32_t subnet_id, int target,
                                           pykea_host_list** hosts) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hosts);
        requireUniverse(universe);
        HostMgrOperationTarget where = targetOf(target);
        HostMgr& source = HostMgr::instance();
        *hosts = adopt<pykea_host_list>(universe == PYKEA_UNIVERSE_V4
                                        ? source.getAll4(subnet_id, where)
                                        : source.getAll6(subnet_id, where));
    }));
}

pykea_status pykea_hosts_get_all_by_address(int64_t subnet_id, const pykea_address* address,
                                            int target, pykea_host_list** hosts) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hosts);
        IOAddress value = fromC(address);
        HostMgrOperationTarget where = targetOf(target);
        HostMgr& source = HostMgr::instance();
        ConstHostCollection found;
        if (anySubnet(subnet_id)) {
            found = value.isV4() ? source.getAll4(value, where) : source.getAll6(value, where);
        } else {
            isc::dhcp::SubnetID id = subnetIdOf(subnet_id);
            found = value.isV4() ? source.getAll4(id, value, where)
                                 : source.getAll6(id, value, where);
        }
        *hosts = adopt<pykea_host_list>(std::move(found));
    }));
}

pykea_status pykea_hosts_get_by_hostname(int universe, const char* hostname, int64_t subnet_id,
                                         int target, pykea_host_list** hosts) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hostname);
        PYKEA_REQUIRE_ARG(hosts);
        requireUniverse(universe);
        HostMgrOperationTarget where = targetOf(target);
        HostMgr& source = HostMgr::instance();
        ConstHostCollection found;
        if (anySubnet(subnet_id)) {
            found = source.getAllbyHostname(hostname, where);
        } else if (universe == PYKEA_UNIVERSE_V4) {
            found = source.getAllbyHostname4(hostname, subnetIdOf(subnet_id), where);
        } else {
            found = source.getAllbyHostname6(hostname, subnetIdOf(subnet_id), where);
        }
        *hosts = adopt<pykea_host_list>(std::move(found));
    }));
}

pykea_status pykea_hosts_get_page(int universe, int64_t subnet_id, size_t* source_index,
                                  uint64_t from_id, size_t page_size, pykea_host_list** hosts) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(source_index);
        PYKEA_REQUIRE_ARG(hosts);
        requireUniverse(universe);
        isc::dhcp::HostPageSize size(page_size);
        HostMgr& source = HostMgr::instance();
        ConstHostCollection found;
        if (anySubnet(subnet_id)) {
            found = universe == PYKEA_UNIVERSE_V4
                ? source.getPage4(*source_index, from_id, size)
                : source.getPage6(*source_index, from_id, size);
        } else {
            isc::dhcp::SubnetID id = subnetIdOf(subnet_id);
            found = universe == PYKEA_UNIVERSE_V4
                ? source.getPage4(id, *source_index, from_id, size)
                : source.getPage6(id, *source_index, from_id, size);
        }
        *hosts = adopt<pykea_host_list>(std::move(found));
    }));
}

pykea_status pykea_hosts_add(pykea_host* host, int target) {
    return (guarded([&] {
        HostMgrOperationTarget where = targetOf(target);
        HostMgr::instance().add(storedCopy(host), where);
    }));
}

pykea_status pykea_hosts_update(pykea_host* host, int target) {
    return (guarded([&] {
        HostMgrOperationTarget where = targetOf(target);
        HostMgr::instance().update(storedCopy(host), where);
    }));
}

pykea_status pykea_hosts_del(uint32_t subnet_id, const pykea_address* address, int target,
                             int* deleted) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(deleted);
        IOAddress value = fromC(address);
        *deleted = HostMgr::instance().del(subnet_id, value, targetOf(target));
    }));
}

pykea_status pykea_hosts_del_by_identifier(int universe, uint32_t subnet_id, int id_type,
                                           const uint8_t* id, size_t size, int target,
                                           int* deleted) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(deleted);
        requireUniverse(universe);
        requireIdentifier(id, size);
        Host::IdentifierType type = identifierTypeOf(id_type);
        HostMgrOperationTarget where = targetOf(target);
        HostMgr& hosts = HostMgr::instance();
        *deleted = universe == PYKEA_UNIVERSE_V4 ? hosts.del4(subnet_id, type, id, size, where)
                                                 : hosts.del6(subnet_id, type, id, size, where);
    }));
}

}  // extern "C"

#else  // Kea 2.2: dhcpsrv/host_mgr.h does not compile with its kea-dev.

namespace {
const std::string HOSTS_UNAVAILABLE = std::string("the host manager is unavailable with Kea ") +
    compat::keaSeriesName() + ": " + compat::HOST_MANAGER_MISSING;
}

extern "C" {
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_database_available, int*)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_get, int, uint32_t, int, const uint8_t*, size_t, int, pykea_host**)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_get_by_address, uint32_t, const pykea_address*, int, pykea_host**)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_get_all, int, const uint8_t*, size_t, int, pykea_host_list**)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_get_all_in_subnet, int, uint32_t, int, pykea_host_list**)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_get_all_by_address, int64_t, const pykea_address*, int, pykea_host_list**)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_get_by_hostname, int, const char*, int64_t, int, pykea_host_list**)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_get_page, int, int64_t, size_t*, uint64_t, size_t, pykea_host_list**)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_add, pykea_host*, int)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_update, pykea_host*, int)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_del, uint32_t, const pykea_address*, int, int*)
PYKEA_UNAVAILABLE(HOSTS_UNAVAILABLE, pykea_hosts_del_by_identifier, int, uint32_t, int, const uint8_t*, size_t, int, int*)
}  // extern "C"

#endif

// ---- Kea's reservation parser ------------------------------------------------------------------
#if PYKEA_HAVE_SERVER_CONFIG

extern "C" {

pykea_status pykea_host_parse(int universe, const char* json, uint32_t subnet_id,
                              pykea_host** host) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        PYKEA_REQUIRE_ARG(host);
        requireUniverse(universe);
        HostPtr parsed;
        try {
            isc::data::ConstElementPtr reservation = isc::data::Element::fromJSON(std::string(json));
            // Options as host_cmds stores them: not encapsulated (Kea does it when serving).
            if (universe == PYKEA_UNIVERSE_V4) {
                parsed = isc::dhcp::HostReservationParser4().parse(subnet_id, reservation, false);
            } else {
                parsed = isc::dhcp::HostReservationParser6().parse(subnet_id, reservation, false);
            }
        } catch (const isc::Exception& e) {
            fail(PYKEA_INVALID_ARGUMENT, e.what());
        }
        *host = adopt<pykea_host>(std::move(parsed), true);
    }));
}

}  // extern "C"

#else

extern "C" {
PYKEA_UNAVAILABLE(std::string(compat::SERVER_CONFIG_MISSING), pykea_host_parse, int, const char*, uint32_t, pykea_host**)
}  // extern "C"

#endif

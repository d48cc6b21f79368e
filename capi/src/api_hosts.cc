// The host calls of pykea.h: Host objects (reservations) and Kea's host manager (HostMgr).
#include "address.h"
#include "compat.h"
#include "errors.h"
#include "handles.h"

#include <cc/data.h>
#include <dhcpsrv/host.h>
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

Host::IdentifierType identifierType(int id_type) {
    if (id_type < Host::IDENT_HWADDR || id_type > Host::LAST_IDENTIFIER_TYPE) {
        fail(PYKEA_INVALID_ARGUMENT, "identifier type " + std::to_string(id_type) +
             " is not hw-address (0), duid (1), circuit-id (2), client-id (3) or flex-id (4)");
    }
    return (static_cast<Host::IdentifierType>(id_type));
}

void requireIdentifier(const uint8_t* data, size_t size) {
    if (size == 0) {
        fail(PYKEA_INVALID_ARGUMENT, "a host identifier cannot be empty");
    }
    requireNonNull(data, "identifier");
}

void requireUniverse(int universe) {
    if (universe != PYKEA_UNIVERSE_V4 && universe != PYKEA_UNIVERSE_V6) {
        fail(PYKEA_INVALID_ARGUMENT, "universe must be 4 or 6, not " + std::to_string(universe));
    }
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

isc::dhcp::BaseHostDataSource& manager() {
    isc::dhcp::BaseHostDataSource* found = compat::hostManager();
    if (!found) {
        fail(PYKEA_UNSUPPORTED, std::string("the host manager is unavailable with Kea ") +
             compat::keaSeriesName() + ": " + compat::HOST_MANAGER_MISSING);
    }
    return (*found);
}

void handOut(ConstHostPtr found, pykea_host** host) {
    *host = found ? adopt<pykea_host>(std::move(found), false) : nullptr;
}

}  // namespace

extern "C" {

pykea_status pykea_host_new(int id_type, const uint8_t* id, size_t size, pykea_host** host) {
    return (guarded([&] {
        requireNonNull(host, "host");
        requireIdentifier(id, size);
        Host::IdentifierType type = identifierType(id_type);
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
        requireNonNull(copy, "copy");
        *copy = adopt<pykea_host>(boost::make_shared<Host>(hostOf(host)), true);
    }));
}

pykea_status pykea_host_free(pykea_host* host) {
    return (freeHandle(host));
}

pykea_status pykea_host_writable(pykea_host* host, int* writable) {
    return (guarded([&] {
        requireNonNull(writable, "writable");
        *writable = checked(host, "host").writable;
    }));
}

pykea_status pykea_host_identifier(pykea_host* host, int* id_type, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        requireNonNull(id_type, "id_type");
        requireNonNull(data, "data");
        requireNonNull(size, "size");
        const Host& target = hostOf(host);
        *id_type = target.getIdentifierType();
        const std::vector<uint8_t>& identifier = target.getIdentifier();
        *data = threadBytes(identifier.data(), identifier.size(), size);
    }));
}

pykea_status pykea_host_get_subnet_id(pykea_host* host, int universe, uint32_t* subnet_id) {
    return (guarded([&] {
        requireNonNull(subnet_id, "subnet_id");
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
        requireNonNull(address, "address");
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
        requireNonNull(hostname, "hostname");
        *hostname = threadText(hostOf(host).getHostname());
    }));
}

pykea_status pykea_host_set_hostname(pykea_host* host, const char* hostname) {
    return (guarded([&] {
        requireNonNull(hostname, "hostname");
        writableHostOf(host).setHostname(hostname);
    }));
}

pykea_status pykea_host_classes(pykea_host* host, int universe, const char** names) {
    return (guarded([&] {
        requireNonNull(names, "names");
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
        requireNonNull(type, "type");
        requireNonNull(prefix_length, "prefix_length");
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
        requireNonNull(json, "json");
        requireUniverse(universe);
        const Host& target = hostOf(host);
        isc::data::ElementPtr element = universe == PYKEA_UNIVERSE_V4 ? target.toElement4()
                                                                      : target.toElement6();
        *json = threadText(element->str());
    }));
}

pykea_status pykea_host_text(pykea_host* host, const char** text) {
    return (guarded([&] {
        requireNonNull(text, "text");
        *text = threadText(hostOf(host).toText());
    }));
}

pykea_status pykea_host_list_free(pykea_host_list* hosts) {
    return (freeHandle(hosts));
}

pykea_status pykea_host_list_size(pykea_host_list* hosts, size_t* size) {
    return (guarded([&] {
        requireNonNull(size, "size");
        *size = checked(hosts, "hosts").hosts.size();
    }));
}

pykea_status pykea_host_list_get(pykea_host_list* hosts, size_t index, pykea_host** host) {
    return (guarded([&] {
        requireNonNull(host, "host");
        pykea_host_list& list = checked(hosts, "hosts");
        if (index >= list.hosts.size()) {
            fail(PYKEA_INVALID_ARGUMENT, "host index " + std::to_string(index) + " is past the end");
        }
        *host = adopt<pykea_host>(list.hosts[index], false);
    }));
}

pykea_status pykea_hosts_get(int universe, uint32_t subnet_id, int id_type, const uint8_t* id,
                             size_t size, pykea_host** host) {
    return (guarded([&] {
        requireNonNull(host, "host");
        requireUniverse(universe);
        requireIdentifier(id, size);
        Host::IdentifierType type = identifierType(id_type);
        isc::dhcp::BaseHostDataSource& hosts = manager();
        handOut(universe == PYKEA_UNIVERSE_V4 ? hosts.get4(subnet_id, type, id, size)
                                              : hosts.get6(subnet_id, type, id, size), host);
    }));
}

pykea_status pykea_hosts_get_by_address(uint32_t subnet_id, const pykea_address* address,
                                        pykea_host** host) {
    return (guarded([&] {
        requireNonNull(host, "host");
        IOAddress value = fromC(address);
        isc::dhcp::BaseHostDataSource& hosts = manager();
        handOut(value.isV4() ? hosts.get4(subnet_id, value) : hosts.get6(subnet_id, value), host);
    }));
}

pykea_status pykea_hosts_get_all(int id_type, const uint8_t* id, size_t size, pykea_host_list** hosts) {
    return (guarded([&] {
        requireNonNull(hosts, "hosts");
        requireIdentifier(id, size);
        Host::IdentifierType type = identifierType(id_type);
        *hosts = adopt<pykea_host_list>(manager().getAll(type, id, size));
    }));
}

pykea_status pykea_hosts_get_all_in_subnet(int universe, uint32_t subnet_id, pykea_host_list** hosts) {
    return (guarded([&] {
        requireNonNull(hosts, "hosts");
        requireUniverse(universe);
        isc::dhcp::BaseHostDataSource& source = manager();
        *hosts = adopt<pykea_host_list>(universe == PYKEA_UNIVERSE_V4 ? source.getAll4(subnet_id)
                                                                      : source.getAll6(subnet_id));
    }));
}

pykea_status pykea_hosts_add(pykea_host* host) {
    return (guarded([&] {
        pykea_host& checked_handle = checked(host, "host");
        // HostMgr keeps what it is given: store a copy, so the caller's object stays its own.
        manager().add(boost::make_shared<Host>(*checked_handle.host));
    }));
}

pykea_status pykea_hosts_del(uint32_t subnet_id, const pykea_address* address, int* deleted) {
    return (guarded([&] {
        requireNonNull(deleted, "deleted");
        IOAddress value = fromC(address);
        *deleted = manager().del(subnet_id, value);
    }));
}

pykea_status pykea_hosts_del_by_identifier(int universe, uint32_t subnet_id, int id_type,
                                           const uint8_t* id, size_t size, int* deleted) {
    return (guarded([&] {
        requireNonNull(deleted, "deleted");
        requireUniverse(universe);
        requireIdentifier(id, size);
        Host::IdentifierType type = identifierType(id_type);
        isc::dhcp::BaseHostDataSource& hosts = manager();
        *deleted = universe == PYKEA_UNIVERSE_V4 ? hosts.del4(subnet_id, type, id, size)
                                                 : hosts.del6(subnet_id, type, id, size);
    }));
}

pykea_status pykea_handle_get_host(pykea_callout_handle* handle, const char* name, pykea_host** host) {
    return (guarded([&] {
        requireNonNull(host, "host");
        handOut(argument<ConstHostPtr>(handle, name), host);
    }));
}

}  // extern "C"

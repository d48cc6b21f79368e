// The lease database calls of pykea.h: Kea's LeaseMgr (LeaseMgrFactory::instance()), the one the
// server opened from its "lease-database" configuration. Every lookup answers a lease list.
#include "address.h"
#include "args.h"
#include "compat.h"
#include "errors.h"
#include "handles.h"
#include "kea_enums.h"

#if PYKEA_HAVE_SUBNETS
#include <dhcp/duid.h>
#include <dhcp/hwaddr.h>
#include <dhcpsrv/dhcpsrv_exceptions.h>
#include <dhcpsrv/lease_mgr.h>
#include <dhcpsrv/lease_mgr_factory.h>
#include <log/logger_support.h>

#include <set>
#endif

using namespace pykea;

#if PYKEA_HAVE_SUBNETS

using isc::asiolink::IOAddress;
using isc::dhcp::Lease;
using isc::dhcp::Lease4;
using isc::dhcp::Lease4Ptr;
using isc::dhcp::Lease6;
using isc::dhcp::Lease6Ptr;
using isc::dhcp::LeaseMgr;
using isc::dhcp::LeaseMgrFactory;
using isc::dhcp::SubnetID;

namespace {

LeaseMgr& leaseMgr() {
    if (!LeaseMgrFactory::haveInstance()) {
        fail(PYKEA_ERROR, "no lease database is open: Kea opens it from the \"lease-database\" "
             "configuration when the server starts (in unit tests: "
             "pykea.leasemgr.open_for_testing())");
    }
    return (LeaseMgrFactory::instance());
}

template <typename Collection>
void answer(const Collection& found, pykea_lease_list** leases) {
    *leases = adopt<pykea_lease_list>(std::vector<isc::dhcp::LeasePtr>(found.begin(), found.end()));
}

void answerOne(const isc::dhcp::LeasePtr& found, pykea_lease_list** leases) {
    std::vector<isc::dhcp::LeasePtr> list;
    if (found) {
        list.push_back(found);
    }
    *leases = adopt<pykea_lease_list>(std::move(list));
}

bool anySubnet(int64_t subnet_id) {
    if (subnet_id > static_cast<int64_t>(UINT32_MAX)) {
        fail(PYKEA_INVALID_ARGUMENT, "subnet id must be at most 4294967295, not " +
             std::to_string(subnet_id));
    }
    return (subnet_id <= PYKEA_SUBNET_ID_ANY);
}

Lease::Type lease6Type(int type) {
    return (leaseTypeOf(type, PYKEA_LEASE_TYPE_PD, "lease type"));
}

isc::dhcp::DUID duidOf(const uint8_t* data, size_t size) {
    requireNonNull(data, "duid");
    return (isc::dhcp::DUID(data, size));
}

// Runs ``action`` on a copy of the handle's lease (as Lease4Ptr or Lease6Ptr), so that the
// database never shares an object Python may go on changing; the copy's new expiration time as
// stored (current_cltt_, current_valid_lft_) is brought back to the handle's lease.
template <typename Action>
auto onCopy(pykea_lease* handle, Action&& action) {
    pykea_lease& lease = checked(handle, "lease");
    auto run = [&](const auto& copy) {
        auto result = action(copy);
        Lease::syncCurrentExpirationTime(*copy, *lease.lease);
        return (result);
    };
    if (lease.v4) {
        return (run(boost::make_shared<Lease4>(*lease.v4)));
    }
    return (run(boost::make_shared<Lease6>(static_cast<const Lease6&>(*lease.lease))));
}

// What lease_cmds does before it updates a lease it built from a command: the expiration the
// database holds becomes the one the update is checked against.
void takeStoredExpiration(Lease4& lease) {
    if (Lease4Ptr stored = leaseMgr().getLease4(lease.addr_)) {
        Lease::syncCurrentExpirationTime(*stored, lease);
    }
}

void takeStoredExpiration(Lease6& lease) {
    if (Lease6Ptr stored = leaseMgr().getLease6(lease.type_, lease.addr_)) {
        Lease::syncCurrentExpirationTime(*stored, lease);
    }
}

bool updateIn(LeaseMgr& mgr, const Lease4Ptr& lease) {
    mgr.updateLease4(lease);
    return (true);
}

bool updateIn(LeaseMgr& mgr, const Lease6Ptr& lease) {
    mgr.updateLease6(lease);
    return (true);
}

uint64_t wipeSubnet(const Lease4*, SubnetID id) { return (leaseMgr().wipeLeases4(id)); }
uint64_t wipeSubnet(const Lease6*, SubnetID id) { return (leaseMgr().wipeLeases6(id)); }
isc::dhcp::Lease4Collection allLeases(const Lease4*) { return (leaseMgr().getLeases4()); }
isc::dhcp::Lease6Collection allLeases(const Lease6*) { return (leaseMgr().getLeases6()); }

// Kea's wipeLeases4/6 take one subnet, and for subnet 0 only the leases stored with subnet id 0
// (memfile): "all subnets" is every subnet id a stored lease has, as lease_cmds' lease4-wipe goes
// over the configured subnets.
template <typename LeaseType>
uint64_t wipe(uint32_t subnet_id) {
    const LeaseType* kind = nullptr;
    if (subnet_id != 0) {
        return (wipeSubnet(kind, SubnetID(subnet_id)));
    }
    std::set<uint32_t> subnets;
    for (const auto& lease : allLeases(kind)) {
        subnets.insert(lease->subnet_id_);
    }
    uint64_t wiped = 0;
    for (uint32_t id : subnets) {
        wiped += wipeSubnet(kind, SubnetID(id));
    }
    return (wiped);
}

}  // namespace

extern "C" {

pykea_status pykea_leasemgr_available(int* available) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(available);
        *available = LeaseMgrFactory::haveInstance();
    }));
}

pykea_status pykea_leasemgr_get_address(int type, const pykea_address* address,
                                        pykea_lease_list** leases) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(leases);
        IOAddress value = fromC(address);
        if (type == PYKEA_LEASE_TYPE_V4) {
            if (!value.isV4()) {
                fail(PYKEA_INVALID_ARGUMENT, "a DHCPv4 lease has an IPv4 address, not " + value.toText());
            }
            answerOne(leaseMgr().getLease4(value), leases);
            return;
        }
        if (!value.isV6()) {
            fail(PYKEA_INVALID_ARGUMENT, "a DHCPv6 lease has an IPv6 address, not " + value.toText());
        }
        answerOne(leaseMgr().getLease6(lease6Type(type), value), leases);
    }));
}

pykea_status pykea_leasemgr_get4_hwaddr(int htype, const uint8_t* data, size_t size,
                                        int64_t subnet_id, pykea_lease_list** leases) {
    return (guarded([&] {
        requireNonNull(data, "hardware address");
        PYKEA_REQUIRE_ARG(leases);
        if (htype < 0 || htype > 65535) {
            fail(PYKEA_INVALID_ARGUMENT, "hardware type must be 0 to 65535");
        }
        isc::dhcp::HWAddr hwaddr(data, size, static_cast<uint16_t>(htype));
        if (anySubnet(subnet_id)) {
            answer(leaseMgr().getLease4(hwaddr), leases);
        } else {
            answerOne(leaseMgr().getLease4(hwaddr, static_cast<SubnetID>(subnet_id)), leases);
        }
    }));
}

pykea_status pykea_leasemgr_get4_client_id(const uint8_t* data, size_t size, int64_t subnet_id,
                                           pykea_lease_list** leases) {
    return (guarded([&] {
        requireNonNull(data, "client identifier");
        PYKEA_REQUIRE_ARG(leases);
        isc::dhcp::ClientId client_id(data, size);
        if (anySubnet(subnet_id)) {
            answer(leaseMgr().getLease4(client_id), leases);
        } else {
            answerOne(leaseMgr().getLease4(client_id, static_cast<SubnetID>(subnet_id)), leases);
        }
    }));
}

pykea_status pykea_leasemgr_get6_duid(const uint8_t* duid, size_t size, pykea_lease_list** leases) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(leases);
        answer(leaseMgr().getLeases6(duidOf(duid, size)), leases);
    }));
}

pykea_status pykea_leasemgr_get6_iaid(int type, const uint8_t* duid, size_t size, uint32_t iaid,
                                      int64_t subnet_id, pykea_lease_list** leases) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(leases);
        isc::dhcp::DUID client = duidOf(duid, size);
        if (anySubnet(subnet_id)) {
            answer(leaseMgr().getLeases6(lease6Type(type), client, iaid), leases);
        } else {
            answer(leaseMgr().getLeases6(lease6Type(type), client, iaid,
                                         static_cast<SubnetID>(subnet_id)), leases);
        }
    }));
}

pykea_status pykea_leasemgr_get_subnet(int universe, uint32_t subnet_id, pykea_lease_list** leases) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(leases);
        requireUniverse(universe);
        if (universe == PYKEA_UNIVERSE_V4) {
            answer(leaseMgr().getLeases4(SubnetID(subnet_id)), leases);
        } else {
            answer(leaseMgr().getLeases6(SubnetID(subnet_id)), leases);
        }
    }));
}

pykea_status pykea_leasemgr_get_page(const pykea_address* after, size_t page_size,
                                     pykea_lease_list** leases) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(leases);
        IOAddress lower_bound = fromC(after);
        isc::dhcp::LeasePageSize page(page_size);
        if (lower_bound.isV4()) {
            answer(leaseMgr().getLeases4(lower_bound, page), leases);
        } else {
            answer(leaseMgr().getLeases6(lower_bound, page), leases);
        }
    }));
}

pykea_status pykea_leasemgr_add(pykea_lease* lease, int* added) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(added);
        *added = onCopy(lease, [](const auto& copy) { return (leaseMgr().addLease(copy)); });
    }));
}

pykea_status pykea_leasemgr_update(pykea_lease* lease, int mode) {
    return (guarded([&] {
        if (mode != PYKEA_UPDATE_UNCHANGED && mode != PYKEA_UPDATE_OVERWRITE) {
            fail(PYKEA_INVALID_ARGUMENT, "update mode must be PYKEA_UPDATE_UNCHANGED or "
                 "PYKEA_UPDATE_OVERWRITE, not " + std::to_string(mode));
        }
        try {
            onCopy(lease, [&](const auto& copy) {
                if (mode == PYKEA_UPDATE_OVERWRITE) {
                    takeStoredExpiration(*copy);
                }
                return (updateIn(leaseMgr(), copy));
            });
        } catch (const isc::dhcp::NoSuchLease& e) {
            fail(PYKEA_NOT_FOUND, std::string(e.what()) + " (add() a lease the database does not have; "
                 "update() one that get() returned, or pass overwrite=True)");
        }
    }));
}

pykea_status pykea_leasemgr_get_hostname(int universe, const char* hostname,
                                         pykea_lease_list** leases) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hostname);
        PYKEA_REQUIRE_ARG(leases);
        requireUniverse(universe);
        if (universe == PYKEA_UNIVERSE_V4) {
            answer(leaseMgr().getLeases4(std::string(hostname)), leases);
        } else {
            answer(leaseMgr().getLeases6(std::string(hostname)), leases);
        }
    }));
}

pykea_status pykea_leasemgr_write(int universe, const char* filename, const char** written) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(filename);
        PYKEA_REQUIRE_ARG(written);
        requireUniverse(universe);
        std::string path;
        try {
            path = compat::allowedDataPath(filename);
        } catch (const std::invalid_argument& e) {
            fail(PYKEA_INVALID_ARGUMENT, e.what());
        }
        if (universe == PYKEA_UNIVERSE_V4) {
            leaseMgr().writeLeases4(path);
        } else {
            leaseMgr().writeLeases6(path);
        }
        *written = threadText(path);
    }));
}

pykea_status pykea_leasemgr_delete(pykea_lease* lease, int* deleted) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(deleted);
        *deleted = onCopy(lease, [](const auto& copy) { return (leaseMgr().deleteLease(copy)); });
    }));
}

pykea_status pykea_leasemgr_wipe(int universe, uint32_t subnet_id, uint64_t* wiped) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(wiped);
        requireUniverse(universe);
        *wiped = universe == PYKEA_UNIVERSE_V4 ? wipe<Lease4>(subnet_id) : wipe<Lease6>(subnet_id);
    }));
}

pykea_status pykea_testing_open_lease_database(const char* access) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(access);
        if (!isc::log::isLoggingInitialized()) {
            fail(PYKEA_ERROR, "Kea's logging is not started, and its lease database logs: create "
                 "a pykea.testing.KeaHooks() first");
        }
        LeaseMgrFactory::create(access);
    }));
}

pykea_status pykea_testing_close_lease_database(void) {
    return (guarded([&] { LeaseMgrFactory::destroy(); }));
}

}  // extern "C"

#else  // Kea 2.2: dhcpsrv/lease_mgr.h does not compile with its kea-dev.

namespace {

pykea_status unsupported() {
    return (guarded([] { fail(PYKEA_UNSUPPORTED, compat::LEASE_DATABASE_MISSING); }));
}

}  // namespace

extern "C" {

pykea_status pykea_leasemgr_available(int*) { return (unsupported()); }
pykea_status pykea_leasemgr_get_address(int, const pykea_address*, pykea_lease_list**) { return (unsupported()); }
pykea_status pykea_leasemgr_get4_hwaddr(int, const uint8_t*, size_t, int64_t, pykea_lease_list**) { return (unsupported()); }
pykea_status pykea_leasemgr_get4_client_id(const uint8_t*, size_t, int64_t, pykea_lease_list**) { return (unsupported()); }
pykea_status pykea_leasemgr_get6_duid(const uint8_t*, size_t, pykea_lease_list**) { return (unsupported()); }
pykea_status pykea_leasemgr_get6_iaid(int, const uint8_t*, size_t, uint32_t, int64_t, pykea_lease_list**) { return (unsupported()); }
pykea_status pykea_leasemgr_get_subnet(int, uint32_t, pykea_lease_list**) { return (unsupported()); }
pykea_status pykea_leasemgr_get_page(const pykea_address*, size_t, pykea_lease_list**) { return (unsupported()); }
pykea_status pykea_leasemgr_add(pykea_lease*, int*) { return (unsupported()); }
pykea_status pykea_leasemgr_update(pykea_lease*, int) { return (unsupported()); }
pykea_status pykea_leasemgr_get_hostname(int, const char*, pykea_lease_list**) { return (unsupported()); }
pykea_status pykea_leasemgr_write(int, const char*, const char**) { return (unsupported()); }
pykea_status pykea_leasemgr_delete(pykea_lease*, int*) { return (unsupported()); }
pykea_status pykea_leasemgr_wipe(int, uint32_t, uint64_t*) { return (unsupported()); }
pykea_status pykea_testing_open_lease_database(const char*) { return (unsupported()); }
pykea_status pykea_testing_close_lease_database(void) { return (unsupported()); }

}  // extern "C"

#endif

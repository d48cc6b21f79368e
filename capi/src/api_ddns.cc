// The DHCP-DDNS calls of pykea.h: the server's D2ClientMgr (CfgMgr::getD2ClientMgr) and Kea's
// queueNCR, which builds a NameChangeRequest from a lease and hands it to that client, as the
// server and lease_cmds' lease4-resend-ddns do. Where cfgmgr.h does not compile
// (PYKEA_HAVE_SERVER_CONFIG is 0), both calls answer PYKEA_UNSUPPORTED with the reason.
#include "args.h"
#include "compat.h"
#include "errors.h"
#include "handles.h"

using namespace pykea;

#if PYKEA_HAVE_SERVER_CONFIG

#include <dhcp_ddns/ncr_msg.h>
#include <dhcpsrv/cfgmgr.h>
#include <dhcpsrv/ncr_generator.h>

using isc::dhcp_ddns::NameChangeType;

static_assert(PYKEA_DDNS_CHANGE_ADD == static_cast<int>(isc::dhcp_ddns::CHG_ADD) &&
              PYKEA_DDNS_CHANGE_REMOVE == static_cast<int>(isc::dhcp_ddns::CHG_REMOVE),
              "pykea_ddns_change is dhcp_ddns::NameChangeType");

extern "C" {

pykea_status pykea_ddns_enabled(int* enabled) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(enabled);
        *enabled = isc::dhcp::CfgMgr::instance().getD2ClientMgr().ddnsEnabled();
    }));
}

pykea_status pykea_ddns_queue_lease(pykea_lease* lease, int change) {
    return (guarded([&] {
        if (change != PYKEA_DDNS_CHANGE_ADD && change != PYKEA_DDNS_CHANGE_REMOVE) {
            fail(PYKEA_INVALID_ARGUMENT, "change must be PYKEA_DDNS_CHANGE_ADD or "
                 "PYKEA_DDNS_CHANGE_REMOVE, not " + std::to_string(change));
        }
        const pykea_lease& handle = checked(lease, "lease");
        auto type = static_cast<NameChangeType>(change);
        // A copy: Python may change the lease from another thread while Kea reads it.
        if (handle.v4) {
            isc::dhcp::queueNCR(type, boost::make_shared<isc::dhcp::Lease4>(*handle.v4));
        } else {
            isc::dhcp::queueNCR(type, boost::make_shared<isc::dhcp::Lease6>(
                static_cast<const isc::dhcp::Lease6&>(*handle.lease)));
        }
    }));
}

}  // extern "C"

#else

namespace {

const std::string UNAVAILABLE = std::string("Kea's DHCP-DDNS client is unavailable with Kea ") +
    compat::keaSeriesName() + ": it is reached through dhcpsrv/cfgmgr.h, and " +
    compat::SERVER_CONFIG_MISSING;

}  // namespace

extern "C" {

PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_ddns_enabled, int *enabled)
PYKEA_UNAVAILABLE(UNAVAILABLE, pykea_ddns_queue_lease, pykea_lease *lease, int change)

}  // extern "C"

#endif

// The benchmark's native C++ callouts.
//
// Without a "mode" hook parameter (benchmarks/run.py's in-process tables): the same callouts as
// benchmarks/bench_hook.py, a no-op pkt4_receive and a pkt4_send reading query4's transid.
//
// With "mode" (kea-dhcp4 under load, table 4): one of the three hooks of benchmarks/hooks/, so
// that native and Python do the same work:
//   "noop"  - pkt4_receive doing nothing (hooks/noop_hook.py)
//   "send"  - pkt4_send reading query4's hardware address and message type and adding option
//             252 (a string) to response4 (hooks/option_hook.py)
//   "lease" - lease4_select reading lease4's address and hardware address (hooks/lease_hook.py)
//
// The callouts are registered by load(), not exported under hook point names, since Kea would
// register every exported hook point name whatever the mode.
#include <asiolink/io_address.h>
#include <cc/data.h>
#include <dhcp/hwaddr.h>
#include <dhcp/option.h>
#include <dhcp/pkt4.h>
#include <dhcpsrv/lease.h>
#include <hooks/hooks.h>

#include <string>

using namespace isc::hooks;
using namespace isc::dhcp;

namespace {

const std::string WPAD = "http://wpad.example/wpad.dat";

int noop(CalloutHandle&) {
    return (0);
}

int read_transid(CalloutHandle& handle) {
    Pkt4Ptr query;
    handle.getArgument("query4", query);
    volatile uint32_t transid = query->getTransid();
    (void)transid;
    return (0);
}

int add_option(CalloutHandle& handle) {
    Pkt4Ptr query;
    Pkt4Ptr response;
    handle.getArgument("query4", query);
    handle.getArgument("response4", response);
    HWAddrPtr hwaddr = query->getHWAddr();
    uint8_t message_type = query->getType();
    if (hwaddr && message_type && response) {
        OptionBuffer data(WPAD.begin(), WPAD.end());
        response->addOption(OptionPtr(new Option(Option::V4, 252, data)));
    }
    return (0);
}

int read_lease(CalloutHandle& handle) {
    Lease4Ptr lease;
    handle.getArgument("lease4", lease);
    if (lease) {
        volatile uint32_t address = lease->addr_.toUint32();
        volatile size_t hwaddr_length = lease->hwaddr_ ? lease->hwaddr_->hwaddr_.size() : 0;
        (void)address;
        (void)hwaddr_length;
    }
    return (0);
}

}  // namespace

extern "C" {

int version() { return (KEA_HOOKS_VERSION); }
int multi_threading_compatible() { return (1); }

int load(LibraryHandle& handle) {
    isc::data::ConstElementPtr mode = handle.getParameter("mode");
    if (!mode) {
        handle.registerCallout("pkt4_receive", noop);
        handle.registerCallout("pkt4_send", read_transid);
    } else if (mode->stringValue() == "noop") {
        handle.registerCallout("pkt4_receive", noop);
    } else if (mode->stringValue() == "send") {
        handle.registerCallout("pkt4_send", add_option);
    } else if (mode->stringValue() == "lease") {
        handle.registerCallout("lease4_select", read_lease);
    } else {
        return (1);
    }
    return (0);
}

int unload() { return (0); }

}

// The network state and address callout arguments of pykea.h (every Kea version).
#include "address.h"
#include "args.h"
#include "compat.h"
#include "errors.h"
#include "handles.h"

#include <dhcpsrv/network_state.h>

using namespace pykea;

struct pykea_network_state : pykea::Tracked {
    explicit pykea_network_state(isc::dhcp::NetworkStatePtr s) : state(std::move(s)) {}
    boost::shared_ptr<void> takeReference() override { return (std::move(state)); }
    isc::dhcp::NetworkStatePtr state;
};

extern "C" {

pykea_status pykea_handle_get_network_state(pykea_callout_handle* handle, const char* name,
                                            pykea_network_state** state) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(state);
        isc::dhcp::NetworkStatePtr value = argument<isc::dhcp::NetworkStatePtr>(handle, name);
        *state = value ? adopt<pykea_network_state>(value) : nullptr;
    }));
}

pykea_status pykea_network_state_free(pykea_network_state* state) {
    return (freeHandle(state));
}

pykea_status pykea_network_state_enabled(pykea_network_state* state, int* enabled) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(enabled);
        *enabled = checked(state, "network state").state->isServiceEnabled();
    }));
}

pykea_status pykea_network_state_set_enabled(pykea_network_state* state, int enabled) {
    return (guarded([&] {
        compat::setServiceEnabled(*checked(state, "network state").state, enabled != 0);
    }));
}

pykea_status pykea_handle_get_address(pykea_callout_handle* handle, const char* name,
                                      pykea_address* address) {
    return (guarded([&] {
        requireNonNull(name, "argument name");
        isc::asiolink::IOAddress value = isc::asiolink::IOAddress::IPV6_ZERO_ADDRESS();  // no default
        kea(handle).getArgument(name, value);
        toC(value, address);
    }));
}

}  // extern "C"

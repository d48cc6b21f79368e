// The benchmark's baseline: the same callouts as benchmarks/bench_hook.py, in C++.
#include <dhcp/pkt4.h>
#include <hooks/hooks.h>

using namespace isc::hooks;

extern "C" {

int version() { return (KEA_HOOKS_VERSION); }
int multi_threading_compatible() { return (1); }

int pkt4_receive(CalloutHandle&) {
    return (0);
}

int pkt4_send(CalloutHandle& handle) {
    isc::dhcp::Pkt4Ptr query;
    handle.getArgument("query4", query);
    volatile uint32_t transid = query->getTransid();
    (void)transid;
    return (0);
}

}

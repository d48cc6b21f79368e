// Re-initialises Kea's logging in this process at INFO, so that Kea's per-call debug messages
// (HOOKS_CALLOUTS_BEGIN / HOOKS_CALLOUT_CALLED / HOOKS_CALLOUTS_COMPLETE) are neither formatted
// nor written: pykea.testing starts Kea's logger at DEBUG level 99, which is right for tests
// but would make every HooksManager::callCallouts cost tens of microseconds of logging.
// Built by benchmarks/run.py with g++ into a temporary directory (not installed).
#include <log/logger_support.h>

extern "C" int pykea_bench_log_info(const char* root) {
    try {
        isc::log::initLogger(root, isc::log::INFO, 0, nullptr, false);
        return (0);
    } catch (...) {
        return (1);
    }
}

// Calls a function in a C loop, either in the calling thread or in a new thread that Python has
// never seen, as Kea's packet-processing threads are. benchmarks/run.py passes it
// pykea_testing_call to time HooksManager::callCallouts without a Python loop around it.
// Built by run.py with g++ into a temporary directory (not installed).
#include <chrono>
#include <thread>
#include <vector>

typedef int (*pykea_bench_call_fn)(const char* hook, void* handle);

namespace {

double timed(pykea_bench_call_fn call, const char* hook, void* handle, long count, int* status) {
    int failed = 0;
    auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < count; ++i) {
        failed |= call(hook, handle);
    }
    auto stop = std::chrono::steady_clock::now();
    *status = failed;
    return (std::chrono::duration<double, std::nano>(stop - start).count() / count);
}

}  // namespace

extern "C" {

// ns per call, looping in this thread.
double pykea_bench_loop_here(pykea_bench_call_fn call, const char* hook, void* handle,
                             long count, int* status) {
    return (timed(call, hook, handle, count, status));
}

// ns per call when, before each call, this thread writes to every cache line of a buffer of
// thrash_bytes: Python's and Kea's code and data are then no longer in the CPU's caches, as after
// a server processed other work between two callouts. Only the calls are timed.
double pykea_bench_loop_cold(pykea_bench_call_fn call, const char* hook, void* handle,
                             long count, int* status, long thrash_bytes) {
    std::vector<char> buffer(static_cast<size_t>(thrash_bytes));
    double total = 0;
    int failed = 0;
    for (long i = 0; i < count; ++i) {
        for (long j = 0; j < thrash_bytes; j += 64) {
            buffer[j] = static_cast<char>(buffer[j] + 1);
        }
        auto start = std::chrono::steady_clock::now();
        failed |= call(hook, handle);
        auto stop = std::chrono::steady_clock::now();
        total += std::chrono::duration<double, std::nano>(stop - start).count();
    }
    *status = failed;
    return (total / count);
}

// ns per call, looping in a new thread (one per call of this function).
double pykea_bench_loop_in_new_thread(pykea_bench_call_fn call, const char* hook, void* handle,
                                      long count, int* status) {
    double result = 0;
    std::thread worker([&] { result = timed(call, hook, handle, count, status); });
    worker.join();
    return (result);
}

}

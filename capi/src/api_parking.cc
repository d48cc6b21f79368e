// The parking calls of pykea.h: a callout parks the hook's query at a hook point that honours
// NEXT_STEP_PARK, and any thread later unparks or drops it.
//
// Kea keys a parking lot by the value of the server's own query pointer, so a parked handle keeps
// that pointer (which also keeps its address from being reused by another packet) until it is
// unparked or dropped.
//
// Where the work runs: Kea's resume callback does the rest of the packet's processing. With
// multi-threading on it only queues that work to Kea's thread pool, so unpark() calls it in the
// calling thread. Single-threaded Kea has no locks, and its resume callback processes the packet
// right away, so there unpark and drop are handed to Kea's main thread: a pipe registered with
// IfaceMgr as an external socket wakes the main loop, which carries them out between packets.
// The hand-over is installed by a native callout at dhcp4_srv_configured / dhcp6_srv_configured,
// so outside a server (pykea.testing) unpark and drop run in the calling thread.
//
// At unload, parked packets are dropped (so Kea never waits for a library that is gone) and the
// hand-over is removed before Kea closes this library.
#include "args.h"
#include "errors.h"
#include "handles.h"
#include "log.h"

#include <asiolink/io_service.h>
#include <dhcp/iface_mgr.h>
#include <dhcp/pkt4.h>
#include <dhcp/pkt6.h>
#include <exceptions/exceptions.h>
#include <hooks/hooks_manager.h>
#include <hooks/parking_lots.h>
#include <hooks/server_hooks.h>
#include <util/multi_threading_mgr.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <type_traits>

using namespace pykea;
using isc::dhcp::Pkt4Ptr;
using isc::dhcp::Pkt6Ptr;
using isc::hooks::CalloutHandle;
using isc::hooks::ParkingLotHandlePtr;

namespace {

// What unpark or drop acts on: the lot and the server's query, moved out of the parked handle.
struct Claim {
    ParkingLotHandlePtr lot;
    Pkt4Ptr query4;
    Pkt6Ptr query6;
    std::string hook;

    bool unpark() const { return (query4 ? lot->unpark(query4) : lot->unpark(query6)); }
    bool drop() const { return (query4 ? lot->drop(query4) : lot->drop(query6)); }

    // Whether Kea still holds the packet in the lot (reference() throws when it does not).
    bool stillParked() const {
        try {
            if (query4) {
                lot->reference(query4);
                lot->dereference(query4);
            } else {
                lot->reference(query6);
                lot->dereference(query6);
            }
            return (true);
        } catch (const isc::Exception&) {
            return (false);
        }
    }

    std::string goneMessage() const {
        return ("Kea no longer holds this packet parked at " + hook + ": a callout's status after "
                "parking was not PARK (an error, or another callout set it), or another hook "
                "library dropped it");
    }
};

void warn(const std::string& text) {
    LOG_WARN(logger, PYKEA_PARKING_FAILED).arg(text);
}

// Carries out a claim; false when Kea no longer held the packet.
bool carryOut(const Claim& claim, bool unpark) {
    return (unpark ? claim.unpark() : claim.drop());
}

// Unparks and drops handed to Kea's main thread (single-threaded Kea only).
class MainThread {
public:
    static MainThread& instance() {
        static MainThread* main_thread = new MainThread();   // never destroyed: see handles.cc
        return (*main_thread);
    }

    // Runs on Kea's main thread, at dhcpX_srv_configured.
    void attach() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (read_fd_ < 0) {
            int fds[2];
            if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
                fail(PYKEA_ERROR, "cannot create the pipe that wakes Kea's main thread");
            }
            read_fd_ = fds[0];
            write_fd_ = fds[1];
        }
        isc::dhcp::IfaceMgr& iface_mgr = isc::dhcp::IfaceMgr::instance();
        iface_mgr.deleteExternalSocket(read_fd_);
        iface_mgr.addExternalSocket(read_fd_, [this](int) { drain(); });
        attached_ = true;
    }

    // Runs on Kea's main thread, at unload: pending requests become drops.
    void detach() {
        std::deque<Task> pending;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!attached_) {
                return;
            }
            attached_ = false;
            isc::dhcp::IfaceMgr::instance().deleteExternalSocket(read_fd_);
            pending.swap(tasks_);
        }
        for (const Task& task : pending) {
            task.claim.drop();
        }
    }

    // False when no server's main loop listens (then the caller acts itself).
    bool post(Claim claim, bool unpark) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!attached_) {
            return (false);
        }
        tasks_.push_back(Task{std::move(claim), unpark});
        char byte = 1;
        if (write(write_fd_, &byte, 1) < 0) {
            // EAGAIN: the pipe is full of wake-ups already; the main thread drains all tasks.
        }
        return (true);
    }

private:
    struct Task {
        Claim claim;
        bool unpark;
    };

    void drain() {
        char buffer[256];
        while (read(read_fd_, buffer, sizeof(buffer)) > 0) {
        }
        std::deque<Task> tasks;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            tasks.swap(tasks_);
        }
        for (const Task& task : tasks) {
            try {
                if (!carryOut(task.claim, task.unpark)) {
                    warn(task.claim.goneMessage());
                }
            } catch (const std::exception& e) {
                warn(std::string("resuming a parked packet failed: ") + e.what());
            } catch (...) {
                warn("resuming a parked packet failed with an unknown C++ exception");
            }
        }
    }

    std::mutex mutex_;
    std::deque<Task> tasks_;
    int read_fd_ = -1;
    int write_fd_ = -1;
    bool attached_ = false;
};

int onServerConfigured(CalloutHandle&) {
    try {
        MainThread::instance().attach();
    } catch (const ApiError& e) {
        warn("parked packets will be resumed in the unparking thread: " + e.message);
    } catch (const std::exception& e) {
        warn(std::string("parked packets will be resumed in the unparking thread: ") + e.what());
    }
    return (0);
}

// Unparks (or drops) now, or on Kea's main thread when Kea runs single-threaded.
void resolve(const Claim& claim, bool unpark) {
    if (!isc::util::MultiThreadingMgr::instance().getMode()) {
        if (!claim.stillParked()) {
            fail(PYKEA_NOT_FOUND, claim.goneMessage());
        }
        if (MainThread::instance().post(claim, unpark)) {
            return;
        }
    }
    if (!carryOut(claim, unpark)) {
        fail(PYKEA_NOT_FOUND, claim.goneMessage());
    }
}

const char* stateName(int state) {
    static const char* const names[] = {"parked", "unparked", "dropped",
                                        "released when the pykea hook library unloaded"};
    return (names[state]);
}

std::atomic<uint64_t> testing_resumed{0};

}  // namespace

// The packet behind a pykea_parked; shared with the reference pykea_detach_all() releases.
class ParkedPacket {
public:
    ParkedPacket(Claim claim, CalloutHandle* handle) : claim_(std::move(claim)), handle_(handle) {}

    int state() {
        std::lock_guard<std::mutex> lock(mutex_);
        return (state_);
    }

    // Moves to `outcome` and hands over what to act on; fails if that already happened.
    Claim claim(pykea_park_state outcome) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (state_ != PYKEA_PARKED_PARKED) {
            fail(state_ == PYKEA_PARKED_RELEASED ? PYKEA_DETACHED : PYKEA_INVALID_ARGUMENT,
                 "this packet was already " + std::string(stateName(state_)) +
                 "; unpark() and drop() act once per park()");
        }
        state_ = outcome;
        Claim claim = std::move(claim_);
        claim_ = Claim();
        handle_ = nullptr;
        return (claim);
    }

    // Unload, or a handle freed while still parked: drop it so that Kea does not wait for ever.
    bool dropIfParked(pykea_park_state outcome) {
        Claim claim;
        try {
            claim = this->claim(outcome);
        } catch (const ApiError&) {
            return (false);
        }
        if (outcome == PYKEA_PARKED_RELEASED || !MainThread::instance().post(claim, false)) {
            claim.drop();
        }
        return (true);
    }

    void setBool(const std::string& name, bool value) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (state_ != PYKEA_PARKED_PARKED) {
            fail(PYKEA_INVALID_ARGUMENT, "argument '" + name + "' cannot be set: the packet was already " +
                 stateName(state_));
        }
        isc::hooks::CalloutHandlePtr own = claim_.query4 ? claim_.query4->getCalloutHandle()
                                                         : claim_.query6->getCalloutHandle();
        if (own.get() != handle_) {
            fail(PYKEA_UNSUPPORTED, "the parked query does not carry the callout handle of the callout "
                 "that parked it (outside a Kea server), so Kea would not read '" + name + "'");
        }
        own->setArgument(name, value);
    }

private:
    std::mutex mutex_;
    int state_ = PYKEA_PARKED_PARKED;
    Claim claim_;
    CalloutHandle* handle_;     // Kea's; the query owns it in a server
};

struct pykea_parked : pykea::Tracked {
    explicit pykea_parked(boost::shared_ptr<ParkedPacket> p) : packet(std::move(p)) {}
    // The returned reference drops the packet when pykea_detach_all() releases it.
    boost::shared_ptr<void> takeReference() override {
        boost::shared_ptr<ParkedPacket> keep = packet;
        return (boost::shared_ptr<ParkedPacket>(keep.get(), [keep](ParkedPacket*) {
            keep->dropIfParked(PYKEA_PARKED_RELEASED);
        }));
    }
    boost::shared_ptr<ParkedPacket> packet;   // kept: other threads may still call in
};

namespace {

ParkedPacket& packetOf(pykea_parked* parked) {
    PYKEA_REQUIRE_ARG(parked);
    return (*parked->packet);
}

template <typename Query>
Claim parkQuery(CalloutHandle& handle, const char* name) {
    Query query;
    handle.getArgument(name, query);
    if (!query) {
        fail(PYKEA_NOT_FOUND, std::string("argument '") + name + "' holds no packet to park");
    }
    Claim claim;
    claim.hook = handle.getHookName();
    claim.lot = handle.getParkingLotHandlePtr();
    try {
        claim.lot->reference(query);
    } catch (const isc::Exception&) {
        fail(PYKEA_UNSUPPORTED, "Kea does not park packets at " + claim.hook +
             " (it parks only at hook points that honour PARK, and not on the DHCPv4-over-DHCPv6 path)");
    }
    if constexpr (std::is_same<Query, Pkt4Ptr>::value) {
        claim.query4 = query;
    } else {
        claim.query6 = query;
    }
    return (claim);
}

bool hasArgument(const CalloutHandle& handle, const std::string& name) {
    for (const std::string& argument : handle.getArgumentNames()) {
        if (argument == name) {
            return (true);
        }
    }
    return (false);
}

}  // namespace

extern "C" {

pykea_status pykea_handle_park(pykea_callout_handle* handle, pykea_parked** parked) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(parked);
        CalloutHandle& callout_handle = kea(handle);
        Claim claim;
        if (hasArgument(callout_handle, "query4")) {
            claim = parkQuery<Pkt4Ptr>(callout_handle, "query4");
        } else if (hasArgument(callout_handle, "query6")) {
            claim = parkQuery<Pkt6Ptr>(callout_handle, "query6");
        } else {
            fail(PYKEA_UNSUPPORTED, callout_handle.getHookName() + " passes no query4 or query6 to park");
        }
        callout_handle.setStatus(CalloutHandle::NEXT_STEP_PARK);
        *parked = adopt<pykea_parked>(boost::make_shared<ParkedPacket>(std::move(claim), &callout_handle));
    }));
}

pykea_status pykea_parked_unpark(pykea_parked* parked) {
    return (guarded([&] { resolve(packetOf(parked).claim(PYKEA_PARKED_UNPARKED), true); }));
}

pykea_status pykea_parked_drop(pykea_parked* parked) {
    return (guarded([&] { resolve(packetOf(parked).claim(PYKEA_PARKED_DROPPED), false); }));
}

pykea_status pykea_parked_set_bool(pykea_parked* parked, const char* name, int value) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        packetOf(parked).setBool(name, value != 0);
    }));
}

pykea_status pykea_parked_state(pykea_parked* parked, int* state) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(state);
        *state = packetOf(parked).state();
    }));
}

pykea_status pykea_parked_free(pykea_parked* parked) {
    pykea_status status = guarded([&] {
        if (parked && parked->packet->dropIfParked(PYKEA_PARKED_DROPPED)) {
            warn("a parked packet was dropped: its Parked object was freed before unpark() or drop()");
        }
    });
    pykea_status freed = freeHandle(parked);
    return (status != PYKEA_OK ? status : freed);
}

pykea_status pykea_parking_load(pykea_library_handle* library) {
    return (guarded([&] {
        isc::hooks::LibraryHandle& library_handle = kea(library);
        isc::hooks::ServerHooks& hooks = isc::hooks::ServerHooks::getServerHooks();
        for (const char* hook : {"dhcp4_srv_configured", "dhcp6_srv_configured"}) {
            if (hooks.findIndex(hook) >= 0) {
                library_handle.registerCallout(hook, onServerConfigured);
            }
        }
    }));
}

pykea_status pykea_parking_unload(void) {
    return (guarded([&] { MainThread::instance().detach(); }));
}

pykea_status pykea_handle_get_io_service(pykea_callout_handle* handle, const char* name, int* present) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(present);
        *present = argument<isc::asiolink::IOServicePtr>(handle, name) ? 1 : 0;
    }));
}

pykea_status pykea_testing_park(const char* hook, pykea_pkt* query) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hook);
        pykea_pkt& packet = checked(query, "query");
        auto resumed = [] { ++testing_resumed; };
        if (packet.v4) {
            isc::hooks::HooksManager::park(hook, boost::dynamic_pointer_cast<isc::dhcp::Pkt4>(packet.pkt),
                                           resumed);
        } else {
            isc::hooks::HooksManager::park(hook, boost::dynamic_pointer_cast<isc::dhcp::Pkt6>(packet.pkt),
                                           resumed);
        }
    }));
}

pykea_status pykea_testing_resumed(uint64_t* count) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(count);
        *count = testing_resumed.load();
    }));
}

}  // extern "C"

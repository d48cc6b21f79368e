#include "callout_slots.h"

#include "args.h"
#include "errors.h"
#include "handles.h"
#include "headers.h"
#include "log.h"
#include "python.h"

#include <dhcp/pkt6.h>
#include <dhcpsrv/lease.h>

#include <array>
#include <atomic>
#include <mutex>
#include <sstream>
#include <utility>

using isc::hooks::CalloutHandle;

namespace pykea {
namespace {

struct Slot {
    bool used = false;
    // Set when the module is unloaded. Kea removes the callout right after unload() returns,
    // but the slot is given back only at the next load; meanwhile it calls no Python, so that
    // Python can drop the function (and the module it keeps alive) at unload.
    std::atomic<bool> retired{false};
    EmbeddedPython::Callout python;
    std::vector<FrameArgument> arguments;
    std::array<int, PYKEA_FRAME_ARGUMENTS> kinds{};    // arguments' kinds, by index
    // Bit i: the function read argument i in an earlier call, so the callout reads it first.
    std::atomic<uint32_t> wanted{0};
};

std::array<Slot, CalloutSlots::COUNT> slots;
std::mutex slots_mutex;     // taking and releasing slots; callouts only read
std::atomic<pykea_frame_object_fn> frame_object_maker{nullptr};

// A pykea_frame and what its borrowed handles point into. `c` comes first: pykea_frame_fetch
// gets the Frame back from the pykea_frame Python holds.
struct Frame {
    pykea_frame c{};
    std::array<pykea_pkt, PYKEA_FRAME_ARGUMENTS> pkts;
    std::array<pykea_lease, PYKEA_FRAME_ARGUMENTS> leases;
    const Slot* slot = nullptr;
    EmbeddedPython::FrameObjects objects;   // made for this frame, kept by Python

    Frame() {
        for (int i = 0; i < PYKEA_FRAME_ARGUMENTS; ++i) {
            c.pkt[i] = &pkts[i];
            c.lease[i] = &leases[i];
            pkts[i].frame_header = &c.pkt_header[i];
        }
    }

    // Gives Kea the options the callout added to its packets and left pending; a failure is
    // reported once all are given.
    void settle(std::string& error) {
        for (int i = 0; i < PYKEA_FRAME_ARGUMENTS; ++i) {
            if (c.present & (1u << i) && pkts[i].pkt) {
                try {
                    pkts[i].settle();
                } catch (const std::exception& e) {
                    error += std::string(error.empty() ? "" : "; ") +
                        "an option the callout added could not be given to Kea: " + e.what();
                }
            }
        }
    }

    void clear() {
        for (int i = 0; i < PYKEA_FRAME_ARGUMENTS; ++i) {
            if (c.present & (1u << i)) {
                pkts[i].assign(isc::dhcp::PktPtr());
                leases[i].assign(isc::dhcp::LeasePtr());
            }
        }
        c.present = 0;
        c.null = 0;
        c.lent = 0;
        c.replaced = 0;
        c.handle = nullptr;
        slot = nullptr;
    }
};

// Callouts may nest on one thread (Python code making Kea call callouts): a frame per depth.
const int MAX_DEPTH = 8;

struct ThreadFrames {
    std::array<Frame, MAX_DEPTH> frames;
    int depth = 0;
};

thread_local ThreadFrames thread_frames;

// Puts argument `index`, as Kea passed it, in the frame's borrowed handle, with its header.
template <typename Handle, typename Header, typename Pointer>
void lend(pykea_frame& c, int index, Pointer object, Handle& borrowed, Header& header) {
    if (object) {
        fillHeader(*object, header);
    } else {
        c.null |= 1u << index;
    }
    borrowed.assign(std::move(object));
}

void fetchArgument(Frame& frame, int index) {
    const FrameArgument& wanted = frame.slot->arguments.at(index);
    pykea_callout_handle* handle = frame.c.handle;
    const char* name = wanted.name.c_str();
    pykea_frame& c = frame.c;
    pykea_pkt& pkt = frame.pkts[index];
    pykea_lease& lease = frame.leases[index];
    switch (wanted.kind) {
    case PYKEA_FRAME_PKT4:
        lend(c, index, isc::dhcp::PktPtr(argument<isc::dhcp::Pkt4Ptr>(handle, name)), pkt,
             c.pkt_header[index]);
        break;
    case PYKEA_FRAME_PKT6:
        lend(c, index, isc::dhcp::PktPtr(argument<isc::dhcp::Pkt6Ptr>(handle, name)), pkt,
             c.pkt_header[index]);
        break;
    case PYKEA_FRAME_LEASE4:
        lend(c, index, isc::dhcp::LeasePtr(argument<isc::dhcp::Lease4Ptr>(handle, name)), lease,
             c.lease_header[index]);
        break;
    case PYKEA_FRAME_LEASE6:
        lend(c, index, isc::dhcp::LeasePtr(argument<isc::dhcp::Lease6Ptr>(handle, name)), lease,
             c.lease_header[index]);
        break;
    }
    c.present |= 1u << index;
}

// Reads what the slot's function used last time. A failure leaves the argument unread: the
// function then asks for it (pykea_frame_fetch) and gets the error there.
void prefetch(Frame& frame, uint32_t wanted) {
    size_t count = frame.slot->arguments.size();
    for (size_t i = 0; i < count; ++i) {
        if (wanted & (1u << i)) {
            try {
                fetchArgument(frame, static_cast<int>(i));
            } catch (...) {
            }
        }
    }
}

// The GIL must be held. A frame object without a frame maker: none (the caller reports it).
EmbeddedPython::FrameObjects makeFrameObjects(const EmbeddedPython& python, pykea_frame& c) {
    pykea_frame_object_fn maker = frame_object_maker.load();
    uintptr_t object = maker ? maker(&c) : 0;
    return (object ? python.frameObjects(object) : EmbeddedPython::FrameObjects());
}

int failed(const std::string& why) {
    LOG_ERROR(logger, PYKEA_CALLOUT_FAILED).arg(why);
    return (1);
}

int runSlot(int index, CalloutHandle& handle) noexcept {
    try {
        Slot& slot = slots[index];
        EmbeddedPython* python = EmbeddedPython::current();
        if (!python || !slot.used) {
            return (failed("a Python callout was called after pykea released it"));
        }
        ThreadFrames& thread = thread_frames;
        if (thread.depth >= MAX_DEPTH) {
            return (failed("Python callouts nested more than " + std::to_string(MAX_DEPTH) +
                           " deep on one thread"));
        }
        Frame& frame = thread.frames[thread.depth];
        frame.slot = &slot;
        frame.c.handle = reinterpret_cast<pykea_callout_handle*>(&handle);
        frame.c.wanted = slot.wanted.load(std::memory_order_relaxed);
        prefetch(frame, frame.c.wanted);
        std::string error;
        ++thread.depth;
        {
            EmbeddedPython::Gil gil(*python);
            if (!frame.objects.frame) {
                frame.objects = makeFrameObjects(*python, frame.c);
            }
            if (slot.retired.load()) {
                error = "a Python callout was called after its module was unloaded";
            } else if (frame.objects.frame) {
                python->runCallout(slot.python, frame.objects,
                                   frame.c.present & ~frame.c.null, slot.kinds.data(),
                                   frame.c.lent, error);
            }
        }
        --thread.depth;
        slot.wanted.fetch_or(frame.c.wanted, std::memory_order_relaxed);
        frame.settle(error);
        frame.clear();      // Kea's objects are released outside the GIL
        if (!error.empty()) {
            return (failed(error));
        }
        // Python logged any failure of the callout itself and set the status it implies.
        return (frame.objects.frame ? 0 : failed("pykea.runtime made no frame"));
    } catch (const std::exception& e) {
        return (failed(e.what()));
    } catch (...) {
        return (failed("unknown C++ exception"));
    }
}

template <int Index>
int slotCallout(CalloutHandle& handle) {
    return (runSlot(Index, handle));
}

template <int... Indexes>
constexpr std::array<isc::hooks::CalloutPtr, sizeof...(Indexes)>
makeCallouts(std::integer_sequence<int, Indexes...>) {
    return {{&slotCallout<Indexes>...}};
}

const std::array<isc::hooks::CalloutPtr, CalloutSlots::COUNT> callouts =
    makeCallouts(std::make_integer_sequence<int, CalloutSlots::COUNT>());

std::vector<FrameArgument> parseArguments(const std::string& text) {
    std::vector<FrameArgument> arguments;
    std::array<int, PYKEA_FRAME_ARGUMENTS> kinds{};    // arguments' kinds, by index
    std::istringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        auto colon = item.find(':');
        int kind = colon == std::string::npos ? 0 : std::atoi(item.c_str() + colon + 1);
        if (kind < PYKEA_FRAME_PKT4 || kind > PYKEA_FRAME_LEASE6 || colon == 0) {
            fail(PYKEA_INVALID_ARGUMENT, "frame argument '" + item + "' is not name:kind with "
                 "kind a pykea_frame_kind");
        }
        arguments.push_back({item.substr(0, colon), static_cast<pykea_frame_kind>(kind)});
    }
    if (arguments.size() > PYKEA_FRAME_ARGUMENTS) {
        fail(PYKEA_INVALID_ARGUMENT, "a frame holds at most " +
             std::to_string(PYKEA_FRAME_ARGUMENTS) + " arguments");
    }
    return (arguments);
}

}  // namespace

int CalloutSlots::take(const EmbeddedPython::Callout& python, const std::string& arguments) {
    std::vector<FrameArgument> parsed = parseArguments(arguments);
    std::lock_guard<std::mutex> lock(slots_mutex);
    for (int i = 0; i < COUNT; ++i) {
        if (!slots[i].used) {
            slots[i].python = python;
            slots[i].kinds.fill(0);
            for (size_t a = 0; a < parsed.size(); ++a) {
                slots[i].kinds[a] = parsed[a].kind;
            }
            slots[i].arguments = std::move(parsed);
            slots[i].wanted.store(0);
            slots[i].retired.store(false);
            slots[i].used = true;
            return (i);
        }
    }
    return (-1);
}

void CalloutSlots::release(int slot) {
    std::lock_guard<std::mutex> lock(slots_mutex);
    if (slot < 0 || slot >= COUNT || !slots[slot].used) {
        fail(PYKEA_INVALID_ARGUMENT, "callout slot " + std::to_string(slot) + " is not in use");
    }
    slots[slot].used = false;
    slots[slot].python = EmbeddedPython::Callout();
}

void CalloutSlots::retire(int slot) {
    std::lock_guard<std::mutex> lock(slots_mutex);
    if (slot < 0 || slot >= COUNT || !slots[slot].used) {
        fail(PYKEA_INVALID_ARGUMENT, "callout slot " + std::to_string(slot) + " is not in use");
    }
    slots[slot].retired.store(true);
}

isc::hooks::CalloutPtr CalloutSlots::callout(int slot) {
    if (slot < 0 || slot >= COUNT || !slots[slot].used) {
        fail(PYKEA_INVALID_ARGUMENT, "callout slot " + std::to_string(slot) + " is not in use");
    }
    return (callouts[slot]);
}

void CalloutSlots::setFrameObjectMaker(pykea_frame_object_fn maker) {
    frame_object_maker.store(maker);
}

void CalloutSlots::fetch(pykea_frame* frame, int index) {
    PYKEA_REQUIRE_ARG(frame);
    Frame& owner = *reinterpret_cast<Frame*>(frame);
    if (!owner.slot || !frame->handle) {
        fail(PYKEA_DETACHED, "this callout frame is not in a callout");
    }
    if (index < 0 || static_cast<size_t>(index) >= owner.slot->arguments.size()) {
        fail(PYKEA_INVALID_ARGUMENT, "frame argument " + std::to_string(index) + " does not exist");
    }
    fetchArgument(owner, index);
    frame->wanted |= 1u << index;
}

}  // namespace pykea

// The callout-frame calls of pykea.h: Python callouts in native slots, and their frames.
#include "callout_slots.h"
#include "args.h"
#include "errors.h"
#include "handles.h"

#include <hooks/library_handle.h>

using namespace pykea;

extern "C" {

pykea_status pykea_library_register_python_callout(pykea_library_handle* library, const char* hook,
                                                   uintptr_t function, uintptr_t access,
                                                   uintptr_t finish, const char* arguments,
                                                   int* slot) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hook);
        requireNonNull(reinterpret_cast<void*>(function), "function");
        requireNonNull(reinterpret_cast<void*>(access), "access");
        requireNonNull(reinterpret_cast<void*>(finish), "finish");
        PYKEA_REQUIRE_ARG(arguments);
        PYKEA_REQUIRE_ARG(slot);
        isc::hooks::LibraryHandle& handle = kea(library);
        EmbeddedPython::Callout python;
        python.function = function;
        python.access = access;
        python.finish = finish;
        int taken = CalloutSlots::take(python, arguments);
        if (taken < 0) {
            fail(PYKEA_NOT_FOUND, "all " + std::to_string(CalloutSlots::COUNT) +
                 " native callout slots are in use");
        }
        try {
            handle.registerCallout(hook, CalloutSlots::callout(taken));
        } catch (...) {
            CalloutSlots::release(taken);
            throw;
        }
        *slot = taken;
    }));
}

pykea_status pykea_library_deregister_python_callout(pykea_library_handle* library,
                                                     const char* hook, int slot, int* removed) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hook);
        bool done = kea(library).deregisterCallout(hook, CalloutSlots::callout(slot));
        if (removed) {
            *removed = done;
        }
    }));
}

pykea_status pykea_callout_slot_free(int slot) {
    return (guarded([&] { CalloutSlots::release(slot); }));
}

pykea_status pykea_callout_slot_retire(int slot) {
    return (guarded([&] { CalloutSlots::retire(slot); }));
}

pykea_status pykea_set_frame_object_maker(pykea_frame_object_fn maker) {
    return (guarded([&] { CalloutSlots::setFrameObjectMaker(maker); }));
}

pykea_status pykea_frame_fetch(pykea_frame* frame, int index) {
    return (guarded([&] { CalloutSlots::fetch(frame, index); }));
}

}  // extern "C"

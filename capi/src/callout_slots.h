// callout_slots.h -- the native callouts through which Kea calls Python functions.
//
// Kea calls a callout as a plain function pointer, with no user data. A cffi callback is such a
// pointer, but it converts its argument, takes the GIL and builds objects on every call. Instead
// pykea compiles a fixed table of native callouts; registering a Python function takes a free
// slot of the table. The slot's callout reads the arguments the function used before into this
// thread's frame (without the GIL), enters Python once and calls the function with the frame's
// CalloutHandle object; it enters pykea's Python code only when the call needs more
// (EmbeddedPython::runCallout).
#ifndef PYKEA_CALLOUT_SLOTS_H
#define PYKEA_CALLOUT_SLOTS_H

#include "python.h"

#include <pykea.h>

#include <hooks/callout_handle.h>

#include <string>
#include <vector>

namespace pykea {

struct FrameArgument {
    std::string name;
    pykea_frame_kind kind;
};

class CalloutSlots {
public:
    static const int COUNT = 512;

    // Takes a free slot for `python`; -1 if none is free. `arguments` is "name:kind,...".
    // Throws ApiError for a malformed list.
    static int take(const EmbeddedPython::Callout& python, const std::string& arguments);
    static void release(int slot);
    // From now on the slot's callout calls no Python (it fails, logged); still taken until
    // release(), because Kea may hold its callout until then.
    static void retire(int slot);
    // The function Kea is given for a slot taken by take().
    static isc::hooks::CalloutPtr callout(int slot);

    static void setFrameObjectMaker(pykea_frame_object_fn maker);
    // Reads argument `index` of `frame` from Kea's callout handle; throws as guarded() expects.
    static void fetch(pykea_frame* frame, int index);
};

}  // namespace pykea

#endif

// python.h -- the embedded CPython interpreter, reached only through symbols looked up at run
// time: the hook library is not linked with libpython, because Kea opens hook libraries with
// RTLD_LOCAL and Python's extension modules (cffi's backend among them) need libpython's symbols
// global. Python is started once per process and outlives Kea's unload/load cycles.
#ifndef PYKEA_PYTHON_H
#define PYKEA_PYTHON_H

#include <cstdint>
#include <string>

namespace pykea {

struct PythonApi;
struct PyObject;
using PyObjectRef = PyObject*;

class EmbeddedPython {
public:
    // Adopts the interpreter already running in this process, or opens `libpython` with
    // RTLD_GLOBAL and initialises it (without signal handlers: Kea owns signals), then
    // releases the GIL so that any thread can enter. Throws ApiError on failure.
    static EmbeddedPython& start(const std::string& libpython);

    // The interpreter if start() succeeded earlier in this process, else null.
    static EmbeddedPython* running();

    // Holds the GIL for its lifetime, from any thread. A thread keeps the Python thread state
    // it gets with its first Gil until it ends, so that later ones (a callout each) only take
    // and give back the GIL, as cffi does for its callbacks: Kea's packet threads are not
    // Python's.
    class Gil {
    public:
        explicit Gil(const EmbeddedPython& python);
        ~Gil();
        Gil(const Gil&) = delete;
        Gil& operator=(const Gil&) = delete;
    private:
        const PythonApi& api_;
        int state_;
    };

    // The interpreter once start() succeeded, without taking start()'s lock (callouts ask).
    static EmbeddedPython* current();

    // A Python callout in a native slot, its objects given by address (pykea.h,
    // pykea_library_register_python_callout says what each does).
    struct Callout {
        uintptr_t function = 0;
        uintptr_t access = 0;
        uintptr_t finish = 0;
    };
    // A frame object's lists, read once when the frame object is made.
    struct FrameObjects {
        uintptr_t frame = 0;
        uintptr_t handles = 0;
        uintptr_t lent = 0;
        uintptr_t spare = 0;
        uintptr_t classes = 0;      // the wrapper class by pykea_frame_kind
    };
    // Reads them from `frame`, the frame object; throws ApiError if it lacks them. The GIL
    // must be held.
    FrameObjects frameObjects(uintptr_t frame) const;
    void lendSpares(const FrameObjects& frame, uint32_t lendable, const int* kinds,
                    uint32_t& lent) const;

    // One call of `callout` with the frame's handle, as pykea.h describes. First lends the
    // frame's spare wrapper of each argument in `lendable` whose class is the one for its kind
    // (`kinds`, by argument index), so that the callout's first read of it is a list lookup;
    // `lent` is the frame's mask of lent arguments, which this and the call set. Sets `error`
    // if Python failed where pykea could not report it (finish itself raised). The GIL must be
    // held.
    void runCallout(const Callout& callout, const FrameObjects& frame, uint32_t lendable,
                    const int* kinds, uint32_t& lent, std::string& error) const;

    // "3.14"
    std::string version() const;

    // False once the process has finalised Python (Kea's static teardown may unload hook
    // libraries after a host Python program ended).
    bool alive() const;

    // site.addsitedir(directory); the GIL must be held.
    void addSiteDirectory(const std::string& directory) const;

    // module.function(argument) for an integer argument; returns the integer result.
    // Throws ApiError with "ExceptionType: message" if Python raised. The GIL must be held.
    long callInt(const char* module, const char* function, uint64_t argument) const;
    long callInt(const char* module, const char* function) const;
    // module.function(text) for a str argument, likewise.
    long callText(const char* module, const char* function, const std::string& text) const;

private:
    explicit EmbeddedPython(const PythonApi& api) : api_(api) {}
    std::string takeError() const;
    // The pending exception (normalised, its traceback set), cleared; a new reference.
    PyObjectRef takeException() const;
    // runCallout's parts.
    uint32_t keptArguments(const FrameObjects& frame, uint32_t lent) const;
    void finish(const Callout& callout, const FrameObjects& frame, PyObjectRef result,
                PyObjectRef exception, uint32_t kept, std::string& error) const;
    PyObjectRef vectorcall(uintptr_t callable, PyObjectRef const* arguments, size_t count) const;
    // module.function() with no argument, an integer or a string.
    long call(const char* module, const char* function, const uint64_t* argument,
              const std::string* text = nullptr) const;
    const PythonApi& api_;
};

}  // namespace pykea

#endif

// hook_library.h -- what Kea's load() and unload() do: start Python, make pykea importable and
// hand the library handle to pykea.runtime, which imports the user's module and registers its
// callouts.
#ifndef PYKEA_HOOK_LIBRARY_H
#define PYKEA_HOOK_LIBRARY_H

#include <cc/data.h>
#include <hooks/library_handle.h>

#include <string>
#include <vector>

namespace pykea {

// The libpython to embed, from the hook parameter 'libpython' (the only parameter the shim
// reads; pykea.runtime reads the rest). Never an arbitrary path from the configuration: either
// the libpython pykea was built with (the default, also accepted spelt out), or a bare soname
// (libpython3.13.so.1.0) that the dynamic linker finds in the system's library directories.
struct LibpythonChoice {
    std::string library;

    static LibpythonChoice fromParameters(isc::hooks::LibraryHandle& handle);
    static LibpythonChoice fromValue(const std::string& value);
};

class HookLibrary {
public:
    // Kea's version(): KEA_HOOKS_VERSION, or 0 when the configuration Kea is validating gives
    // pykea code or a libpython that the trust rules refuse (logged as PYKEA_CODE_REFUSED).
    static int version();
    static int load(isc::hooks::LibraryHandle& handle);
    static int unload();

private:
    static void makePykeaImportable(const class EmbeddedPython& python);
    // Throws ApiError naming what pykea.trust (or the libpython rule) refuses.
    static void checkParameters(const isc::data::ConstElementPtr& parameters);
};

}  // namespace pykea

#endif

// hook_library.h -- what Kea's load() and unload() do: start Python, make pykea importable and
// hand the library handle to pykea.runtime, which imports the user's module and registers its
// callouts.
#ifndef PYKEA_HOOK_LIBRARY_H
#define PYKEA_HOOK_LIBRARY_H

#include <hooks/library_handle.h>

#include <string>
#include <vector>

namespace pykea {

// The hook parameters the shim itself needs before Python runs. pykea.runtime reads the rest.
struct EmbeddingSettings {
    std::string libpython;
    std::string virtualenv;

    static EmbeddingSettings fromParameters(isc::hooks::LibraryHandle& handle);
};

class HookLibrary {
public:
    static int load(isc::hooks::LibraryHandle& handle);
    static int unload();

private:
    static void makePykeaImportable(const class EmbeddedPython& python,
                                    const EmbeddingSettings& settings);
};

}  // namespace pykea

#endif

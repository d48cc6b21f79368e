// callouts.cc -- the entry points Kea looks up in a hook library. The callouts themselves are
// registered at load time by pykea.runtime, one per Python function.
#include "hook_library.h"

#include <hooks/hooks.h>

extern "C" {

int version() {
    return (pykea::HookLibrary::version());
}

int multi_threading_compatible() {
    return (1);
}

int load(isc::hooks::LibraryHandle& handle) {
    return (pykea::HookLibrary::load(handle));
}

int unload() {
    return (pykea::HookLibrary::unload());
}

}

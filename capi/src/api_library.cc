// The library-wide calls of pykea.h: versions, features, handle bookkeeping, library handles.
#include "compat.h"
#include "args.h"
#include "errors.h"
#include "handles.h"

#include <hooks/hooks.h>
#include <hooks/library_handle.h>
#include <hooks/server_hooks.h>
#include <config.h>   // Kea's: VERSION

#include <dlfcn.h>

#include <cstring>

using namespace pykea;

namespace {

// A C callout takes the handle by pointer and Kea's by reference: the same at the ABI level,
// which is what lets cffi callbacks be registered as callouts directly.
isc::hooks::CalloutPtr keaCallout(pykea_callout_fn callout) {
    return (reinterpret_cast<isc::hooks::CalloutPtr>(reinterpret_cast<void (*)()>(callout)));
}

}  // namespace

extern "C" {

pykea_status pykea_kea_version(const char** text) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(text);
        *text = VERSION;
    }));
}

pykea_status pykea_kea_hooks_version(int* version) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(version);
        *version = KEA_HOOKS_VERSION;
    }));
}

pykea_status pykea_library_path(const char** path) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(path);
        Dl_info info;
        if (!dladdr(reinterpret_cast<void*>(&pykea_library_path), &info) || !info.dli_fname) {
            fail(PYKEA_ERROR, "dladdr cannot tell where pykea's library was loaded from");
        }
        *path = info.dli_fname;
    }));
}

pykea_status pykea_default_allowed_dirs(const char** dirs) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(dirs);
        *dirs = PYKEA_ALLOWED_DIRS;
    }));
}

pykea_status pykea_feature_available(const char* name, int* available, const char** reason) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        PYKEA_REQUIRE_ARG(available);
        PYKEA_REQUIRE_ARG(reason);
        for (const compat::Feature& feature : compat::FEATURES) {
            if (std::strcmp(feature.name, name) == 0) {
                *available = feature.available;
                *reason = feature.available ? "" : feature.reason;
                return;
            }
        }
        fail(PYKEA_NOT_FOUND, std::string("no feature named '") + name + "'");
    }));
}

pykea_status pykea_feature_names(const char** names) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(names);
        std::string text;
        for (const compat::Feature& feature : compat::FEATURES) {
            text += (text.empty() ? "" : "\n");
            text += feature.name;
        }
        *names = threadText(std::move(text));
    }));
}

pykea_status pykea_live_handles(uint64_t* count) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(count);
        *count = Tracked::liveCount();
    }));
}

pykea_status pykea_detach_all(uint64_t* released) {
    return (guarded([&] {
        uint64_t count = Tracked::detachAll();
        if (released) {
            *released = count;
        }
    }));
}

pykea_status pykea_library_parameters(pykea_library_handle* library, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        isc::data::ConstElementPtr parameters = kea(library).getParameters();
        *json = threadText(parameters ? parameters->str() : "{}");
    }));
}

pykea_status pykea_library_register_callout(pykea_library_handle* library, const char* hook,
                                            pykea_callout_fn callout) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hook);
        requireNonNull(reinterpret_cast<void*>(callout), "callout");
        kea(library).registerCallout(hook, keaCallout(callout));
    }));
}

pykea_status pykea_library_deregister_callout(pykea_library_handle* library, const char* hook,
                                              pykea_callout_fn callout, int* removed) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hook);
        bool done = kea(library).deregisterCallout(hook,
                                                   keaCallout(callout));
        if (removed) {
            *removed = done;
        }
    }));
}

pykea_status pykea_library_register_command(pykea_library_handle* library, const char* command,
                                            pykea_callout_fn handler) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(command);
        requireNonNull(reinterpret_cast<void*>(handler), "handler");
        kea(library).registerCommandCallout(command,
                                            keaCallout(handler));
    }));
}

pykea_status pykea_hook_exists(const char* hook, int* exists) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hook);
        PYKEA_REQUIRE_ARG(exists);
        *exists = isc::hooks::ServerHooks::getServerHooks().findIndex(hook) >= 0;
    }));
}

}  // extern "C"

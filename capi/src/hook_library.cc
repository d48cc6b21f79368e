#include "hook_library.h"

#include "errors.h"
#include "log.h"
#include "python.h"

#include "compat.h"

#include <cc/data.h>
#include <hooks/hooks.h>
#include <log/message_initializer.h>

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <regex>
#include <sstream>

#ifndef PYKEA_LIBPYTHON
#error "PYKEA_LIBPYTHON must name the libpython pykea was built with"
#endif
#ifndef PYKEA_SITE_DIRS
#define PYKEA_SITE_DIRS ""
#endif

using isc::data::ConstElementPtr;
using isc::data::Element;

namespace pykea {
namespace {

std::string stringValue(const ConstElementPtr& value, const char* name,
                        const std::string& fallback) {
    if (!value) {
        return (fallback);
    }
    if (value->getType() != Element::string) {
        fail(PYKEA_INVALID_ARGUMENT, std::string("hook parameter '") + name +
             "' must be a string, not " + value->str());
    }
    return (value->stringValue());
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::istringstream stream(text);
    std::string part;
    while (std::getline(stream, part, separator)) {
        if (!part.empty()) {
            parts.push_back(part);
        }
    }
    return (parts);
}

}  // namespace

std::string parameterText(const ConstElementPtr& parameters, const char* name,
                          const std::string& fallback) {
    return (stringValue(parameters->getType() == Element::map ? parameters->get(name)
                                                             : ConstElementPtr(), name, fallback));
}

LibpythonChoice LibpythonChoice::fromParameters(isc::hooks::LibraryHandle& handle) {
    return (fromValue(stringValue(handle.getParameter("libpython"), "libpython", PYKEA_LIBPYTHON)));
}

LibpythonChoice LibpythonChoice::fromValue(const std::string& value) {
    static const std::regex soname("libpython3(\\.[0-9]+)?[a-z]?\\.so(\\.[0-9]+)*");
    bool built_with = value == PYKEA_LIBPYTHON;
    if (!built_with && value.find('/') != std::string::npos) {
        char* resolved = realpath(value.c_str(), nullptr);
        char* built = realpath(PYKEA_LIBPYTHON, nullptr);
        built_with = resolved && built && std::strcmp(resolved, built) == 0;
        free(resolved);
        free(built);
    }
    if (!built_with && !std::regex_match(value, soname)) {
        fail(PYKEA_INVALID_ARGUMENT, "hook parameter 'libpython' is '" + value +
             "': pykea embeds only the libpython it was built with (" + PYKEA_LIBPYTHON +
             ") or one named by a bare soname such as libpython3.13.so.1.0, which the dynamic "
             "linker finds in the system's library directories; remove the parameter or give a "
             "soname");
    }
    return (LibpythonChoice{value});
}

void HookLibrary::makePykeaImportable(const EmbeddedPython& python) {
    // Where pykea was installed when this library was built. A 'virtualenv' parameter is
    // added later by pykea.runtime, once pykea.trust has checked it.
    for (const std::string& directory : split(PYKEA_SITE_DIRS, ':')) {
        python.addSiteDirectory(directory);
    }
}

namespace {

// The file this library was loaded from, symlinks resolved.
std::string thisLibrary() {
    Dl_info info;
    if (!dladdr(reinterpret_cast<void*>(&thisLibrary), &info) || !info.dli_fname) {
        return ("");
    }
    char* resolved = realpath(info.dli_fname, nullptr);
    std::string path = resolved ? resolved : info.dli_fname;
    free(resolved);
    return (path);
}

bool namesThisLibrary(const std::string& library, const std::string& self) {
    char* resolved = realpath(library.c_str(), nullptr);
    bool same = resolved && self == resolved;
    free(resolved);
    auto base = [](const std::string& path) { return (path.substr(path.rfind('/') + 1)); };
    return (same || base(library) == base(self));
}

// The parameters of every entry for this library in the configuration Kea is parsing.
std::vector<ConstElementPtr> stagingParameters() {
    std::vector<ConstElementPtr> found;
    ConstElementPtr libraries = compat::stagingHooksLibraries();
    if (!libraries || libraries->getType() != Element::list) {
        return (found);
    }
    const std::string self = thisLibrary();
    for (const ConstElementPtr& entry : libraries->listValue()) {
        ConstElementPtr library = entry->get("library");
        if (library && library->getType() == Element::string &&
            namesThisLibrary(library->stringValue(), self)) {
            ConstElementPtr parameters = entry->get("parameters");
            found.push_back(parameters ? parameters : Element::createMap());
        }
    }
    return (found);
}

}  // namespace

namespace {

// Runs one of Kea's entry points: an error is logged under `message` and gives `failed`.
template <typename Body>
int loggedEntry(const isc::log::MessageID& message, int failed, Body body) {
    try {
        return (body());
    } catch (const ApiError& e) {
        LOG_ERROR(logger, message).arg(e.message);
    } catch (const std::exception& e) {
        LOG_ERROR(logger, message).arg(e.what());
    } catch (...) {
        LOG_ERROR(logger, message).arg("unknown C++ exception");
    }
    return (failed);
}

}  // namespace

int HookLibrary::version() {
    return (loggedEntry(PYKEA_CODE_REFUSED, 0, [] {
        // Kea calls version() when it validates the hook libraries of a configuration it is
        // parsing (config-set, config-test, config-reload, start-up), before it loads any: a
        // refusal here leaves Kea with the configuration it had, as its own hooks-path check
        // does. A refusal at load() would come too late (Kea cannot recover from it).
        isc::log::MessageInitializer::loadDictionary();
        for (const ConstElementPtr& parameters : stagingParameters()) {
            checkParameters(parameters);
        }
        return (KEA_HOOKS_VERSION);
    }));
}

void HookLibrary::checkParameters(const ConstElementPtr& parameters) {
    LibpythonChoice libpython = LibpythonChoice::fromValue(
        parameterText(parameters, "libpython", PYKEA_LIBPYTHON));
    EmbeddedPython& python = EmbeddedPython::start(libpython.library);
    EmbeddedPython::Gil gil(python);
    makePykeaImportable(python);
    python.callText("pykea.runtime", "_kea_check", parameters->str());
}

int HookLibrary::load(isc::hooks::LibraryHandle& handle) {
    return (loggedEntry(PYKEA_LOAD_FAILED, 1, [&handle] {
        LibpythonChoice libpython = LibpythonChoice::fromParameters(handle);
        EmbeddedPython& python = EmbeddedPython::start(libpython.library);
        EmbeddedPython::Gil gil(python);
        makePykeaImportable(python);
        return (static_cast<int>(python.callInt("pykea.runtime", "_kea_load",
                                                reinterpret_cast<uintptr_t>(&handle))));
    }));
}

int HookLibrary::unload() {
    try {
        EmbeddedPython* python = EmbeddedPython::running();
        if (!python || !python->alive()) {
            return (0);
        }
        EmbeddedPython::Gil gil(*python);
        return (static_cast<int>(python->callInt("pykea.runtime", "_kea_unload")));
    } catch (const ApiError& e) {
        LOG_ERROR(logger, PYKEA_LOAD_FAILED).arg(e.message);
    } catch (...) {
        LOG_ERROR(logger, PYKEA_LOAD_FAILED).arg("unknown error while unloading");
    }
    return (1);
}

}  // namespace pykea

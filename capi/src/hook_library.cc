#include "hook_library.h"

#include "errors.h"
#include "log.h"
#include "python.h"

#include <cc/data.h>

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

std::string stringParameter(isc::hooks::LibraryHandle& handle, const char* name,
                            const std::string& fallback) {
    ConstElementPtr value = handle.getParameter(name);
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

LibpythonChoice LibpythonChoice::fromParameters(isc::hooks::LibraryHandle& handle) {
    return (fromValue(stringParameter(handle, "libpython", PYKEA_LIBPYTHON)));
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

int HookLibrary::load(isc::hooks::LibraryHandle& handle) {
    try {
        LibpythonChoice libpython = LibpythonChoice::fromParameters(handle);
        EmbeddedPython& python = EmbeddedPython::start(libpython.library);
        EmbeddedPython::Gil gil(python);
        makePykeaImportable(python);
        return (static_cast<int>(python.callInt("pykea.runtime", "_kea_load",
                                                reinterpret_cast<uintptr_t>(&handle))));
    } catch (const ApiError& e) {
        LOG_ERROR(logger, PYKEA_LOAD_FAILED).arg(e.message);
    } catch (const std::exception& e) {
        LOG_ERROR(logger, PYKEA_LOAD_FAILED).arg(e.what());
    } catch (...) {
        LOG_ERROR(logger, PYKEA_LOAD_FAILED).arg("unknown C++ exception");
    }
    return (1);
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

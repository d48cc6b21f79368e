#include "hook_library.h"

#include "errors.h"
#include "log.h"
#include "python.h"

#include <cc/data.h>

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

EmbeddingSettings EmbeddingSettings::fromParameters(isc::hooks::LibraryHandle& handle) {
    EmbeddingSettings settings;
    settings.libpython = stringParameter(handle, "libpython", PYKEA_LIBPYTHON);
    settings.virtualenv = stringParameter(handle, "virtualenv", "");
    return (settings);
}

void HookLibrary::makePykeaImportable(const EmbeddedPython& python,
                                      const EmbeddingSettings& settings) {
    if (!settings.virtualenv.empty()) {
        python.addSiteDirectory(settings.virtualenv + "/lib/python" + python.version() +
                                "/site-packages");
    }
    // Where pykea was installed when this library was built.
    for (const std::string& directory : split(PYKEA_SITE_DIRS, ':')) {
        python.addSiteDirectory(directory);
    }
}

int HookLibrary::load(isc::hooks::LibraryHandle& handle) {
    try {
        EmbeddingSettings settings = EmbeddingSettings::fromParameters(handle);
        EmbeddedPython& python = EmbeddedPython::start(settings.libpython);
        EmbeddedPython::Gil gil(python);
        makePykeaImportable(python, settings);
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

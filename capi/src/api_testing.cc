// The testing calls of pykea.h: Kea's real hooks framework, driven in-process without a server,
// so that unit tests exercise the same load, callout and unload paths a server takes.
#include "args.h"
#include "errors.h"
#include "handles.h"

#include <cc/data.h>
#include <hooks/hooks_manager.h>
#include <hooks/server_hooks.h>
#include <log/logger_support.h>

#include "compat.h"

#include <sstream>

using namespace pykea;
using isc::data::ConstElementPtr;
using isc::data::Element;
using isc::hooks::HooksManager;

namespace {

isc::hooks::CalloutHandle& calloutHandleOf(pykea_testing_handle* handle) {
    return (*checked(handle, "testing handle").handle);
}

isc::hooks::HookLibsCollection parseLibraries(const char* json) {
    ConstElementPtr list = Element::fromJSON(std::string(json));
    if (list->getType() != Element::list) {
        fail(PYKEA_INVALID_ARGUMENT, "libraries must be a JSON list of {\"library\": ..., \"parameters\": ...}");
    }
    isc::hooks::HookLibsCollection libraries;
    for (const ConstElementPtr& entry : list->listValue()) {
        ConstElementPtr path = entry->get("library");
        if (!path || path->getType() != Element::string) {
            fail(PYKEA_INVALID_ARGUMENT, "each library needs a \"library\" path");
        }
        ConstElementPtr parameters = entry->get("parameters");
        libraries.push_back(isc::hooks::HookLibInfo(path->stringValue(),
                                                    parameters ? parameters : Element::createMap()));
    }
    return (libraries);
}

}  // namespace

extern "C" {

pykea_status pykea_testing_init(const char* logger_root, int severity, int debug_level,
                                const char* hook_names) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(logger_root);
        PYKEA_REQUIRE_ARG(hook_names);
        static const isc::log::Severity severities[] = {
            isc::log::DEBUG, isc::log::INFO, isc::log::WARN, isc::log::ERROR, isc::log::FATAL};
        if (severity < PYKEA_LOG_DEBUG || severity > PYKEA_LOG_FATAL) {
            fail(PYKEA_INVALID_ARGUMENT, "unknown log severity " + std::to_string(severity));
        }
        isc::log::initLogger(logger_root, severities[severity], debug_level, nullptr, false);
        std::istringstream names(hook_names);
        std::string name;
        isc::hooks::ServerHooks& hooks = isc::hooks::ServerHooks::getServerHooks();
        while (std::getline(names, name)) {
            if (!name.empty() && hooks.findIndex(name) < 0) {
                hooks.registerHook(name);
            }
        }
    }));
}

pykea_status pykea_testing_load(const char* libraries_json, int multi_threading) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(libraries_json);
        isc::hooks::HookLibsCollection libraries = parseLibraries(libraries_json);
        HooksManager::prepareUnloadLibraries();
        HooksManager::unloadLibraries();
        if (!compat::loadLibraries(libraries, multi_threading != 0)) {
            fail(PYKEA_ERROR, "Kea could not load the hook libraries; its log says why");
        }
    }));
}

pykea_status pykea_testing_unload(void) {
    return (guarded([&] {
        HooksManager::prepareUnloadLibraries();
        if (!HooksManager::unloadLibraries()) {
            fail(PYKEA_ERROR, "Kea could not unload every hook library; its log says why");
        }
    }));
}

pykea_status pykea_testing_handle_new(pykea_testing_handle** handle) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(handle);
        *handle = adopt<pykea_testing_handle>(HooksManager::createCalloutHandle());
    }));
}

pykea_status pykea_testing_handle_free(pykea_testing_handle* handle) {
    return (freeHandle(handle));
}

pykea_status pykea_testing_handle_get(pykea_testing_handle* handle,
                                      pykea_callout_handle** callout_handle) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(callout_handle);
        *callout_handle = reinterpret_cast<pykea_callout_handle*>(&calloutHandleOf(handle));
    }));
}

pykea_status pykea_testing_call(const char* hook, pykea_testing_handle* handle) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hook);
        int index = isc::hooks::ServerHooks::getServerHooks().findIndex(hook);
        if (index < 0) {
            fail(PYKEA_NOT_FOUND, std::string("no hook point named '") + hook + "' is registered");
        }
        isc::hooks::CalloutHandle& callout_handle = calloutHandleOf(handle);
        callout_handle.setStatus(isc::hooks::CalloutHandle::NEXT_STEP_CONTINUE);
        HooksManager::callCallouts(index, callout_handle);
    }));
}

pykea_status pykea_testing_command(const char* command_json, const char** response_json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(command_json);
        PYKEA_REQUIRE_ARG(response_json);
        ConstElementPtr command = Element::fromJSON(std::string(command_json));
        ConstElementPtr name = command->get("command");
        if (!name || name->getType() != Element::string) {
            fail(PYKEA_INVALID_ARGUMENT, "a command is a map with a \"command\" string");
        }
        if (!HooksManager::commandHandlersPresent(name->stringValue())) {
            fail(PYKEA_NOT_FOUND, "no hook library handles command '" + name->stringValue() + "'");
        }
        isc::hooks::CalloutHandlePtr handle = HooksManager::createCalloutHandle();
        handle->setArgument("command", command);
        handle->setArgument("response", ConstElementPtr());
        HooksManager::callCommandHandlers(name->stringValue(), *handle);
        ConstElementPtr response;
        handle->getArgument("response", response);
        *response_json = threadText(response ? response->str() : "null");
    }));
}

}  // extern "C"

// File created from pykea_messages.mes

#include <cstddef>
#include <log/message_types.h>
#include <log/message_initializer.h>

namespace pykea {

extern const isc::log::MessageID PYKEA_CALLOUT_FAILED = "PYKEA_CALLOUT_FAILED";
extern const isc::log::MessageID PYKEA_CALLOUT_RAISED = "PYKEA_CALLOUT_RAISED";
extern const isc::log::MessageID PYKEA_CODE_REFUSED = "PYKEA_CODE_REFUSED";
extern const isc::log::MessageID PYKEA_CODE_UNTRUSTED = "PYKEA_CODE_UNTRUSTED";
extern const isc::log::MessageID PYKEA_COMMAND_FAILED = "PYKEA_COMMAND_FAILED";
extern const isc::log::MessageID PYKEA_HOOK_LOADED = "PYKEA_HOOK_LOADED";
extern const isc::log::MessageID PYKEA_HOOK_LOAD_FAILED = "PYKEA_HOOK_LOAD_FAILED";
extern const isc::log::MessageID PYKEA_HOOK_UNLOADED = "PYKEA_HOOK_UNLOADED";
extern const isc::log::MessageID PYKEA_HOOK_UNLOAD_FAILED = "PYKEA_HOOK_UNLOAD_FAILED";
extern const isc::log::MessageID PYKEA_HOOK_UNLOAD_WARNING = "PYKEA_HOOK_UNLOAD_WARNING";
extern const isc::log::MessageID PYKEA_LOAD_FAILED = "PYKEA_LOAD_FAILED";
extern const isc::log::MessageID PYKEA_NAME_NOT_A_HOOK = "PYKEA_NAME_NOT_A_HOOK";
extern const isc::log::MessageID PYKEA_PARKING_FAILED = "PYKEA_PARKING_FAILED";
extern const isc::log::MessageID PYKEA_PYTHON_LOG = "PYKEA_PYTHON_LOG";
extern const isc::log::MessageID PYKEA_RUNTIME_ERROR = "PYKEA_RUNTIME_ERROR";

} // namespace pykea

namespace {

const char* values[] = {
    "PYKEA_CALLOUT_FAILED", "pykea could not run a Python callout: %1",
    "PYKEA_CALLOUT_RAISED", "%1",
    "PYKEA_CODE_REFUSED", "pykea refused the configuration: %1 (Kea reports this refusal as HOOKS_INCORRECT_VERSION, version 0, and keeps the configuration it had)",
    "PYKEA_CODE_UNTRUSTED", "%1",
    "PYKEA_COMMAND_FAILED", "%1",
    "PYKEA_HOOK_LOADED", "%1",
    "PYKEA_HOOK_LOAD_FAILED", "%1",
    "PYKEA_HOOK_UNLOADED", "%1",
    "PYKEA_HOOK_UNLOAD_FAILED", "%1",
    "PYKEA_HOOK_UNLOAD_WARNING", "%1",
    "PYKEA_LOAD_FAILED", "pykea could not load the Python hook: %1",
    "PYKEA_NAME_NOT_A_HOOK", "%1",
    "PYKEA_PARKING_FAILED", "%1",
    "PYKEA_PYTHON_LOG", "%1: %2",
    "PYKEA_RUNTIME_ERROR", "%1",
    NULL
};

const isc::log::MessageInitializer initializer(values);

} // Anonymous namespace


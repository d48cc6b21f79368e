#include "log.h"

#include "errors.h"

#include <log/message_initializer.h>

namespace pykea {

isc::log::Logger logger("pykea");

const isc::log::MessageID PYKEA_PYTHON_LOG = "PYKEA_PYTHON_LOG";
const isc::log::MessageID PYKEA_LOAD_FAILED = "PYKEA_LOAD_FAILED";
const isc::log::MessageID PYKEA_LOADED = "PYKEA_LOADED";
const isc::log::MessageID PYKEA_UNLOADED = "PYKEA_UNLOADED";
const isc::log::MessageID PYKEA_CODE_REFUSED = "PYKEA_CODE_REFUSED";
const isc::log::MessageID PYKEA_CALLOUT_FAILED = "PYKEA_CALLOUT_FAILED";

namespace {

const char* messages[] = {
    "PYKEA_PYTHON_LOG", "%1",
    "PYKEA_LOAD_FAILED", "pykea could not load the Python hook: %1",
    "PYKEA_LOADED", "pykea loaded Python hook module %1",
    "PYKEA_UNLOADED", "pykea unloaded Python hook module %1",
    "PYKEA_CALLOUT_FAILED", "pykea could not run a Python callout: %1",
    "PYKEA_CODE_REFUSED", "pykea refused the configuration: %1 (Kea reports this refusal as "
        "HOOKS_INCORRECT_VERSION, version 0, and keeps the configuration it had)",
    nullptr
};

const isc::log::MessageInitializer initializer(messages);

}  // namespace
}  // namespace pykea

using pykea::guarded;

extern "C" pykea_status pykea_log(int severity, int debug_level, const char* text) {
    return (guarded([&] {
        pykea::requireNonNull(text, "text");
        switch (severity) {
        case PYKEA_LOG_DEBUG:
            LOG_DEBUG(pykea::logger, debug_level, pykea::PYKEA_PYTHON_LOG).arg(text);
            break;
        case PYKEA_LOG_INFO:
            LOG_INFO(pykea::logger, pykea::PYKEA_PYTHON_LOG).arg(text);
            break;
        case PYKEA_LOG_WARN:
            LOG_WARN(pykea::logger, pykea::PYKEA_PYTHON_LOG).arg(text);
            break;
        case PYKEA_LOG_ERROR:
            LOG_ERROR(pykea::logger, pykea::PYKEA_PYTHON_LOG).arg(text);
            break;
        case PYKEA_LOG_FATAL:
            LOG_FATAL(pykea::logger, pykea::PYKEA_PYTHON_LOG).arg(text);
            break;
        default:
            pykea::fail(PYKEA_INVALID_ARGUMENT, "unknown log severity " + std::to_string(severity));
        }
    }));
}

extern "C" pykea_status pykea_log_enabled(int severity, int debug_level, int* enabled) {
    return (guarded([&] {
        pykea::requireNonNull(enabled, "enabled");
        switch (severity) {
        case PYKEA_LOG_DEBUG: *enabled = pykea::logger.isDebugEnabled(debug_level); break;
        case PYKEA_LOG_INFO: *enabled = pykea::logger.isInfoEnabled(); break;
        case PYKEA_LOG_WARN: *enabled = pykea::logger.isWarnEnabled(); break;
        case PYKEA_LOG_ERROR: *enabled = pykea::logger.isErrorEnabled(); break;
        case PYKEA_LOG_FATAL: *enabled = pykea::logger.isFatalEnabled(); break;
        default:
            pykea::fail(PYKEA_INVALID_ARGUMENT, "unknown log severity " + std::to_string(severity));
        }
    }));
}

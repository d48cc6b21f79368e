#include "log.h"

#include "errors.h"

#include <log/message_dictionary.h>

namespace pykea {

isc::log::Logger logger("pykea");

namespace {

// A message of pykea's catalogue named from Python: only IDs the catalogue registered.
const char* catalogued(const char* id) {
    std::string name(id);
    if (name.rfind("PYKEA_", 0) != 0 ||
        isc::log::MessageDictionary::globalDictionary()->getText(name).empty()) {
        fail(PYKEA_INVALID_ARGUMENT, "message ID " + name + " is not in pykea's message "
             "catalogue (capi/src/pykea_messages.mes)");
    }
    return (id);
}

template <typename Entry>
void withArguments(Entry&& entry, const char* message_id, const char* logger_name,
                   const char* text) {
    if (message_id) {
        entry.arg(text);
    } else {
        entry.arg(logger_name ? logger_name : "").arg(text);
    }
}

}  // namespace

}  // namespace pykea

using pykea::guarded;

extern "C" pykea_status pykea_log(int severity, int debug_level, const char* message_id,
                                  const char* logger_name, const char* text) {
    return (guarded([&] {
        pykea::requireNonNull(text, "text");
        const char* id = message_id ? pykea::catalogued(message_id) : pykea::PYKEA_PYTHON_LOG;
        auto& log = pykea::logger;
        switch (severity) {
        case PYKEA_LOG_DEBUG:
            pykea::withArguments(log.debug(debug_level, id), message_id, logger_name, text);
            break;
        case PYKEA_LOG_INFO:
            pykea::withArguments(log.info(id), message_id, logger_name, text);
            break;
        case PYKEA_LOG_WARN:
            pykea::withArguments(log.warn(id), message_id, logger_name, text);
            break;
        case PYKEA_LOG_ERROR:
            pykea::withArguments(log.error(id), message_id, logger_name, text);
            break;
        case PYKEA_LOG_FATAL:
            pykea::withArguments(log.fatal(id), message_id, logger_name, text);
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

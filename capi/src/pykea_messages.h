// File created from pykea_messages.mes

#ifndef PYKEA_MESSAGES_H
#define PYKEA_MESSAGES_H

#include <log/message_types.h>

namespace pykea {

extern const isc::log::MessageID PYKEA_CALLOUT_FAILED;
extern const isc::log::MessageID PYKEA_CALLOUT_RAISED;
extern const isc::log::MessageID PYKEA_CODE_REFUSED;
extern const isc::log::MessageID PYKEA_CODE_UNTRUSTED;
extern const isc::log::MessageID PYKEA_COMMAND_FAILED;
extern const isc::log::MessageID PYKEA_HOOK_LOADED;
extern const isc::log::MessageID PYKEA_HOOK_LOAD_FAILED;
extern const isc::log::MessageID PYKEA_HOOK_UNLOADED;
extern const isc::log::MessageID PYKEA_HOOK_UNLOAD_FAILED;
extern const isc::log::MessageID PYKEA_HOOK_UNLOAD_WARNING;
extern const isc::log::MessageID PYKEA_LOAD_FAILED;
extern const isc::log::MessageID PYKEA_NAME_NOT_A_HOOK;
extern const isc::log::MessageID PYKEA_PARKING_FAILED;
extern const isc::log::MessageID PYKEA_PYTHON_LOG;
extern const isc::log::MessageID PYKEA_RUNTIME_ERROR;

} // namespace pykea

#endif // PYKEA_MESSAGES_H

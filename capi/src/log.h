// log.h -- pykea's Kea logger ("pykea", so kea-dhcp4.pykea in a server's "loggers" config).
#ifndef PYKEA_LOG_H
#define PYKEA_LOG_H

#include <log/logger.h>
#include <log/macros.h>

namespace pykea {

extern isc::log::Logger logger;

// Message IDs, registered with Kea's message dictionary when the library is loaded.
extern const isc::log::MessageID PYKEA_PYTHON_LOG;
extern const isc::log::MessageID PYKEA_LOAD_FAILED;
extern const isc::log::MessageID PYKEA_LOADED;
extern const isc::log::MessageID PYKEA_UNLOADED;
extern const isc::log::MessageID PYKEA_CODE_REFUSED;
extern const isc::log::MessageID PYKEA_CALLOUT_FAILED;

}  // namespace pykea

#endif

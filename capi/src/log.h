// log.h -- pykea's Kea logger ("pykea", so kea-dhcp4.pykea in a server's "loggers" config).
#ifndef PYKEA_LOG_H
#define PYKEA_LOG_H

#include <log/logger.h>
#include <log/macros.h>

namespace pykea {

extern isc::log::Logger logger;

}  // namespace pykea

// The message IDs, from the catalogue pykea_messages.mes (kea-msg-compiler's output).
#include "pykea_messages.h"

namespace pykea {

}  // namespace pykea

#endif

"""Python's logging, bridged to Kea's logger.

Records from any Python logger go to Kea's "pykea" logger (kea-dhcp4.pykea or kea-dhcp6.pykea
in the server's "loggers" configuration) with the Python logger's name in front. Levels map as:
CRITICAL to FATAL, ERROR, WARNING to WARN, INFO, and DEBUG to Kea's DEBUG with debug level 0;
levels below DEBUG go to deeper Kea debug levels (logging.DEBUG - 1 is level 10, and so on).
"""

from __future__ import annotations

import logging
import traceback
from typing import Tuple

from ._bindings import encode, ffi, lib, scratch

_SEVERITIES = (
    (logging.CRITICAL, lib.PYKEA_LOG_FATAL),
    (logging.ERROR, lib.PYKEA_LOG_ERROR),
    (logging.WARNING, lib.PYKEA_LOG_WARN),
    (logging.INFO, lib.PYKEA_LOG_INFO),
)


def kea_severity(levelno: int) -> Tuple[int, int]:
    """(Kea severity, Kea debug level) for a Python logging level."""
    for threshold, severity in _SEVERITIES:
        if levelno >= threshold:
            return severity, 0
    return lib.PYKEA_LOG_DEBUG, min(99, max(0, (logging.DEBUG - levelno) * 10))


def kea_enabled(levelno: int) -> bool:
    """Whether Kea's logging configuration outputs records of this Python logging level."""
    severity, debug_level = kea_severity(levelno)
    out = scratch.int
    return lib.pykea_log_enabled(severity, debug_level, out) == 0 and bool(out[0])


def message(message_id: str) -> dict:
    """``extra=`` for a pykea record logged under its own ID of the catalogue
    (capi/src/pykea_messages.mes): ``logger.error("...", extra=message("PYKEA_COMMAND_FAILED"))``."""
    return {"kea_message": message_id}


class KeaHandler(logging.Handler):
    """Sends records to Kea's logger. Kea's configuration decides what is output. A record of
    pykea's own (``extra=message(ID)``) goes out under that ID; any other under
    PYKEA_PYTHON_LOG, with its logger's name."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            severity, debug_level = kea_severity(record.levelno)
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
            message_id = getattr(record, "kea_message", None)
            lib.pykea_log(severity, debug_level,
                          encode(message_id) if message_id else ffi.NULL,
                          encode(record.name), encode(text))
        except Exception:
            self.handleError(record)


_handler = KeaHandler()


def install() -> None:
    """Routes the root logger to Kea and sets its level from Kea's logging configuration,
    so that records Kea would not output are not even formatted."""
    root = logging.getLogger()
    if _handler not in root.handlers:
        root.addHandler(_handler)
    root.setLevel(lowest_enabled_level())


def lowest_enabled_level() -> int:
    """The lowest Python logging level Kea's logging configuration outputs (CRITICAL + 1 when
    it outputs none)."""
    for level in range(1, logging.DEBUG + 1):
        if kea_enabled(level):
            return level
    for level in (logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL):
        if kea_enabled(level):
            return level
    return logging.CRITICAL + 1


def uninstall() -> None:
    """Removes the handler install() added to the root logger."""
    logging.getLogger().removeHandler(_handler)

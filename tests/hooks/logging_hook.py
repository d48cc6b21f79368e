import logging

import venv_only_helper  # found only through the 'virtualenv' hook parameter, when a test sets it

log = logging.getLogger("logging_hook")


def load(handle):
    log.info("info message %s", venv_only_helper.GREETING)
    log.debug("debug-0 message")
    log.log(logging.DEBUG - 2, "debug-20 message")
    log.log(logging.DEBUG - 5, "debug-50 message")
    try:
        raise KeyError("demo")
    except KeyError:
        log.exception("caught")


def pkt4_receive(handle):
    pass

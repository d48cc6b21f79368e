"""Logs each DHCPv6 hook point it sees."""

import logging

log = logging.getLogger("tracing6_hook")


def _trace(handle):
    log.info("saw %s", handle.hook)


pkt6_receive = pkt6_send = _trace

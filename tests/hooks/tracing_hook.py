"""Logs each hook point it sees, with the lease address where there is one."""

import logging

log = logging.getLogger("tracing_hook")


def _trace(handle):
    lease = handle.get("lease4")
    log.info("saw %s %s", handle.hook, lease.address if lease is not None else "")


pkt4_receive = lease4_select = lease4_release = lease4_decline = pkt4_send = _trace


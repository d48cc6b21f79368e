"""A hook module for the HA pair test (tests/integration/test_ha_pair.py), loaded by both
servers: it gives each device the address at its own offset in the pool Kea chose from, so a
device keeps its address whichever server answers, and names the server that answered in
option 252."""

import ipaddress
import logging

from pykea import Option

log = logging.getLogger(__name__)

OPTION = 252
server_name = "unnamed"


def load(handle):
    global server_name
    server_name = handle.parameters["server-name"]


def offset(hwaddr) -> int:
    """The device's number: its MAC's last byte."""
    return int(str(hwaddr).rsplit(":", 1)[1], 16)


def lease4_select(handle):
    lease = handle["lease4"]
    pool = next(p for p in handle["subnet4"].pools if lease.address in p)
    size = int(pool.last) - int(pool.first) + 1
    wanted = ipaddress.IPv4Address(int(pool.first) + offset(lease.hwaddr) % size)
    if lease.address != wanted:
        log.info("%s gets %s instead of %s", lease.hwaddr, wanted, lease.address)
        lease.address = wanted


def pkt4_send(handle):
    handle["response4"].options.replace(Option.from_str(OPTION, f"pykea-ha {server_name}"))

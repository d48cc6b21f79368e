"""A hook module for the HA pair test (tests/integration/test_ha_pair.py), loaded by both
servers: it gives each device the address at its own offset in the pool Kea chose from, so a
device keeps its address whichever server answers, and names the server that answered in
option 252. (The pools come as a hook parameter ("pools": [[first, last], ...], the subnet's
pools): pykea cannot read a subnet's pools with Kea 2.2.)"""

import ipaddress
import logging

from pykea import Option

log = logging.getLogger(__name__)

OPTION = 252
server_name = "unnamed"
pools = []


def load(handle):
    global server_name
    server_name = handle.parameters["server-name"]
    pools[:] = [(ipaddress.IPv4Address(first), ipaddress.IPv4Address(last))
                for first, last in handle.parameters["pools"]]


def offset(hwaddr) -> int:
    """The device's number: its MAC's last byte."""
    return int(str(hwaddr).rsplit(":", 1)[1], 16)


def lease4_select(handle):
    lease = handle["lease4"]
    first, last = next((first, last) for first, last in pools if first <= lease.address <= last)
    wanted = first + offset(lease.hwaddr) % (int(last) - int(first) + 1)
    if lease.address != wanted:
        log.info("%s gets %s instead of %s", lease.hwaddr, wanted, lease.address)
        lease.address = wanted


def pkt4_send(handle):
    handle["response4"].options.replace(Option.from_str(OPTION, f"pykea-ha {server_name}"))

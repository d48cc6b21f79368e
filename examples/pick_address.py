"""Example pykea hook: picks the address for known clients and tells every client where its
proxy auto-configuration lives (option 252).

kea.conf:
    "hooks-libraries": [{
        "library": "libdhcp_pykea.so",
        "parameters": {
            "module": "/etc/kea/pick_address.py",
            "addresses": {"02:00:00:00:00:01": "192.0.2.150"},
            "wpad-url": "http://wpad.example.org/wpad.dat"
        }
    }]
"""

import ipaddress
import logging

from pykea import Option

log = logging.getLogger(__name__)

WPAD = 252
addresses = {}
wpad_url = "http://wpad.example.org/wpad.dat"


def load(handle):
    global wpad_url
    for mac, address in handle.parameters.get("addresses", {}).items():
        addresses[mac.lower()] = ipaddress.IPv4Address(address)
    wpad_url = handle.parameters.get("wpad-url", wpad_url)
    log.info("%d fixed addresses, WPAD at %s", len(addresses), wpad_url)


def lease4_select(handle):
    """Kea has chosen a lease; give known clients their own address instead."""
    lease = handle["lease4"]
    wanted = addresses.get(str(lease.hwaddr))
    if wanted is not None and lease.address != wanted:
        log.info("%s gets %s instead of %s", lease.hwaddr, wanted, lease.address)
        lease.address = wanted


def pkt4_send(handle):
    """Add option 252 to every OFFER and ACK."""
    handle["response4"].options.replace(Option.from_str(WPAD, wpad_url))

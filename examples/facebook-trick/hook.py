"""facebook-trick: every address comes from an inventory, not from Kea's allocator, and Kea
stores no lease (after Facebook's 2015 account of running Kea in its data centres).

The inventory is a JSON file mapping hardware addresses to IPv4 addresses, the "external
source" of this example; a hook would ask its own service the same way. Clients not in it get no
answer.

Kea still selects a subnet and a candidate lease; the hook replaces the lease's address in
lease4_select and, for a REQUEST, answers SKIP so that Kea does not store it. Kea then prepares a
NAK (it has no lease to confirm), which pkt4_send turns into the ACK the inventory implies.
"""

import ipaddress
import json
import logging
import struct

from pykea import DHCP4Option, MessageType, NextStep, Option

log = logging.getLogger(__name__)

inventory = {}      # "aa:bb:cc:dd:ee:ff" -> IPv4Address
answer_options = []     # what every ACK made from a NAK carries


def load(handle):
    parameters = handle.parameters
    with open(parameters["inventory"], encoding="utf-8") as source:
        for mac, address in json.load(source).items():
            inventory[mac.lower()] = ipaddress.IPv4Address(address)
    network = ipaddress.IPv4Network(parameters["subnet"])
    lifetime = int(parameters.get("valid-lifetime", 3600))
    answer_options[:] = [
        Option(DHCP4Option.DHCP_LEASE_TIME, struct.pack("!I", lifetime)),
        Option(DHCP4Option.DHCP_RENEWAL_TIME, struct.pack("!I", lifetime // 2)),
        Option(DHCP4Option.DHCP_REBINDING_TIME, struct.pack("!I", lifetime * 7 // 8)),
        Option(DHCP4Option.SUBNET_MASK, network.netmask.packed),
        Option.from_addresses(DHCP4Option.ROUTERS, [network[1]]),
    ]
    log.info("%d hosts in the inventory %s", len(inventory), parameters["inventory"])


def pkt4_receive(handle):
    query = handle["query4"]
    address = inventory.get(str(query.hwaddr))
    if address is None:
        log.info("%s is not in the inventory: no answer", query.hwaddr)
        handle.status = NextStep.DROP
        return
    handle.context["address"] = address


def lease4_select(handle):
    address = handle.context["address"]
    handle["lease4"].address = address
    if handle["query4"].type == MessageType.REQUEST:
        handle.status = NextStep.SKIP       # Kea stores nothing


def pkt4_send(handle):
    address = handle.context.get("address")
    if address is None:
        return
    response = handle["response4"]
    if response.type == MessageType.NAK:
        response.type = MessageType.ACK
        for option in answer_options:
            response.options.replace(option)
    response.yiaddr = address
    log.info("%s: %s for %s", response.type.name, address, handle["query4"].hwaddr)

"""A DHCPv6 hook: picks the address for one DUID, logs what it sees, adds option 65000."""

import logging

from pykea import LeaseType, Option

log = logging.getLogger("v6_hook")
PICKED = {"0003000102000000010a": "2001:db8:1::150"}   # DUID-LL of 02:00:00:00:01:0a


def pkt6_receive(handle):
    query = handle["query6"]
    client_id = query.options[1].data.hex()
    log.info("pkt6_receive %s duid=%s relays=%d", query.type.name, client_id, len(query.relays))
    for relay in query.relays:
        log.info("relay level %d %s link=%s peer=%s hops=%d interface-id=%s", relay.level,
                 relay.message_type.name, relay.link_address, relay.peer_address, relay.hop_count,
                 relay.options[18].data.decode())
    interface_id = query.relay_option(18)
    if interface_id is not None:
        log.info("any relay interface-id %s", interface_id.data.decode())


def lease6_select(handle):
    lease = handle["lease6"]
    log.info("lease6_select %s %s/%d iaid=%d fake=%s", lease.type.name, lease.address,
             lease.prefix_length, lease.iaid, handle["fake_allocation"])
    wanted = PICKED.get(lease.duid.hex())
    if lease.type == LeaseType.NA and wanted:
        lease.address = wanted


def leases6_committed(handle):
    for lease in handle["leases6"]:
        log.info("committed %s/%d", lease.address, lease.prefix_length)


def pkt6_send(handle):
    response = handle["response6"]
    ia = response.options.get(3) or response.options.get(25)
    if ia is not None:
        log.info("pkt6_send %s iaid=%d", response.type.name, ia.ia_fields[0])
    response.options.add(Option(65000, b"pykea", universe=6))

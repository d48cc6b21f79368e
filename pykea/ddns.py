"""Kea's DHCP-DDNS client: the queue of NameChangeRequests the server sends to kea-dhcp-ddns
(D2) when "dhcp-ddns" has "enable-updates" true::

    from pykea import ddns, leasemgr

    def resend(arguments):                      # a control command handler
        lease = leasemgr.get4(arguments["ip-address"])
        if lease and ddns.enabled():
            ddns.queue(lease)                   # what lease4-resend-ddns does

Not with Kea 2.2 (feature "ddns"): there both calls raise UnsupportedError.
"""

from __future__ import annotations

from ._bindings import check, lib, scratch
from .enums import DdnsChange as Change
from .lease import Lease

__all__ = ["Change", "enabled", "queue"]


def enabled() -> bool:
    """Whether the server sends DNS updates: the current configuration's "dhcp-ddns" has
    "enable-updates" true (Kea's D2ClientMgr::ddnsEnabled). False outside a server unless a test
    configured it."""
    out = scratch.int
    check(lib.pykea_ddns_enabled(out))
    return bool(out[0])


def queue(lease: Lease, change: Change = Change.ADD) -> None:
    """Queues a NameChangeRequest for ``lease`` as the server does after it assigns (ADD) or
    releases (REMOVE) a lease (Kea's queueNCR): forward and reverse updates as the lease's
    fqdn_fwd and fqdn_rev say, its hostname, address, a DHCID from its client id (DHCPv4, else its
    hardware address) or DUID (DHCPv6), and a TTL from its valid lifetime and the subnet's ddns-ttl
    parameters. Like Kea it does nothing, silently, when updates are disabled, the lease has no
    hostname or neither flag, or is a delegated prefix; a request Kea cannot build (no identifier
    for the DHCID, a bad hostname) Kea logs (DHCPSRV_QUEUE_NCR_FAILED) and drops. Kea's client
    sends the queue to kea-dhcp-ddns in the background."""
    if not isinstance(lease, Lease):
        raise TypeError(f"ddns.queue: a Lease4 or Lease6, not {type(lease).__name__}")
    check(lib.pykea_ddns_queue_lease(lease._ptr, int(change)))

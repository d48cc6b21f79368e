"""Kea's lease database: the LeaseMgr the server opened from its "lease-database" configuration
(memfile, MySQL or PostgreSQL), from callouts and command handlers::

    from pykea import leasemgr

    def lookup(arguments):                      # a control command handler
        return [str(lease.address) for lease in leasemgr.by_hwaddr(arguments["hwaddr"])]

Leases come back as copies (Lease4, Lease6): changing one changes nothing in the database until
``update(lease)``. A lease database exists only inside a running kea-dhcp4/kea-dhcp6 (or in a
unit test after ``open_for_testing()``); elsewhere every call raises KeaError
saying so. Not with Kea 2.2 (feature "lease-database"): there every call raises
UnsupportedError.

``add``, ``update`` and ``delete`` leave Kea's lease statistics alone unless asked:
with ``update_stats=True`` they change them as Kea's lease_cmds hook library does for its
commands (``subnet[ID].assigned-addresses``, ``declined-addresses``, the pools' counts, ...).
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address
from typing import Any, Iterator, List, Optional, Union

from . import _address, config, stats
from ._bindings import check, lib, scratch, text_result
from .features import kea_hooks_version
from .identifiers import ClientId, HWAddr, parse_duid
from .enums import LeaseState, LeaseType
from .lease import Lease, Lease4, Lease6, wrap_lease_list

_TYPE_V4 = lib.PYKEA_LEASE_TYPE_V4
_ANY_SUBNET = lib.PYKEA_SUBNET_ID_ANY


# The leases of a lookup are Lease4 or Lease6 by the call that found them, hence Any.
def _leases(status: int, out) -> List[Any]:
    check(status)
    return wrap_lease_list(out[0])


def _one(status: int, out) -> Optional[Any]:
    found = _leases(status, out)
    return found[0] if found else None


def _subnet(subnet_id: Optional[int]) -> int:
    return _ANY_SUBNET if subnet_id is None else int(subnet_id)


def _address_of(value):
    target = scratch.address
    _address.to_c(value, target)
    return target


def _client_id(value: Union[ClientId, bytes, str]) -> bytes:
    if isinstance(value, ClientId):
        return value.data
    return ClientId.parse(value).data if isinstance(value, str) else bytes(value)


def _duid(value: Union[bytes, str]) -> bytes:
    return parse_duid(value) if isinstance(value, str) else bytes(value)


def available() -> bool:
    """Whether a lease database is open in this process."""
    out = scratch.int
    check(lib.pykea_leasemgr_available(out))
    return bool(out[0])


def get4(address: Union[str, int, IPv4Address]) -> Optional[Lease4]:
    """The DHCPv4 lease of ``address`` ("192.0.2.10" or an IPv4Address), or None."""
    out = scratch.lease_list
    return _one(lib.pykea_leasemgr_get_address(_TYPE_V4, _address_of(address), out), out)


def get6(address: Union[str, IPv6Address], type: int = LeaseType.NA) -> Optional[Lease6]:
    """The DHCPv6 lease of ``address`` (NA, TA, or the prefix of a PD lease), or None."""
    out = scratch.lease_list
    return _one(lib.pykea_leasemgr_get_address(int(type), _address_of(address), out), out)


def by_hwaddr(hwaddr: Union[HWAddr, str], subnet_id: Optional[int] = None) -> List[Lease4]:
    """The DHCPv4 leases of a hardware address ("02:00:00:00:00:01" or HWAddr), in every subnet
    or in ``subnet_id`` (at most one there)."""
    if isinstance(hwaddr, str):
        hwaddr = HWAddr.parse(hwaddr)
    out = scratch.lease_list
    return _leases(lib.pykea_leasemgr_get4_hwaddr(hwaddr.htype, hwaddr.address,
                                                  len(hwaddr.address), _subnet(subnet_id), out),
                   out)


def by_client_id(client_id: Union[ClientId, bytes, str],
                 subnet_id: Optional[int] = None) -> List[Lease4]:
    """The DHCPv4 leases of a client identifier (option 61's bytes, "01:02:..." or ClientId), in
    every subnet or in ``subnet_id`` (at most one there)."""
    data = _client_id(client_id)
    out = scratch.lease_list
    return _leases(lib.pykea_leasemgr_get4_client_id(data, len(data), _subnet(subnet_id), out), out)


def by_duid(duid: Union[bytes, str], iaid: Optional[int] = None, type: int = LeaseType.NA,
            subnet_id: Optional[int] = None) -> List[Lease6]:
    """The DHCPv6 leases of a DUID (bytes or "00:03:00:01:..."): all of them (any type and
    IAID) without ``iaid``; with it, those of that IA of ``type``, in every subnet or in
    ``subnet_id``."""
    data = _duid(duid)
    out = scratch.lease_list
    if iaid is None:
        if subnet_id is not None:
            raise ValueError("by_duid: subnet_id needs iaid (Kea looks up DUID + IAID in a subnet)")
        return _leases(lib.pykea_leasemgr_get6_duid(data, len(data), out), out)
    return _leases(lib.pykea_leasemgr_get6_iaid(int(type), data, len(data), iaid,
                                                _subnet(subnet_id), out), out)


def by_hostname4(hostname: str) -> List[Lease4]:
    """The DHCPv4 leases with this hostname (Kea compares it as stored: lease_cmds lowers the
    case of the name it is asked for first)."""
    out = scratch.lease_list
    return _leases(lib.pykea_leasemgr_get_hostname(4, hostname.encode(), out), out)


def by_hostname6(hostname: str) -> List[Lease6]:
    """As by_hostname4, for DHCPv6 leases."""
    out = scratch.lease_list
    return _leases(lib.pykea_leasemgr_get_hostname(6, hostname.encode(), out), out)


def in_subnet4(subnet_id: int) -> List[Lease4]:
    """Every DHCPv4 lease of a subnet."""
    out = scratch.lease_list
    return _leases(lib.pykea_leasemgr_get_subnet(4, subnet_id, out), out)


def in_subnet6(subnet_id: int) -> List[Lease6]:
    """Every DHCPv6 lease of a subnet."""
    out = scratch.lease_list
    return _leases(lib.pykea_leasemgr_get_subnet(6, subnet_id, out), out)


def page4(after: Union[str, IPv4Address] = "0.0.0.0", size: int = 100) -> List[Lease4]:
    """At most ``size`` DHCPv4 leases with addresses above ``after`` (Kea's getLeases4(lower_bound,
    LeasePageSize); memfile returns them in address order). Pass the last address of a page to
    get the next."""
    out = scratch.lease_list
    return _leases(lib.pykea_leasemgr_get_page(_address_of(after), size, out), out)


def page6(after: Union[str, IPv6Address] = "::", size: int = 100) -> List[Lease6]:
    """As page4, for DHCPv6 leases."""
    out = scratch.lease_list
    return _leases(lib.pykea_leasemgr_get_page(_address_of(after), size, out), out)


def _every(first, page, page_size: int) -> Iterator[Any]:
    after = first
    while True:
        leases = page(after, page_size)
        yield from leases
        if len(leases) < page_size:
            return
        after = leases[-1].address


def all4(page_size: int = 100) -> Iterator[Lease4]:
    """Every DHCPv4 lease, read ``page_size`` at a time."""
    return _every("0.0.0.0", page4, page_size)


def all6(page_size: int = 100) -> Iterator[Lease6]:
    """Every DHCPv6 lease, read ``page_size`` at a time."""
    return _every("::", page6, page_size)


def _changed(call, lease: Lease) -> bool:
    out = scratch.int
    check(call(lease._ptr, out))
    return bool(out[0])


def add(lease: Lease, update_stats: bool = False) -> bool:
    """Adds a lease; False when the database has a lease of that address already. With
    ``update_stats``, an added lease counts in the statistics as lease4-add counts it (Kea's
    updateStatsOnAdd)."""
    added = _changed(lib.pykea_leasemgr_add, lease)
    if added and update_stats:
        _count_whole(lease, 1)
    return added


def update(lease: Lease, overwrite: bool = False, update_stats: bool = False) -> None:
    """Writes a changed lease back. NotFoundError when the database has no lease of its address,
    or (Kea 2.6+) when the stored lease's expiration changed since this copy was read: Kea's
    guard against two writers. ``overwrite=True`` replaces whatever is stored, as lease_cmds'
    lease4-update does; it is what a lease built with Lease4(...) rather than read needs. With
    ``update_stats``, the statistics move from the stored lease to this one as lease4-update
    moves them (Kea's updateStatsOnUpdate: the assigned and the pools' counts only when the
    subnet changes, the declined counts by the states)."""
    stored = _stored(lease) if update_stats else None
    mode = lib.PYKEA_UPDATE_OVERWRITE if overwrite else lib.PYKEA_UPDATE_UNCHANGED
    check(lib.pykea_leasemgr_update(lease._ptr, mode))
    if update_stats:
        _count_update(stored, lease)


def delete(lease: Lease, update_stats: bool = False) -> bool:
    """Deletes a lease; False when the database had none of its address. With ``update_stats``,
    a deleted lease leaves the statistics as lease4-del takes it out (Kea's
    updateStatsOnDelete)."""
    deleted = _changed(lib.pykea_leasemgr_delete, lease)
    if deleted and update_stats:
        _count_whole(lease, -1)
    return deleted


# -- the statistics as lease_cmds keeps them (its updateStatsOnAdd, OnUpdate, OnDelete) ------------

_REGISTERED = kea_hooks_version() >= 30000      # Kea 3.0's registered DHCPv6 addresses


def _stored(lease: Lease) -> Optional[Lease]:
    if isinstance(lease, Lease4):
        return get4(str(lease.address))
    assert isinstance(lease, Lease6)
    return get6(str(lease.address), lease.type)


def _pool(lease: Lease):
    """The pool of the lease's subnet (in the running configuration) holding its address or
    prefix, or None (Kea's Subnet::getPool(type, address, false))."""
    subnet = config.subnet(lease.subnet_id)
    if isinstance(lease, Lease4):
        pools = subnet.pools if isinstance(subnet, config.Subnet4) else []
    elif isinstance(subnet, config.Subnet6) and isinstance(lease, Lease6):
        pools = {LeaseType.NA: subnet.pools, LeaseType.PD: subnet.pd_pools}.get(lease.type, [])
    else:
        pools = []
    return next((pool for pool in pools if lease.address in pool), None)


def _is_registered(lease: Lease) -> bool:
    return _REGISTERED and isinstance(lease, Lease6) and lease.state == LeaseState.REGISTERED


def _count(lease: Lease, sign: int, assigned: bool = True, pools: bool = True) -> None:
    """Adds (1) or takes (-1) a lease's share: with ``assigned`` its subnet's assigned count, and
    its declined counts (global and subnet); with ``pools`` also its pool's. Nothing for an
    expired-reclaimed lease."""
    if lease.state == LeaseState.EXPIRED_RECLAIMED:
        return
    pd = isinstance(lease, Lease6) and lease.type == LeaseType.PD
    name = "assigned-addresses" if isinstance(lease, Lease4) else (
        "assigned-pds" if pd else "assigned-nas")
    subnet = f"subnet[{lease.subnet_id}]"
    pool = _pool(lease) if pools else None
    if assigned:
        stats.add(f"{subnet}.{name}", sign)
        if pool:
            stats.add(f"{subnet}.{'pd-pool' if pd else 'pool'}[{pool.id}].{name}", sign)
    if lease.state == LeaseState.DECLINED:
        stats.add("declined-addresses", sign)
        stats.add(f"{subnet}.declined-addresses", sign)
        if pool:
            stats.add(f"{subnet}.pool[{pool.id}].declined-addresses", sign)


def _count_whole(lease: Lease, sign: int) -> None:
    if _is_registered(lease):
        stats.add(f"subnet[{lease.subnet_id}].registered-nas", sign)
    else:
        _count(lease, sign)


def _count_update(stored: Optional[Lease], lease: Lease) -> None:
    if stored is None or stored.state == LeaseState.EXPIRED_RECLAIMED:
        _count(lease, 1)
        return
    moved = stored.subnet_id != lease.subnet_id
    if _is_registered(stored):
        if moved:
            stats.add(f"subnet[{stored.subnet_id}].registered-nas", -1)
            stats.add(f"subnet[{lease.subnet_id}].registered-nas", 1)
        return
    _count(stored, -1, assigned=moved, pools=moved)
    _count(lease, 1, assigned=moved, pools=moved)


def _wipe(universe: int, subnet_id: int) -> int:
    out = scratch.u64
    check(lib.pykea_leasemgr_wipe(universe, subnet_id, out))
    return out[0]


def wipe4(subnet_id: int) -> int:
    """Deletes every DHCPv4 lease of a subnet (0: of all subnets); returns how many. Backends
    that do not implement it raise KeaError with Kea's text."""
    return _wipe(4, subnet_id)


def wipe6(subnet_id: int) -> int:
    """As wipe4, for DHCPv6 leases."""
    return _wipe(6, subnet_id)


def write4(filename: str) -> str:
    """Writes the memfile lease database to ``filename`` in its CSV format (Kea's writeLeases4;
    SQL backends raise KeaError) and returns the path written. From Kea 2.6.3 the file must be
    in Kea's data directory, where a bare name lands (InvalidArgumentError with Kea's reason
    otherwise)."""
    return text_result(lib.pykea_leasemgr_write(4, filename.encode(), scratch.text), scratch.text)


def write6(filename: str) -> str:
    """As write4, for the DHCPv6 lease database."""
    return text_result(lib.pykea_leasemgr_write(6, filename.encode(), scratch.text), scratch.text)


def open_for_testing(access: str = "type=memfile persist=false universe=4") -> None:
    """Opens a lease database in this process, for unit tests without a server (Kea's
    LeaseMgrFactory::create with a "lease-database" access string; "universe=6" for DHCPv6),
    after a pykea.testing.KeaHooks() has started Kea's logging. Never inside a server: it would
    replace the server's database."""
    check(lib.pykea_testing_open_lease_database(access.encode()))


def close_for_testing() -> None:
    """Closes the database open_for_testing() opened (LeaseMgrFactory::destroy)."""
    check(lib.pykea_testing_close_lease_database())

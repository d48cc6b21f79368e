"""Host reservations: Kea's Host objects and its host manager (HostMgr).

A :class:`Host` is one reservation: an identifier (hardware address, DUID, circuit-id,
client-id or flex-id), the subnets it applies to, and what is reserved (an IPv4 address, IPv6
addresses and prefixes, a hostname, client classes, options)::

    from pykea import HWAddr, hosts

    host = hosts.Host(HWAddr.parse("02:00:00:00:00:42"), ipv4_subnet_id=1,
                      ipv4_reservation="192.0.2.42", hostname="printer")
    hosts.add(host)                                   # into the hosts-database
    found = hosts.get4(1, HWAddr.parse("02:00:00:00:00:42"))
    hosts.delete4(1, HWAddr.parse("02:00:00:00:00:42"))

The module functions are Kea's HostMgr: lookups search the configuration's reservations and the
hosts-database; :func:`add`, :func:`update` and the deletions change the hosts-database only
(Kea raises KeaError when none is configured). Each takes ``target`` (a :class:`HostsTarget`:
MEMORY, DATABASE or ALL) to say otherwise, as host_cmds' "operation-target" does.
:func:`parse` reads a reservation written as in Kea's configuration. Hosts Kea returns are its own and read-only: change a
``copy()``. With Kea 2.2 the host manager is unavailable (UnsupportedError; see
``pykea.features``), though Host objects can still be built.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Tuple, Union, cast

from . import _address
from ._bindings import check, encode, ffi, lib, scratch, text_result
from .enums import HostsTarget, IdentifierType, ReservationType
from .errors import NotFoundError
from .identifiers import ClientId, HWAddr
from .option import Option


class Reservation6(NamedTuple):
    """One IPv6 reservation of a host."""

    type: ReservationType
    prefix: ipaddress.IPv6Address
    length: int     # 128 for an address


_SUBNET_ID_UNUSED = lib.PYKEA_SUBNET_ID_UNUSED     # no subnet (0 is the global one)
_ANY_SUBNET = lib.PYKEA_SUBNET_ID_ANY
_ALL, _DATABASE = HostsTarget.ALL, HostsTarget.DATABASE

Identifier = Union[HWAddr, ClientId, bytes, bytearray]


def _identifier(identifier: Identifier, identifier_type: Optional[int]) -> Tuple[int, bytes]:
    """The (type, bytes) of a host identifier: an HWAddr or a ClientId says its type; bytes
    need ``identifier_type``."""
    if isinstance(identifier, HWAddr):
        return int(IdentifierType.HWADDR if identifier_type is None else identifier_type), identifier.address
    if isinstance(identifier, ClientId):
        return int(IdentifierType.CLIENT_ID if identifier_type is None else identifier_type), identifier.data
    if isinstance(identifier, (bytes, bytearray)):
        if identifier_type is None:
            raise ValueError("an identifier given as bytes needs its identifier_type "
                             "(IdentifierType.DUID, CIRCUIT_ID, FLEX, ...)")
        return int(identifier_type), bytes(identifier)
    raise TypeError(f"a host identifier is an HWAddr, a ClientId or bytes, not {type(identifier).__name__}")


class Host:
    """A host reservation (Kea's Host).

    ``Host(identifier, identifier_type=None, ...)`` makes a new, writable one; the identifier is
    an HWAddr, a ClientId, or bytes with their ``identifier_type``. Keyword arguments set the
    fields below at once.
    """

    __slots__ = ("_ptr",)

    def __init__(self, identifier: Identifier, identifier_type: Optional[int] = None, *,
                 ipv4_subnet_id: Optional[int] = None, ipv6_subnet_id: Optional[int] = None,
                 ipv4_reservation: Union[str, int, ipaddress.IPv4Address, None] = None,
                 hostname: str = "", client_classes4: Iterable[str] = (),
                 client_classes6: Iterable[str] = (), reservations6: Iterable = (),
                 options: Iterable[Option] = ()) -> None:
        id_type, data = _identifier(identifier, identifier_type)
        out = scratch.host
        check(lib.pykea_host_new(id_type, data, len(data), out))
        self._ptr = ffi.gc(out[0], lib.pykea_host_free)
        if ipv4_subnet_id is not None:
            self.ipv4_subnet_id = ipv4_subnet_id
        if ipv6_subnet_id is not None:
            self.ipv6_subnet_id = ipv6_subnet_id
        if ipv4_reservation is not None:
            self.ipv4_reservation = ipv4_reservation
        if hostname:
            self.hostname = hostname
        for name in client_classes4:
            self.add_client_class4(name)
        for name in client_classes6:
            self.add_client_class6(name)
        for reservation in reservations6:
            self.add_reservation6(*(reservation if isinstance(reservation, tuple) else (reservation,)))
        for option in options:
            self.add_option(option)

    @classmethod
    def _wrap(cls, pointer) -> "Host":
        host = object.__new__(cls)
        host._ptr = ffi.gc(pointer, lib.pykea_host_free)
        return host

    @property
    def id(self) -> int:
        """The host's id in its hosts-database (0 for the configuration's reservations): what
        page() continues from."""
        check(lib.pykea_host_get_id(self._ptr, scratch.u64))
        return scratch.u64[0]

    def copy(self) -> "Host":
        """A writable copy (of a host Kea returned, for instance)."""
        out = scratch.host
        check(lib.pykea_host_copy(self._ptr, out))
        return Host._wrap(out[0])

    @property
    def writable(self) -> bool:
        """False for the hosts Kea returned (HostMgr lookups, callout arguments)."""
        check(lib.pykea_host_writable(self._ptr, scratch.int))
        return bool(scratch.int[0])

    def _identifier_fields(self) -> Tuple[int, bytes]:
        s = scratch
        check(lib.pykea_host_identifier(self._ptr, s.int, s.data, s.size))
        return s.int[0], ffi.buffer(s.data[0], s.size[0])[:]

    @property
    def identifier_type(self) -> IdentifierType:
        """What kind of identifier the reservation is for (hardware address, DUID, ...)."""
        return IdentifierType(self._identifier_fields()[0])

    @property
    def identifier(self) -> bytes:
        """The identifier's bytes (a hardware address without its type)."""
        return self._identifier_fields()[1]

    # Called in the class body to make the two properties, then deleted: not a method.
    def _subnet_id(universe: int, doc: str) -> property:  # type: ignore[misc]
        def get(self) -> Optional[int]:
            check(lib.pykea_host_get_subnet_id(self._ptr, universe, scratch.u32))
            return None if scratch.u32[0] == _SUBNET_ID_UNUSED else scratch.u32[0]

        def set(self, value: Optional[int]) -> None:
            if value is None:
                value = _SUBNET_ID_UNUSED
            elif not 0 <= value < _SUBNET_ID_UNUSED:
                raise ValueError(f"a subnet id is 0 (global) to {_SUBNET_ID_UNUSED - 1}, not {value}")
            check(lib.pykea_host_set_subnet_id(self._ptr, universe, value))

        return property(get, set, doc=doc)

    ipv4_subnet_id = _subnet_id(4, "The IPv4 subnet the reservation applies to: None for no "
                                   "DHCPv4 reservation, 0 for a global one.")
    ipv6_subnet_id = _subnet_id(6, "The IPv6 subnet the reservation applies to: None for no "
                                   "DHCPv6 reservation, 0 for a global one.")
    del _subnet_id

    @property
    def ipv4_reservation(self) -> Optional[ipaddress.IPv4Address]:
        """The reserved IPv4 address, or None. Setting None removes it."""
        check(lib.pykea_host_get_ipv4_reservation(self._ptr, scratch.u32))
        return ipaddress.IPv4Address(scratch.u32[0]) if scratch.u32[0] else None

    @ipv4_reservation.setter
    def ipv4_reservation(self, value: Union[str, int, ipaddress.IPv4Address, None]) -> None:
        address = 0 if value is None else int(ipaddress.IPv4Address(value))
        check(lib.pykea_host_set_ipv4_reservation(self._ptr, address))

    @property
    def hostname(self) -> str:
        """The reserved hostname, or ""."""
        return text_result(lib.pykea_host_get_hostname(self._ptr, scratch.text), scratch.text)

    @hostname.setter
    def hostname(self, value: str) -> None:
        check(lib.pykea_host_set_hostname(self._ptr, encode(value)))

    def _classes(self, universe: int) -> List[str]:
        text = text_result(lib.pykea_host_classes(self._ptr, universe, scratch.text), scratch.text)
        return text.split("\n") if text else []

    @property
    def client_classes4(self) -> List[str]:
        """The client classes the reservation puts DHCPv4 clients in."""
        return self._classes(4)

    @property
    def client_classes6(self) -> List[str]:
        """The client classes the reservation puts DHCPv6 clients in."""
        return self._classes(6)

    def add_client_class4(self, name: str) -> None:
        """Puts the host's DHCPv4 clients in client class ``name`` as well."""
        check(lib.pykea_host_add_class(self._ptr, 4, encode(name)))

    def add_client_class6(self, name: str) -> None:
        """Puts the host's DHCPv6 clients in client class ``name`` as well."""
        check(lib.pykea_host_add_class(self._ptr, 6, encode(name)))

    @property
    def reservations6(self) -> List[Reservation6]:
        """The reserved IPv6 addresses and prefixes."""
        found: List[Reservation6] = []
        prefix, length = ffi.new("pykea_address *"), ffi.new("uint8_t *")
        while True:
            status = lib.pykea_host_reservation6(self._ptr, len(found), scratch.int, prefix, length)
            if status == lib.PYKEA_NOT_FOUND:
                return found
            check(status)
            address = cast(ipaddress.IPv6Address, _address.from_c(prefix))
            found.append(Reservation6(ReservationType(scratch.int[0]), address, length[0]))

    def add_reservation6(self, prefix: Union[str, ipaddress.IPv6Address], length: int = 128,
                         type: Optional[int] = None) -> None:
        """Reserves an IPv6 address (length 128) or a delegated prefix ("2001:db8:1::/56" or
        ``prefix, 56``). ``type`` defaults to ADDRESS for length 128, else PREFIX."""
        if isinstance(prefix, str) and "/" in prefix:
            network = ipaddress.IPv6Network(prefix)
            prefix, length = network.network_address, network.prefixlen
        if type is None:
            type = ReservationType.ADDRESS if length == 128 else ReservationType.PREFIX
        target = ffi.new("pykea_address *")
        _address.to_c(prefix, target)
        check(lib.pykea_host_add_reservation6(self._ptr, int(type), target, length))

    def add_option(self, option: Option, always_send: bool = False) -> None:
        """Adds an option Kea sends to this host (a DHCPv4 option to dhcp4, a DHCPv6 one to
        dhcp6): when the client asks for it, or always with ``always_send``."""
        check(lib.pykea_host_add_option(self._ptr, option._ptr, bool(always_send)))

    def to_dict(self, universe: int = 4) -> Dict[str, Any]:
        """The reservation in Kea's configuration syntax (Host::toElement4 / toElement6)."""
        text = text_result(lib.pykea_host_json(self._ptr, universe, scratch.text), scratch.text)
        return json.loads(text)

    @property
    def text(self) -> str:
        """Kea's description of the host."""
        return text_result(lib.pykea_host_text(self._ptr, scratch.text), scratch.text)

    def __repr__(self) -> str:
        id_type, data = self._identifier_fields()
        return f"<Host {IdentifierType(id_type).name.lower()}={data.hex(':')}>"


def _host_or_none(out) -> Optional[Host]:
    return Host._wrap(out[0]) if out[0] != ffi.NULL else None


def _found_host(status: int, out) -> Optional[Host]:
    """The host a pykea_hosts_get* lookup found, or None when it found none (PYKEA_NOT_FOUND)."""
    try:
        check(status)
    except NotFoundError:
        return None
    return Host._wrap(out[0])


def _host_list(pointer) -> List[Host]:
    try:
        check(lib.pykea_host_list_size(pointer, scratch.size))
        hosts = []
        out = scratch.host
        for index in range(scratch.size[0]):
            check(lib.pykea_host_list_get(pointer, index, out))
            hosts.append(Host._wrap(out[0]))
        return hosts
    finally:
        lib.pykea_host_list_free(pointer)


def _address_of(address):
    target = ffi.new("pykea_address *")
    _address.to_c(address, target)
    return target


def _subnet(subnet_id: Optional[int]) -> int:
    return _ANY_SUBNET if subnet_id is None else int(subnet_id)


def _hosts(status: int, out) -> List[Host]:
    check(status)
    return _host_list(out[0])


def database_available() -> bool:
    """Whether a hosts-database is configured ("hosts-database"/"hosts-databases"): where
    add(), update() and the deletions write by default."""
    check(lib.pykea_hosts_database_available(scratch.int))
    return bool(scratch.int[0])


def _get(universe: int, subnet_id: int, identifier: Identifier,
         identifier_type: Optional[int], target: int) -> Optional[Host]:
    id_type, data = _identifier(identifier, identifier_type)
    out = scratch.host
    return _found_host(lib.pykea_hosts_get(universe, subnet_id, id_type, data, len(data),
                                           int(target), out), out)


def get4(subnet_id: int, identifier: Identifier, identifier_type: Optional[int] = None,
         target: int = _ALL) -> Optional[Host]:
    """The DHCPv4 reservation for ``identifier`` in subnet ``subnet_id`` (HostMgr::get4), or None."""
    return _get(4, subnet_id, identifier, identifier_type, target)


def get6(subnet_id: int, identifier: Identifier, identifier_type: Optional[int] = None,
         target: int = _ALL) -> Optional[Host]:
    """The DHCPv6 reservation for ``identifier`` in subnet ``subnet_id`` (HostMgr::get6), or None."""
    return _get(6, subnet_id, identifier, identifier_type, target)


def get_by_address(subnet_id: int, address: Union[str, _address.IPAddress],
                   target: int = _ALL) -> Optional[Host]:
    """The reservation of ``address`` (IPv4 or IPv6) in subnet ``subnet_id`` (HostMgr::get4 /
    get6 by address), or None."""
    out = scratch.host
    return _found_host(lib.pykea_hosts_get_by_address(subnet_id, _address_of(address),
                                                      int(target), out), out)


def get_all(identifier: Identifier, identifier_type: Optional[int] = None,
            target: int = _ALL) -> List[Host]:
    """Every reservation for ``identifier``, in any subnet (HostMgr::getAll)."""
    id_type, data = _identifier(identifier, identifier_type)
    out = scratch.host_list
    return _hosts(lib.pykea_hosts_get_all(id_type, data, len(data), int(target), out), out)


def get_all4(subnet_id: int, target: int = _ALL) -> List[Host]:
    """Every DHCPv4 reservation in subnet ``subnet_id`` (HostMgr::getAll4)."""
    out = scratch.host_list
    return _hosts(lib.pykea_hosts_get_all_in_subnet(4, subnet_id, int(target), out), out)


def get_all6(subnet_id: int, target: int = _ALL) -> List[Host]:
    """Every DHCPv6 reservation in subnet ``subnet_id`` (HostMgr::getAll6)."""
    out = scratch.host_list
    return _hosts(lib.pykea_hosts_get_all_in_subnet(6, subnet_id, int(target), out), out)


def by_address(address: Union[str, _address.IPAddress], subnet_id: Optional[int] = None,
               target: int = _ALL) -> List[Host]:
    """Every reservation of ``address`` (IPv4 or IPv6), in subnet ``subnet_id`` or in any
    (HostMgr::getAll4/getAll6 by address)."""
    out = scratch.host_list
    return _hosts(lib.pykea_hosts_get_all_by_address(_subnet(subnet_id), _address_of(address),
                                                     int(target), out), out)


def by_hostname(hostname: str, subnet_id: Optional[int] = None, universe: int = 4,
                target: int = _ALL) -> List[Host]:
    """The reservations with ``hostname`` (Kea compares in lower case): in any subnet of either
    family (HostMgr::getAllbyHostname), or in DHCPv4 (``universe`` 4) or DHCPv6 subnet
    ``subnet_id`` (getAllbyHostname4/6)."""
    out = scratch.host_list
    return _hosts(lib.pykea_hosts_get_by_hostname(universe, encode(hostname), _subnet(subnet_id),
                                                  int(target), out), out)


def page(universe: int, limit: int, source_index: int = 0, from_id: int = 0,
         subnet_id: Optional[int] = None) -> Tuple[List[Host], int]:
    """One page of reservations (HostMgr::getPage4/getPage6): at most ``limit`` hosts of source
    ``source_index`` (0 the configuration, then each hosts-database) with ids above
    ``from_id``, in subnet ``subnet_id`` or all. Returns the hosts and the source they came
    from: pass that and the last host's ``id`` for the next page. An empty page with the
    source moved on means the previous source is done; an empty page at the last source is
    the end."""
    index = ffi.new("size_t *", source_index)
    out = scratch.host_list
    found = _hosts(lib.pykea_hosts_get_page(universe, _subnet(subnet_id), index, from_id, limit,
                                            out), out)
    return found, index[0]


def parse(reservation: Dict[str, Any], universe: int = 4,
          subnet_id: Optional[int] = None) -> Host:
    """A writable Host from a reservation written as in Kea's configuration
    ({"hw-address": ..., "ip-address": ..., "hostname": ..., "option-data": [...], ...}), by
    Kea's own HostReservationParser4/6, for subnet ``subnet_id`` (None: no subnet yet).
    InvalidArgumentError with Kea's reason when Kea would refuse it."""
    out = scratch.host
    unused = _SUBNET_ID_UNUSED if subnet_id is None else subnet_id
    check(lib.pykea_host_parse(universe, encode(json.dumps(reservation)), unused, out))
    return Host._wrap(out[0])


def parse_identifier(text: str) -> bytes:
    """A host identifier's bytes from its text as reservations write it: hex with or without
    ':' ("01:02:0a", "01020a", "0x01020a") or a 'quoted string'."""
    s = scratch
    check(lib.pykea_host_identifier_parse(encode(text), s.data, s.size))
    return ffi.buffer(s.data[0], s.size[0])[:]


def add(host: Host, target: int = _DATABASE) -> None:
    """Stores a copy of ``host`` in the hosts-database (HostMgr::add). KeaError when no
    hosts-database is configured or the database refuses it (a duplicate, for instance)."""
    check(lib.pykea_hosts_add(host._ptr, int(target)))


def update(host: Host, target: int = _DATABASE) -> None:
    """Replaces the stored reservation with ``host``'s identifier and subnet by ``host``
    (HostMgr::update: in a database one transaction, not a delete then an add). KeaError
    with Kea's reason when there is none to replace."""
    check(lib.pykea_hosts_update(host._ptr, int(target)))


def delete(subnet_id: int, address: Union[str, _address.IPAddress],
           target: int = _DATABASE) -> bool:
    """Deletes the reservation of ``address`` in subnet ``subnet_id`` from the hosts-database
    (HostMgr::del); False when there was none."""
    check(lib.pykea_hosts_del(subnet_id, _address_of(address), int(target), scratch.int))
    return bool(scratch.int[0])


def _delete(universe: int, subnet_id: int, identifier: Identifier,
            identifier_type: Optional[int], target: int) -> bool:
    id_type, data = _identifier(identifier, identifier_type)
    check(lib.pykea_hosts_del_by_identifier(universe, subnet_id, id_type, data, len(data),
                                            int(target), scratch.int))
    return bool(scratch.int[0])


def delete4(subnet_id: int, identifier: Identifier, identifier_type: Optional[int] = None,
            target: int = _DATABASE) -> bool:
    """Deletes the DHCPv4 reservation for ``identifier`` in subnet ``subnet_id`` from the
    hosts-database (HostMgr::del4); False when there was none."""
    return _delete(4, subnet_id, identifier, identifier_type, target)


def delete6(subnet_id: int, identifier: Identifier, identifier_type: Optional[int] = None,
            target: int = _DATABASE) -> bool:
    """Deletes the DHCPv6 reservation for ``identifier`` in subnet ``subnet_id`` from the
    hosts-database (HostMgr::del6); False when there was none."""
    return _delete(6, subnet_id, identifier, identifier_type, target)


def host_argument(handle, name: bytes) -> Optional[Host]:
    """Reads a ConstHostPtr callout argument (lease4_offer's "host" with Kea 3.0): a read-only
    Host, or None when Kea passed none."""
    out = scratch.host
    check(lib.pykea_handle_get_host(handle, name, out))
    return _host_or_none(out)

"""Leases: Kea's Lease4 (and later Lease6) objects."""

from __future__ import annotations

from ipaddress import IPv4Address
import json
from typing import Any, Callable, List, Optional, Union

from . import _address
from ._bindings import check, encode, ffi, lib, raise_error, scratch, text_result
from ._lending import Lendable
from .enums import LeaseState, LeaseType
from .identifiers import ClientId, HWAddr


# A lease read from a callout's arguments is borrowed from the callout frame (pykea.frame),
# with its fields read before the callout: _hdr is then the int64_t part of the frame's
# pykea_lease_header as a memoryview (HEADER_WORDS words), as for packets (pykea.packet).
_WORD = ffi.sizeof("int64_t")
HEADER_WORDS = ffi.offsetof("pykea_lease_header", "address") // _WORD
_IPV4 = ffi.offsetof("pykea_lease_header", "ipv4") // _WORD
_HTYPE = ffi.offsetof("pykea_lease_header", "htype") // _WORD
_HWADDR_SIZE = ffi.offsetof("pykea_lease_header", "hwaddr_size") // _WORD
_HWADDR_VALUE = ffi.offsetof("pykea_lease_header", "hwaddr_value") // _WORD
_HWADDR = ffi.offsetof("pykea_lease_header", "hwaddr") // _WORD

def _int_field(code: int, doc: str, convert: Callable[[int], Any] = int, in_header: bool = True,
               returns: Any = int) -> property:
    """A property over one of the lease's integer fields, as ``convert`` makes it (``returns``
    is the type it makes, for the API reference)."""
    def get(self) -> Any:
        header = self._hdr
        if header is not None and in_header:
            return convert(header[code])
        out = scratch.i64
        check(lib.pykea_lease_get_int(self._ptr, code, out))
        return convert(out[0])

    def set(self, value: int) -> None:
        check(lib.pykea_lease_set_int(self._ptr, code, int(value)))
        self._reread()

    get.__annotations__["return"] = returns
    return property(get, set, doc=doc)


def _state(value: int) -> Union[LeaseState, int]:
    try:
        return LeaseState(value)
    except ValueError:
        return value


class Lease(Lendable):
    """What DHCPv4 and DHCPv6 leases share."""

    __slots__ = ("_ptr", "_hdr", "_pend")
    _free = staticmethod(lib.pykea_lease_free)
    _copy = staticmethod(lib.pykea_lease_copy)
    _out = "lease"
    _get_header = staticmethod(lib.pykea_lease_get_header)
    _header_type = "pykea_lease_header *"

    @classmethod
    def _from_handle(cls, pointer) -> "Lease":
        out = scratch.int
        status = lib.pykea_lease_universe(pointer, out)
        if status:
            lib.pykea_lease_free(pointer)
            raise_error(status)
        return (Lease4 if out[0] == 4 else Lease6)._wrap(pointer)

    valid_lft = _int_field(lib.PYKEA_LEASE_VALID_LFT, "Valid lifetime in seconds.")
    cltt = _int_field(lib.PYKEA_LEASE_CLTT, "Client last transmission time (Unix time).")
    subnet_id = _int_field(lib.PYKEA_LEASE_SUBNET_ID, "Id of the subnet the lease belongs to.")
    fqdn_fwd = _int_field(lib.PYKEA_LEASE_FQDN_FWD, "Whether a forward DNS update was done.", bool,
                          returns=bool)
    fqdn_rev = _int_field(lib.PYKEA_LEASE_FQDN_REV, "Whether a reverse DNS update was done.", bool,
                          returns=bool)
    state = _int_field(lib.PYKEA_LEASE_STATE, "The lease state (LeaseState).", _state,
                       returns=Union[LeaseState, int])
    pool_id = _int_field(lib.PYKEA_LEASE_POOL_ID, "Id of the pool the address came from (Kea 2.6+).",
                         in_header=False)
    current_valid_lft = _int_field(lib.PYKEA_LEASE_CURRENT_VALID_LFT,
                                   "Valid lifetime as stored in the lease database.")
    current_cltt = _int_field(lib.PYKEA_LEASE_CURRENT_CLTT, "cltt as stored in the lease database.")

    @property
    def address(self) -> _address.IPAddress:
        """The leased address (for a prefix delegation: the prefix)."""
        header = self._hdr
        if header is not None and header[_IPV4] >= 0:
            return IPv4Address(header[_IPV4])
        out = scratch.address
        check(lib.pykea_lease_get_address(self._ptr, out))
        return _address.from_c(out)

    @address.setter
    def address(self, value: Union[str, int, _address.IPAddress]) -> None:
        out = scratch.address
        _address.to_c(value, out)
        check(lib.pykea_lease_set_address(self._ptr, out))
        self._reread()

    @property
    def hostname(self) -> str:
        """The client's hostname (for DNS updates), or ""."""
        return text_result(lib.pykea_lease_get_hostname(self._ptr, scratch.text), scratch.text)

    @hostname.setter
    def hostname(self, value: str) -> None:
        check(lib.pykea_lease_set_hostname(self._ptr, encode(value)))

    @property
    def hwaddr(self) -> Optional[HWAddr]:
        """The client's hardware address, or None. It may be set from an HWAddr or its text."""
        header = self._hdr
        if header is not None:
            if header[_HTYPE] < 0:
                return None
            value = header[_HWADDR_VALUE]
            if value >= 0:
                return HWAddr(value.to_bytes(header[_HWADDR_SIZE], "big"), header[_HTYPE])
            return HWAddr(header[_HWADDR:HEADER_WORDS].tobytes()[:header[_HWADDR_SIZE]],
                          header[_HTYPE])
        s = scratch
        status = lib.pykea_lease_get_hwaddr(self._ptr, s.int, s.data, s.size)
        if status == lib.PYKEA_NOT_FOUND:
            return None
        check(status)
        return HWAddr(ffi.buffer(s.data[0], s.size[0])[:], s.int[0])

    @hwaddr.setter
    def hwaddr(self, value: Union[HWAddr, str, None]) -> None:
        if value is None:
            status = lib.pykea_lease_set_hwaddr(self._ptr, 1, ffi.NULL, 0)
        else:
            if isinstance(value, str):
                value = HWAddr.parse(value)
            status = lib.pykea_lease_set_hwaddr(self._ptr, value.htype, value.address,
                                                len(value.address))
        check(status)
        self._reread()

    @property
    def user_context(self) -> Optional[Any]:
        """The lease's user context as Python data (a dict), or None."""
        text = text_result(lib.pykea_lease_get_user_context(self._ptr, scratch.text), scratch.text)
        return json.loads(text)

    @user_context.setter
    def user_context(self, value: Optional[dict]) -> None:
        check(lib.pykea_lease_set_user_context(self._ptr, encode(json.dumps(value))))

    def to_dict(self) -> dict:
        """The lease in Kea's JSON form (Lease::toElement): the "leases" entries of lease_cmds'
        answers and what lease4-add reads, e.g. {"ip-address": ..., "hw-address": ...,
        "valid-lft": ..., "cltt": ..., "subnet-id": ..., "state": ..., ...}."""
        return json.loads(text_result(lib.pykea_lease_to_json(self._ptr, scratch.text),
                                      scratch.text))

    @property
    def text(self) -> str:
        """Kea's description of the lease."""
        return text_result(lib.pykea_lease_text(self._ptr, scratch.text), scratch.text)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.address}>"


def _lease4_bytes(field: int, doc: str) -> property:
    def get(self) -> bytes:
        s = scratch
        check(lib.pykea_lease4_get_bytes(self._ptr, field, s.data, s.size))
        return ffi.buffer(s.data[0], s.size[0])[:]

    def set(self, value: bytes) -> None:
        value = bytes(value)
        check(lib.pykea_lease4_set_bytes(self._ptr, field, value, len(value)))

    return property(get, set, doc=doc)


class Lease4(Lease):
    """A DHCPv4 lease (Kea's Lease4). ``Lease4("192.0.2.10")`` makes a new one."""

    __slots__ = ()

    def __init__(self, address: Union[str, int, IPv4Address]) -> None:
        out = scratch.lease
        check(lib.pykea_lease4_new(int(_ipv4(address)), out))
        self._ptr = ffi.gc(out[0], lib.pykea_lease_free)
        self._hdr = self._pend = None

    remote_id = _lease4_bytes(lib.PYKEA_LEASE4_REMOTE_ID,
                              "Relay agent remote-id stored with the lease (Kea 2.6+).")
    relay_id = _lease4_bytes(lib.PYKEA_LEASE4_RELAY_ID,
                             "Relay agent relay-id stored with the lease (Kea 2.6+).")

    @property
    def client_id(self) -> Optional[ClientId]:
        """The DHCPv4 client identifier, or None. It may be set from a ClientId or its bytes."""
        s = scratch
        status = lib.pykea_lease4_get_client_id(self._ptr, s.data, s.size)
        if status == lib.PYKEA_NOT_FOUND:
            return None
        check(status)
        return ClientId(ffi.buffer(s.data[0], s.size[0])[:])

    @client_id.setter
    def client_id(self, value: Union[ClientId, bytes, None]) -> None:
        data = b"" if value is None else (value.data if isinstance(value, ClientId) else bytes(value))
        check(lib.pykea_lease4_set_client_id(self._ptr, data, len(data)))


def _lease6_field(index: int, doc: str, convert: Callable[[int], Any] = int,
                  returns: Any = int) -> property:
    def get(self) -> Any:
        return convert(self._lease6_fields()[index])

    def set(self, value: int) -> None:
        fields = list(self._lease6_fields())
        fields[index] = int(value)
        check(lib.pykea_lease6_set(self._ptr, *fields))

    get.__annotations__["return"] = returns
    return property(get, set, doc=doc)


class Lease6(Lease):
    """A DHCPv6 lease (Kea's Lease6): an address (NA, TA) or a delegated prefix (PD).

    ``Lease6("2001:db8::10", duid=b"\\x00\\x03\\x00\\x01...", iaid=1)`` makes one."""

    __slots__ = ()

    def __init__(self, address: Union[str, int, _address.IPAddress], duid: bytes, iaid: int = 0,
                 type: int = LeaseType.NA,
                 prefix_length: int = 128) -> None:
        out = scratch.lease
        target = ffi.new("pykea_address *")
        _address.to_c(address, target)
        duid = bytes(duid)
        check(lib.pykea_lease6_new(int(type), target, prefix_length, iaid, duid, len(duid), out))
        self._ptr = ffi.gc(out[0], lib.pykea_lease_free)
        self._hdr = self._pend = None

    def _lease6_fields(self):
        s = scratch
        prefix_length, iaid, preferred = ffi.new("uint8_t *"), s.u32, ffi.new("uint32_t *")
        check(lib.pykea_lease6_get(self._ptr, s.int, prefix_length, iaid, preferred))
        return s.int[0], prefix_length[0], iaid[0], preferred[0]

    type = _lease6_field(0, "NA, TA or PD (LeaseType).", LeaseType, LeaseType)
    prefix_length = _lease6_field(1, "128 for addresses; the delegated prefix's length for PD.")
    iaid = _lease6_field(2, "The identity association id.")
    preferred_lft = _lease6_field(3, "Preferred lifetime in seconds.")

    @property
    def duid(self) -> bytes:
        """The client's DUID."""
        s = scratch
        check(lib.pykea_lease6_get_duid(self._ptr, s.data, s.size))
        return ffi.buffer(s.data[0], s.size[0])[:]

    @duid.setter
    def duid(self, value: bytes) -> None:
        value = bytes(value)
        check(lib.pykea_lease6_set_duid(self._ptr, value, len(value)))


def _ipv4(value):
    import ipaddress
    address = ipaddress.ip_address(value) if not isinstance(value, ipaddress.IPv4Address) else value
    if address.version != 4:
        raise ValueError(f"{value} is not an IPv4 address")
    return address


def wrap_lease_list(pointer) -> List[Any]:
    """Turns an owned pykea_lease_list into a list of Lease objects and frees it."""
    try:
        s = scratch
        check(lib.pykea_lease_list_size(pointer, s.size))
        leases = []
        for index in range(s.size[0]):
            out = scratch.lease
            check(lib.pykea_lease_list_get(pointer, index, out))
            leases.append(Lease._from_handle(out[0]))
        return leases
    finally:
        lib.pykea_lease_list_free(pointer)

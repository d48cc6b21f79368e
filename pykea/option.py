"""DHCP options: Kea's Option objects, their bytes, typed views and sub-options."""

from __future__ import annotations

import ipaddress
from typing import Iterator, List, Optional

from ._bindings import bytes_result, ffi, lib, raise_error, scratch, text_result

V4 = 4
V6 = 6


class Option:
    """A DHCP option as Kea holds it.

    ``Option(code, data)`` makes a new DHCPv4 option; ``universe=6`` a DHCPv6 one. Options read
    from a packet are Kea's own objects: changing them changes what Kea sends.
    """

    __slots__ = ("_ptr",)

    def __init__(self, code: int, data: bytes = b"", universe: int = V4) -> None:
        out = scratch.option
        status = lib.pykea_option_new(universe, code, data, len(data), out)
        if status:
            raise_error(status)
        self._ptr = ffi.gc(out[0], lib.pykea_option_free)

    @classmethod
    def _from_handle(cls, pointer) -> "Option":
        option = object.__new__(cls)
        option._ptr = ffi.gc(pointer, lib.pykea_option_free)
        return option

    # -- constructors for common value types -------------------------------------------------
    @classmethod
    def from_int(cls, code: int, value: int, size: int = 4, universe: int = V4) -> "Option":
        """An option holding one unsigned integer of ``size`` bytes (network order)."""
        return cls(code, value.to_bytes(size, "big"), universe)

    @classmethod
    def from_str(cls, code: int, value: str, universe: int = V4) -> "Option":
        """An option holding a UTF-8 string (domain-name, host-name, ...)."""
        return cls(code, value.encode("utf-8"), universe)

    @classmethod
    def from_addresses(cls, code: int, addresses, universe: int = V4) -> "Option":
        """An option holding a list of addresses (routers, domain-name-servers, ...)."""
        packed = b"".join(ipaddress.ip_address(a).packed for a in addresses)
        return cls(code, packed, universe)

    # -- properties ----------------------------------------------------------------------------
    @property
    def code(self) -> int:
        out = scratch.u16
        status = lib.pykea_option_code(self._ptr, out)
        if status:
            raise_error(status)
        return out[0]

    @property
    def universe(self) -> int:
        out = scratch.int
        status = lib.pykea_option_universe(self._ptr, out)
        if status:
            raise_error(status)
        return out[0]

    @property
    def data(self) -> bytes:
        """The option's payload (without code and length), sub-options included."""
        s = scratch
        return bytes_result(lib.pykea_option_get_data(self._ptr, s.data, s.size), s.data, s.size)

    @data.setter
    def data(self, value: bytes) -> None:
        status = lib.pykea_option_set_data(self._ptr, value, len(value))
        if status:
            raise_error(status)

    @property
    def wire(self) -> bytes:
        """The option as sent: code, length and payload."""
        s = scratch
        return bytes_result(lib.pykea_option_wire(self._ptr, s.data, s.size), s.data, s.size)

    @property
    def text(self) -> str:
        """Kea's own description of the option."""
        return text_result(lib.pykea_option_text(self._ptr, scratch.text), scratch.text)

    # -- typed views ---------------------------------------------------------------------------
    def as_int(self, size: Optional[int] = None) -> int:
        """The payload (or its first ``size`` bytes) as an unsigned big-endian integer."""
        data = self.data
        return int.from_bytes(data if size is None else data[:size], "big")

    def as_str(self) -> str:
        return self.data.decode("utf-8", "replace")

    def as_addresses(self) -> List[ipaddress.IPv4Address]:
        """The payload as a list of IPv4 (universe 4) or IPv6 (universe 6) addresses."""
        data = self.data
        width = 4 if self.universe == V4 else 16
        if len(data) % width:
            raise ValueError(f"option {self.code} has {len(data)} bytes, not a multiple of {width}")
        return [ipaddress.ip_address(data[i:i + width]) for i in range(0, len(data), width)]

    # -- sub-options ---------------------------------------------------------------------------
    @property
    def options(self) -> "OptionMap":
        """The sub-options (for example option 82's circuit-id and remote-id), by code."""
        return OptionMap(self, _SUB_OPTION_CALLS)

    # -- DHCPv6 identity associations (Kea's Option6IA, Option6IAAddr, Option6IAPrefix) ---------
    @classmethod
    def ia(cls, code: int, iaid: int, t1: int = 0, t2: int = 0) -> "Option":
        """A new IA_NA (3) or IA_PD (25) option; add IAADDR/IAPREFIX options to it."""
        out = scratch.option
        status = lib.pykea_option6_ia_new(code, iaid, t1, t2, out)
        if status:
            raise_error(status)
        return cls._from_handle(out[0])

    @classmethod
    def iaaddr(cls, address, preferred: int, valid: int, prefix_length: int = 128) -> "Option":
        """A new IAADDR (prefix_length 128) or IAPREFIX option."""
        from . import _address
        target = ffi.new("pykea_address *")
        _address.to_c(address, target)
        out = scratch.option
        status = lib.pykea_option6_iaaddr_new(target, prefix_length, preferred, valid, out)
        if status:
            raise_error(status)
        return cls._from_handle(out[0])

    @property
    def ia_fields(self):
        """(iaid, t1, t2) of an IA_NA or IA_PD option."""
        iaid, t1, t2 = ffi.new("uint32_t *"), ffi.new("uint32_t *"), ffi.new("uint32_t *")
        status = lib.pykea_option6_ia_get(self._ptr, iaid, t1, t2)
        if status:
            raise_error(status)
        return iaid[0], t1[0], t2[0]

    @property
    def iaaddr_fields(self):
        """(address, prefix_length, preferred, valid) of an IAADDR or IAPREFIX option."""
        from . import _address
        target = ffi.new("pykea_address *")
        length, preferred, valid = ffi.new("uint8_t *"), ffi.new("uint32_t *"), ffi.new("uint32_t *")
        status = lib.pykea_option6_iaaddr_get(self._ptr, target, length, preferred, valid)
        if status:
            raise_error(status)
        return _address.from_c(target), length[0], preferred[0], valid[0]

    def __repr__(self) -> str:
        return f"<Option {self.code} {self.data.hex()}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Option):
            return NotImplemented
        return self.wire == other.wire

    __hash__ = None  # mutable


class _Calls:
    __slots__ = ("get", "add", "delete", "codes")

    def __init__(self, get, add, delete, codes) -> None:
        self.get, self.add, self.delete, self.codes = get, add, delete, codes


_SUB_OPTION_CALLS = _Calls(lib.pykea_option_get_sub, lib.pykea_option_add_sub,
                           lib.pykea_option_del_sub, lib.pykea_option_sub_codes)
PACKET_OPTION_CALLS = _Calls(lib.pykea_pkt_get_option, lib.pykea_pkt_add_option,
                             lib.pykea_pkt_del_option, lib.pykea_pkt_option_codes)


class OptionMap:
    """The options of a packet, or the sub-options of an option, by code.

    ``m[code]`` gives the Option (KeyError if absent), ``m.get(code)`` gives it or None,
    ``m.add(option)`` adds one (Kea refuses a second option with the same code in DHCPv4),
    ``del m[code]`` removes it, and iteration gives the codes present.
    """

    __slots__ = ("_owner", "_calls")

    def __init__(self, owner, calls: _Calls) -> None:
        self._owner = owner
        self._calls = calls

    def get(self, code: int, default=None) -> Optional[Option]:
        out = scratch.option
        status = self._calls.get(self._owner._ptr, code, out)
        if status == lib.PYKEA_NOT_FOUND:
            return default
        if status:
            raise_error(status)
        return Option._from_handle(out[0])

    def __getitem__(self, code: int) -> Option:
        option = self.get(code)
        if option is None:
            raise KeyError(code)
        return option

    def __contains__(self, code: object) -> bool:
        return isinstance(code, int) and code in self.codes()

    def add(self, option: Option) -> None:
        status = self._calls.add(self._owner._ptr, option._ptr)
        if status:
            raise_error(status)

    def __delitem__(self, code: int) -> None:
        if not self.discard(code):
            raise KeyError(code)

    def discard(self, code: int) -> bool:
        """Removes option ``code`` if present; True if it was."""
        out = scratch.int
        status = self._calls.delete(self._owner._ptr, code, out)
        if status:
            raise_error(status)
        return bool(out[0])

    def replace(self, option: Option) -> None:
        """Removes any option with the same code, then adds ``option``."""
        self.discard(option.code)
        self.add(option)

    def codes(self) -> List[int]:
        s = scratch
        status = self._calls.codes(self._owner._ptr, s.codes, 256, s.size)
        if status:
            raise_error(status)
        count = s.size[0]
        if count <= 256:
            return list(s.codes[0:count])
        codes = ffi.new("uint16_t[]", count)
        status = self._calls.codes(self._owner._ptr, codes, count, s.size)
        if status:
            raise_error(status)
        return list(codes[0:min(count, s.size[0])])

    def __iter__(self) -> Iterator[int]:
        return iter(self.codes())

    def __len__(self) -> int:
        return len(self.codes())

    def values(self) -> List[Option]:
        return [self[code] for code in self.codes()]

    def __repr__(self) -> str:
        return f"<OptionMap {self.codes()}>"

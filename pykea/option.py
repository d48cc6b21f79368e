"""DHCP options: Kea's Option objects, their bytes, typed views and sub-options."""

from __future__ import annotations

import ipaddress
from typing import Any, Iterable, Iterator, List, Optional, Tuple, Union

from ._bindings import bytes_result, check, encode, ffi, lib, scratch, text_result
from .errors import InvalidArgumentError, NotFoundError
from .optiondef import V4, V6, OptionDefinition, set_option_factory, top_space

# DHCPv4's message type is option 53: adding or removing it changes a Pkt4's type.
_MESSAGE_TYPE = 53

# A borrowed packet's pending options (pykea.h, pykea_pkt_header.pending): an option of code and
# data added to a packet borrowed from a callout frame is written there, with no C call, and
# Kea adds it to the packet before the next call given the packet, or when the callout
# returns. A DHCPv4 packet's header also has a bit per option code present (option_codes), so
# that a second option with a code already present goes to Kea at once and fails there, as
# Kea refuses it. The word indexes are those of the header's int64_t view (Pkt._hdr).
_WORD = ffi.sizeof("int64_t")
_OPTION_CODES = ffi.offsetof("pykea_pkt_header", "option_codes") // _WORD
_PENDING_SIZE = ffi.offsetof("pykea_pkt_header", "pending_size") // _WORD
_PENDING_CAPACITY = lib.PYKEA_PENDING_OPTION_BYTES


def _defer(owner, code: int, data: bytes, replace: int) -> bool:
    """Writes option ``code`` into the pending options of ``owner``, a borrowed packet of the
    option's universe; False if it must go to Kea now (message type, already present in a
    DHCPv4 packet, or no room left)."""
    header = owner._hdr
    if header is None or code == _MESSAGE_TYPE:
        return False
    size = len(data)
    if owner._universe == V4:
        if size > 255 or not 0 < code < 255:
            return False
        word = _OPTION_CODES + (code >> 5)
        bit = 1 << (code & 31)
        if header[word] & bit:
            return False
        header[word] |= bit
    start = header[_PENDING_SIZE]
    end = start + 6 + size
    if end > _PENDING_CAPACITY:
        if owner._universe == V4:
            header[word] &= ~bit
        return False
    pending = owner._pend
    pending[start:start + 6] = (code | size << 16 | replace << 32).to_bytes(6, "little")
    pending[start + 6:end] = data
    header[_PENDING_SIZE] = end
    return True


def _mark(owner, code: int) -> None:
    """Sets a borrowed DHCPv4 packet's option_codes bit of ``code`` after Kea added it. A bit
    is never cleared before the header is read again: a set bit only sends the next option of
    that code to Kea at once."""
    header = owner._hdr
    if header is not None and owner._universe == V4 and code < 256:
        header[_OPTION_CODES + (code >> 5)] |= 1 << (code & 31)

Key = Union[int, str]


def _check_option(code: int, data: bytes, universe: int) -> None:
    if universe == V4:
        if not 1 <= code <= 254:
            raise InvalidArgumentError(f"a DHCPv4 option code must be 1 to 254, not {code}")
        if len(data) > 255:
            raise InvalidArgumentError(f"a DHCPv4 option carries at most 255 bytes, not {len(data)}")
    elif universe == V6:
        if not 0 <= code <= 65535:
            raise InvalidArgumentError(f"a DHCPv6 option code must be 0 to 65535, not {code}")
    else:
        raise InvalidArgumentError(f"universe must be 4 or 6, not {universe}")


class Option:
    """A DHCP option.

    ``Option(code, data)`` makes a new DHCPv4 option; ``universe=6`` a DHCPv6 one. Adding an
    option to a packet (or to another option) adds a copy of it: the Option you made stays
    yours, and may be added again, to any number of packets. Options read from a packet are
    Kea's own objects: changing them changes what Kea sends.
    ``Option.from_values(name, *values)`` makes one from typed values through Kea's option
    definition, and ``option.value`` reads it back (see pykea.optiondef for the types).
    """

    # _handle: the Kea option, or None while an option made by Option(code, data) is still only
    # its code, data and universe (Kea's object is made when something needs it: most options
    # are only added to a packet, which copies code and data in one call).
    # _space: the option space the option belongs to: None for a packet's own options (dhcp4 or
    # dhcp6), a name, or the OptionMap of sub-options it was read from (resolved when needed).
    __slots__ = ("_handle", "_space", "_code", "_data", "_universe")

    def __init__(self, code: int, data: bytes = b"", universe: int = V4) -> None:
        if type(data) is not bytes:
            data = bytes(data)
        if not (universe == V4 and 1 <= code <= 254 and len(data) <= 255):     # the common case
            _check_option(code, data, universe)
        self._handle = None
        self._space = None
        self._code = code
        self._data = data
        self._universe = universe

    @classmethod
    def _from_handle(cls, pointer, space=None) -> "Option":
        option = object.__new__(cls)
        option._handle = ffi.gc(pointer, lib.pykea_option_free)
        option._space = space
        return option

    @property
    def _ptr(self):
        """Kea's option, made now if it is still only code and data."""
        handle = self._handle
        if handle is None:
            out = scratch.option
            data = self._data
            check(lib.pykea_option_new(self._universe, self._code, data, len(data), out))
            handle = self._handle = ffi.gc(out[0], lib.pykea_option_free)
            self._data = None
        return handle

    # -- typed values through Kea's option definitions -----------------------------------------
    @classmethod
    def from_values(cls, key: Key, *values: Any, space: Optional[str] = None,
                    universe: Optional[int] = None) -> "Option":
        """A new option from typed values, by name or code, through Kea's definition in
        ``space`` (dhcp4 by default, dhcp6 with ``universe=6``): for example
        ``Option.from_values("domain-name-servers", "192.0.2.1", "192.0.2.2")``.
        A record takes its fields in order; a list or tuple is spread into fields."""
        return OptionDefinition.find(key, space, universe).create(*values)

    @property
    def space(self) -> str:
        """The option space this option belongs to (dhcp4, dhcp6, dhcp-agent-options-space,
        vendor-4491, ...)."""
        if self._space is None:
            return top_space(self.universe)
        if isinstance(self._space, str):
            return self._space
        return self._space.space

    @property
    def definition(self) -> OptionDefinition:
        """Kea's definition of this option in its space (NotFoundError when Kea has none)."""
        return OptionDefinition.find(self.code, self.space, self.universe)

    @property
    def values(self) -> List[Any]:
        """The option's fields in order, typed through its definition."""
        return self.definition.read(self)

    @property
    def value(self) -> Any:
        """The option's value shaped by its definition: one value, a list for an array, a
        tuple for a record, None for an empty option."""
        return self.definition.value(self)

    # -- vendor-specific information (DHCPv4 125 vivso, DHCPv6 17 vendor-opts) -----------------
    @classmethod
    def vendor(cls, enterprise_id: int, *suboptions: "Option", universe: int = V4) -> "Option":
        """A new vendor-specific option (125 in DHCPv4, 17 in DHCPv6) for ``enterprise_id``
        holding ``suboptions``; its ``options`` are in the space ``vendor-<enterprise_id>``."""
        out = scratch.option
        check(lib.pykea_option_vendor_new(universe, enterprise_id, out))
        option = cls._from_handle(out[0])
        for sub in suboptions:
            option.options.add(sub)
        return option

    @property
    def enterprise_id(self) -> int:
        """The enterprise id of a vendor option (WrongTypeError for other options)."""
        out = scratch.u32
        check(lib.pykea_option_vendor_id(self._ptr, out))
        return out[0]

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
    def from_addresses(cls, code: int,
                       addresses: Iterable[Union[str, int, ipaddress.IPv4Address,
                                                 ipaddress.IPv6Address]],
                       universe: int = V4) -> "Option":
        """An option holding a list of addresses (routers, domain-name-servers, ...)."""
        packed = b"".join(ipaddress.ip_address(a).packed for a in addresses)
        return cls(code, packed, universe)

    # -- properties ----------------------------------------------------------------------------
    @property
    def code(self) -> int:
        """The option's code."""
        if self._handle is None:
            return self._code
        out = scratch.u16
        check(lib.pykea_option_code(self._ptr, out))
        return out[0]

    @property
    def universe(self) -> int:
        """4 for a DHCPv4 option, 6 for a DHCPv6 one."""
        if self._handle is None:
            return self._universe
        out = scratch.int
        check(lib.pykea_option_universe(self._ptr, out))
        return out[0]

    @property
    def data(self) -> bytes:
        """The option's payload (without code and length), sub-options included."""
        if self._handle is None:
            return self._data
        s = scratch
        return bytes_result(lib.pykea_option_get_data(self._ptr, s.data, s.size), s.data, s.size)

    @data.setter
    def data(self, value: bytes) -> None:
        if self._handle is None:
            value = bytes(value)
            _check_option(self._code, value, self._universe)
            self._data = value
            return
        check(lib.pykea_option_set_data(self._ptr, value, len(value)))

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
        """The payload as UTF-8 text (undecodable bytes replaced)."""
        return self.data.decode("utf-8", "replace")

    def as_addresses(self) -> List[Union[ipaddress.IPv4Address, ipaddress.IPv6Address]]:
        """The payload as a list of IPv4 (universe 4) or IPv6 (universe 6) addresses."""
        data = self.data
        width = 4 if self.universe == V4 else 16
        if len(data) % width:
            raise ValueError(f"option {self.code} has {len(data)} bytes, not a multiple of {width}")
        return [ipaddress.ip_address(data[i:i + width]) for i in range(0, len(data), width)]

    # -- sub-options ---------------------------------------------------------------------------
    @property
    def options(self) -> "OptionMap":
        """The sub-options (for example option 82's circuit-id and remote-id), by code or by
        name in the option's encapsulated space."""
        return OptionMap(self, _SUB_OPTION_CALLS)

    def _sub_space(self) -> str:
        out = scratch.text
        return text_result(lib.pykea_option_sub_space(self._ptr, encode(self.space), out), out)

    # -- DHCPv6 identity associations (Kea's Option6IA, Option6IAAddr, Option6IAPrefix) ---------
    @classmethod
    def ia(cls, code: int, iaid: int, t1: int = 0, t2: int = 0) -> "Option":
        """A new IA_NA (3) or IA_PD (25) option; add IAADDR/IAPREFIX options to it."""
        out = scratch.option
        check(lib.pykea_option6_ia_new(code, iaid, t1, t2, out))
        return cls._from_handle(out[0])

    @classmethod
    def iaaddr(cls, address: Union[str, ipaddress.IPv6Address], preferred: int, valid: int,
               prefix_length: int = 128) -> "Option":
        """A new IAADDR (prefix_length 128) or IAPREFIX option."""
        from . import _address
        target = ffi.new("pykea_address *")
        _address.to_c(address, target)
        out = scratch.option
        check(lib.pykea_option6_iaaddr_new(target, prefix_length, preferred, valid, out))
        return cls._from_handle(out[0])

    @property
    def ia_fields(self) -> Tuple[int, int, int]:
        """(iaid, t1, t2) of an IA_NA or IA_PD option."""
        iaid, t1, t2 = ffi.new("uint32_t *"), ffi.new("uint32_t *"), ffi.new("uint32_t *")
        check(lib.pykea_option6_ia_get(self._ptr, iaid, t1, t2))
        return iaid[0], t1[0], t2[0]

    @property
    def iaaddr_fields(self) -> Tuple[Union[ipaddress.IPv4Address, ipaddress.IPv6Address], int,
                                     int, int]:
        """(address, prefix_length, preferred, valid) of an IAADDR or IAPREFIX option."""
        from . import _address
        target = ffi.new("pykea_address *")
        length, preferred, valid = ffi.new("uint8_t *"), ffi.new("uint32_t *"), ffi.new("uint32_t *")
        check(lib.pykea_option6_iaaddr_get(self._ptr, target, length, preferred, valid))
        return _address.from_c(target), length[0], preferred[0], valid[0]

    def __repr__(self) -> str:
        return f"<Option {self.code} {self.data.hex()}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Option):
            return NotImplemented
        return self.wire == other.wire

    __hash__ = None  # type: ignore[assignment]  # mutable, so not hashable


# OptionDefinition.create makes Options through this (pykea.optiondef cannot import this module).
set_option_factory(Option._from_handle)


class _Calls:
    __slots__ = ("get", "add", "delete", "codes")

    def __init__(self, get, add, delete, codes) -> None:
        self.get, self.add, self.delete, self.codes = get, add, delete, codes


_SUB_OPTION_CALLS = _Calls(lib.pykea_option_get_sub, lib.pykea_option_add_sub,
                           lib.pykea_option_del_sub, lib.pykea_option_sub_codes)
PACKET_OPTION_CALLS = _Calls(lib.pykea_pkt_get_option, lib.pykea_pkt_add_option,
                             lib.pykea_pkt_del_option, lib.pykea_pkt_option_codes)


class OptionMap:
    """The options of a packet, or the sub-options of an option, by code or by name.

    ``m[key]`` gives the Option (KeyError if absent), ``m.get(key)`` gives it or None,
    ``m.add(option)`` adds one (Kea refuses a second option with the same code in DHCPv4),
    ``del m[key]`` removes it, and iteration gives the codes present. A key is a code or a
    name in the map's ``space``; ``m.get_value(key)`` and ``m.set_value(key, *values)`` read
    and write typed values through Kea's definitions.
    """

    __slots__ = ("_owner", "_calls", "_space")

    def __init__(self, owner: Any, calls: _Calls) -> None:
        self._owner = owner
        self._calls = calls
        self._space: Optional[str] = None

    @property
    def universe(self) -> int:
        """4 for DHCPv4 options, 6 for DHCPv6 ones."""
        owner = self._owner
        if isinstance(owner, Option):
            return owner.universe
        out = scratch.int
        check(lib.pykea_pkt_universe(owner._ptr, out))
        return out[0]

    @property
    def space(self) -> str:
        """The option space of these options: dhcp4 or dhcp6 for a packet's, the encapsulated
        space for sub-options ("" when Kea knows none)."""
        if self._space is None:
            owner = self._owner
            self._space = owner._sub_space() if isinstance(owner, Option) else top_space(self.universe)
        return self._space

    def definition(self, key: Key) -> OptionDefinition:
        """Kea's definition of option ``key`` in this map's space."""
        space = self.space
        if not space:
            raise NotFoundError(f"option {self._owner.code} has no encapsulated option space, so "
                                "its sub-options have no definitions; use codes and bytes")
        return OptionDefinition.find(key, space, self.universe)

    def _code(self, key: Key) -> int:
        return self.definition(key).code if isinstance(key, str) else key

    def get(self, key: Key, default: Optional[Option] = None) -> Optional[Option]:
        """Option ``key``, or ``default`` when absent."""
        out = scratch.option
        status = self._calls.get(self._owner._ptr, self._code(key), out)
        if status == lib.PYKEA_NOT_FOUND:
            return default
        check(status)
        return Option._from_handle(out[0], self if isinstance(self._owner, Option) else None)

    def __getitem__(self, key: Key) -> Option:
        option = self.get(key)
        if option is None:
            raise KeyError(key)
        return option

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            key = self._code(key)
        return isinstance(key, int) and key in self.codes()

    def get_value(self, key: Key, default: Any = None) -> Any:
        """The typed value (Option.value) of option ``key``, or ``default`` when absent."""
        option = self.get(key)
        return default if option is None else option.value

    def set_value(self, key: Key, *values: Any) -> Option:
        """Replaces option ``key`` with a new one holding ``values`` (Option.from_values in
        this map's space); returns it."""
        option = self.definition(key).create(*values)
        self.replace(option)
        return option

    def add(self, option: Option) -> None:
        """Adds a copy of ``option``."""
        if option._handle is None and self._calls is PACKET_OPTION_CALLS:  # the hot case, inline
            owner = self._owner
            code = option._code
            data = option._data
            if (owner._pend is not None and option._universe == owner._universe
                    and _defer(owner, code, data, 0)):
                return
            check(lib.pykea_pkt_add_option_data(owner._ptr, option._universe, code, data,
                                                len(data), 0))
            if code == _MESSAGE_TYPE:
                owner._reread()
            elif owner._hdr is not None:
                _mark(owner, code)
            return
        self._add(option, 0)

    def _add(self, option: Option, replace: int) -> None:
        owner = self._owner
        if self._calls is PACKET_OPTION_CALLS:
            if option._handle is None:      # code and data only: one call, or none
                code = option._code
                data = option._data
                if (owner._pend is not None and option._universe == owner._universe
                        and _defer(owner, code, data, replace)):
                    return
                check(lib.pykea_pkt_add_option_data(owner._ptr, option._universe, code, data,
                                                    len(data), replace))
            else:
                code = option.code
                if replace:
                    self.discard(code)
                check(self._calls.add(owner._ptr, option._ptr))
            if code == _MESSAGE_TYPE:
                owner._reread()
            else:
                _mark(owner, code)
            return
        if replace:
            self.discard(option.code)
        check(self._calls.add(owner._ptr, option._ptr))

    def __delitem__(self, key: Key) -> None:
        if not self.discard(key):
            raise KeyError(key)

    def discard(self, key: Key) -> bool:
        """Removes option ``key`` if present; True if it was."""
        out = scratch.int
        code = self._code(key)
        check(self._calls.delete(self._owner._ptr, code, out))
        if code == _MESSAGE_TYPE and self._calls is PACKET_OPTION_CALLS:
            self._owner._reread()
        return bool(out[0])

    def replace(self, option: Option) -> None:
        """Removes the option with the same code, then adds a copy of ``option``."""
        self._add(option, 1)

    def codes(self) -> List[int]:
        """The codes of the options present."""
        s = scratch
        check(self._calls.codes(self._owner._ptr, s.codes, 256, s.size))
        count = s.size[0]
        if count <= 256:
            return list(s.codes[0:count])
        codes = ffi.new("uint16_t[]", count)
        check(self._calls.codes(self._owner._ptr, codes, count, s.size))
        return list(codes[0:min(count, s.size[0])])

    def __iter__(self) -> Iterator[int]:
        return iter(self.codes())

    def __len__(self) -> int:
        return len(self.codes())

    def values(self) -> List[Option]:
        """The options present."""
        return [self[code] for code in self.codes()]

    def __repr__(self) -> str:
        return f"<OptionMap {self.codes()}>"

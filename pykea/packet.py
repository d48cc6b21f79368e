"""DHCP packets: Kea's Pkt4 (and, through the same calls, Pkt6) objects."""

from __future__ import annotations

import enum
from ipaddress import IPv4Address
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Tuple, Union

from . import _address
from ._bindings import bytes_result, check, encode, ffi, lib, raise_error, scratch, text_result
from ._lending import Lendable
from .enums import RelaySearch
from .identifiers import HWAddr
from .option import PACKET_OPTION_CALLS, OptionMap

if TYPE_CHECKING:
    from .option import Option


class MessageType(enum.IntEnum):
    """DHCPv4 message types (option 53)."""

    DISCOVER = 1
    OFFER = 2
    REQUEST = 3
    DECLINE = 4
    ACK = 5
    NAK = 6
    RELEASE = 7
    INFORM = 8
    LEASEQUERY = 10
    LEASEUNASSIGNED = 11
    LEASEUNKNOWN = 12
    LEASEACTIVE = 13
    BULKLEASEQUERY = 14
    LEASEQUERYDONE = 15
    LEASEQUERYSTATUS = 17
    TLS = 18


_MESSAGE_TYPES = {t.value: t for t in MessageType}


# A packet read from a callout's arguments is borrowed from the callout frame (pykea.frame):
# its header fields were read into the frame before the callout, so its properties read them
# there without a C call until pykea writes to the packet. _hdr is then the int64_t part of the
# frame's pykea_pkt_header as a memoryview (HEADER_WORDS words: ints, ipv4, htype, hwaddr_size,
# hwaddr), else None. Other packets read each field from Kea, which may change them between
# callouts.
_WORD = ffi.sizeof("int64_t")
HEADER_WORDS = ffi.offsetof("pykea_pkt_header", "addrs") // _WORD
_IPV4 = ffi.offsetof("pykea_pkt_header", "ipv4") // _WORD
_HTYPE = ffi.offsetof("pykea_pkt_header", "htype") // _WORD
_HWADDR_SIZE = ffi.offsetof("pykea_pkt_header", "hwaddr_size") // _WORD
_HWADDR_VALUE = ffi.offsetof("pykea_pkt_header", "hwaddr_value") // _WORD
_HWADDR = ffi.offsetof("pykea_pkt_header", "hwaddr") // _WORD
_HWADDR_END = HEADER_WORDS
_TYPE = lib.PYKEA_PKT_TYPE

def _int_field(code: int, doc: str, writable: bool = True) -> property:
    def get(self) -> int:
        header = self._hdr
        if header is not None:
            return header[code]
        out = scratch.i64
        check(lib.pykea_pkt_get_int(self._ptr, code, out))
        return out[0]

    def set(self, value: int) -> None:
        check(lib.pykea_pkt_set_int(self._ptr, code, int(value)))
        self._reread()

    return property(get, set if writable else None, doc=doc)


def _address_field(code: int, doc: str) -> property:
    def get(self) -> _address.IPAddress:
        header = self._hdr
        if header is not None and header[_IPV4 + code] >= 0:
            return IPv4Address(header[_IPV4 + code])
        out = scratch.address
        check(lib.pykea_pkt_get_addr(self._ptr, code, out))
        return _address.from_c(out)

    def set(self, value: Union[str, int, _address.IPAddress]) -> None:
        out = scratch.address
        _address.to_c(value, out)
        check(lib.pykea_pkt_set_addr(self._ptr, code, out))
        self._reread()

    return property(get, set, doc=doc)


class Pkt(Lendable):
    """What DHCPv4 and DHCPv6 packets share. Use Pkt4 or Pkt6."""

    __slots__ = ("_ptr", "_hdr", "_pend")
    _free = staticmethod(lib.pykea_pkt_free)
    _copy = staticmethod(lib.pykea_pkt_copy)
    _out = "pkt"
    _get_header = staticmethod(lib.pykea_pkt_get_header)
    _header_type = "pykea_pkt_header *"
    _new: Any            # the C constructor and parser, and the message types, of the subclass
    _parse: Any
    _message_types: Mapping[int, enum.IntEnum]

    def __init__(self, message_type: int, transid: int) -> None:
        out = scratch.pkt
        check(self._new(message_type, transid, out))
        self._ptr = ffi.gc(out[0], lib.pykea_pkt_free)
        self._hdr = None
        self._pend = None

    @classmethod
    def from_wire(cls, data: bytes) -> "Pkt":
        """Parses a packet's wire bytes (call ``unpack()`` to decode its options)."""
        out = scratch.pkt
        check(cls._parse(data, len(data), out))
        return cls._wrap(out[0])

    @property
    def type(self) -> Union[MessageType, MessageType6, int]:
        """The message type (MessageType or MessageType6; a plain int if Kea has no name for it)."""
        header = self._hdr
        if header is not None:
            value = header[_TYPE]
        else:
            out = scratch.i64
            check(lib.pykea_pkt_get_int(self._ptr, lib.PYKEA_PKT_TYPE, out))
            value = out[0]
        return self._message_types.get(value, value)

    @type.setter
    def type(self, value: int) -> None:
        check(lib.pykea_pkt_set_int(self._ptr, _TYPE, int(value)))
        self._reread()

    @classmethod
    def _from_handle(cls, pointer) -> "Pkt":
        """Wraps an owned pykea_pkt, choosing the subclass by the packet's universe."""
        out = scratch.int
        status = lib.pykea_pkt_universe(pointer, out)
        if status:
            lib.pykea_pkt_free(pointer)
            raise_error(status)
        return (Pkt4 if out[0] == 4 else Pkt6)._wrap(pointer)

    transid = _int_field(lib.PYKEA_PKT_TRANSID, "Transaction id.")
    local_port = _int_field(lib.PYKEA_PKT_LOCAL_PORT, "UDP port the packet arrived on / leaves from.")
    remote_port = _int_field(lib.PYKEA_PKT_REMOTE_PORT, "UDP port of the peer.")
    ifindex = _int_field(lib.PYKEA_PKT_IFINDEX, "Index of the interface the packet arrived on.")
    local_addr = _address_field(lib.PYKEA_PKT_LOCAL_ADDR, "The server's address for this packet.")
    remote_addr = _address_field(lib.PYKEA_PKT_REMOTE_ADDR, "The peer's (client's or relay's) address.")

    def _link_hwaddr(self, which: int) -> Optional[HWAddr]:
        s = scratch
        status = lib.pykea_pkt_get_link_hwaddr(self._ptr, which, s.int, s.data, s.size)
        if status == lib.PYKEA_NOT_FOUND:
            return None
        check(status)
        return HWAddr(ffi.buffer(s.data[0], s.size[0])[:], s.int[0])

    @property
    def remote_hwaddr(self) -> Optional[HWAddr]:
        """The peer's link-layer (Ethernet) address as Kea's raw socket saw it: the source of a
        query, the destination of a response once Kea has chosen it (at pkt4_send and
        pkt6_send, Kea has set it on responses it sends over raw sockets). None when Kea
        recorded none (UDP sockets, a packet made in Python)."""
        return self._link_hwaddr(lib.PYKEA_PKT_REMOTE_HWADDR)

    @property
    def iface(self) -> str:
        """Name of the interface the packet arrived on (or leaves by)."""
        return text_result(lib.pykea_pkt_get_iface(self._ptr, scratch.text), scratch.text)

    @iface.setter
    def iface(self, name: str) -> None:
        check(lib.pykea_pkt_set_iface(self._ptr, encode(name)))

    @property
    def options(self) -> OptionMap:
        """The packet's options by code. While Kea runs a hook point, an option read from the
        packet is Kea's copy in that packet: changing it changes the packet."""
        return OptionMap(self, PACKET_OPTION_CALLS)

    # -- client classes ------------------------------------------------------------------------
    @property
    def classes(self) -> Tuple[str, ...]:
        """The client classes the packet belongs to."""
        text = text_result(lib.pykea_pkt_classes(self._ptr, scratch.text), scratch.text)
        return tuple(text.split("\n")) if text else ()

    def in_class(self, name: str) -> bool:
        """Whether the packet belongs to client class ``name``."""
        out = scratch.int
        check(lib.pykea_pkt_in_class(self._ptr, encode(name), out))
        return bool(out[0])

    def add_class(self, name: str) -> None:
        """Adds the packet to a client class (Kea's classification and pools see it)."""
        check(lib.pykea_pkt_add_class(self._ptr, encode(name)))

    # -- wire form -----------------------------------------------------------------------------
    def pack(self) -> bytes:
        """Builds the wire form from the fields and options, and returns it."""
        check(lib.pykea_pkt_pack(self._ptr))
        return self.wire

    def unpack(self) -> None:
        """Parses the raw bytes received into fields and options."""
        check(lib.pykea_pkt_unpack(self._ptr))
        self._reread()

    @property
    def wire(self) -> bytes:
        """The bytes built by the last pack() (at buffer4_send: what Kea sends)."""
        s = scratch
        return bytes_result(lib.pykea_pkt_wire(self._ptr, s.data, s.size), s.data, s.size)

    @property
    def raw(self) -> bytes:
        """The bytes as received (at buffer4_receive: not parsed yet)."""
        s = scratch
        return bytes_result(lib.pykea_pkt_raw(self._ptr, s.data, s.size), s.data, s.size)

    @property
    def text(self) -> str:
        """Kea's description of the packet, as in its debug log."""
        return text_result(lib.pykea_pkt_text(self._ptr, scratch.text), scratch.text)

    @property
    def label(self) -> str:
        """Kea's short label identifying the client and transaction in its log."""
        return text_result(lib.pykea_pkt_label(self._ptr, scratch.text), scratch.text)

    def is_same(self, other: "Pkt") -> bool:
        """Whether both wrap the same Kea packet object."""
        out = scratch.int
        check(lib.pykea_pkt_same(self._ptr, other._ptr, out))
        return bool(out[0])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.label}>"


class Pkt4(Pkt):
    """A DHCPv4 packet (Kea's Pkt4).

    ``Pkt4(MessageType.DISCOVER, transid)`` makes a new one; ``Pkt4.from_wire(data)`` parses
    bytes (call ``unpack()`` to decode them).
    """

    __slots__ = ()
    _universe = lib.PYKEA_UNIVERSE_V4
    _new = staticmethod(lib.pykea_pkt4_new)
    _parse = staticmethod(lib.pykea_pkt4_from_wire)
    _message_types = _MESSAGE_TYPES

    op = _int_field(lib.PYKEA_PKT4_OP, "BOOTREQUEST (1) or BOOTREPLY (2).", writable=False)
    hops = _int_field(lib.PYKEA_PKT4_HOPS, "Relay hops.")
    secs = _int_field(lib.PYKEA_PKT4_SECS, "Seconds since the client began.")
    flags = _int_field(lib.PYKEA_PKT4_FLAGS, "Flags (0x8000 is BROADCAST).")
    htype = _int_field(lib.PYKEA_PKT4_HTYPE, "Hardware type of chaddr.", writable=False)
    hlen = _int_field(lib.PYKEA_PKT4_HLEN, "Hardware address length.", writable=False)
    ciaddr = _address_field(lib.PYKEA_PKT4_CIADDR, "Client address (ciaddr).")
    yiaddr = _address_field(lib.PYKEA_PKT4_YIADDR, "'Your' address: what the server assigns.")
    siaddr = _address_field(lib.PYKEA_PKT4_SIADDR, "Next server address (siaddr).")
    giaddr = _address_field(lib.PYKEA_PKT4_GIADDR, "Relay agent address (giaddr).")

    @property
    def hwaddr(self) -> HWAddr:
        """The client hardware address (chaddr with htype)."""
        header = self._hdr
        if header is not None and header[_HTYPE] >= 0:
            value = header[_HWADDR_VALUE]
            if value >= 0:
                return HWAddr(value.to_bytes(header[_HWADDR_SIZE], "big"), header[_HTYPE])
            return HWAddr(header[_HWADDR:_HWADDR_END].tobytes()[:header[_HWADDR_SIZE]],
                          header[_HTYPE])
        s = scratch
        check(lib.pykea_pkt4_get_hwaddr(self._ptr, s.int, s.data, s.size))
        return HWAddr(ffi.buffer(s.data[0], s.size[0])[:], s.int[0])

    @hwaddr.setter
    def hwaddr(self, value: Union[HWAddr, str]) -> None:
        if isinstance(value, str):
            value = HWAddr.parse(value)
        check(lib.pykea_pkt4_set_hwaddr(self._ptr, value.htype, value.address, len(value.address)))
        self._reread()

    @property
    def local_hwaddr(self) -> Optional[HWAddr]:
        """The server interface's link-layer address for this packet (the destination of a
        query Kea received over a raw socket), or None when Kea recorded none."""
        return self._link_hwaddr(lib.PYKEA_PKT_LOCAL_HWADDR)

    @property
    def sname(self) -> bytes:
        """Server host name field, without trailing zero bytes."""
        return self._header_bytes(lib.PYKEA_PKT4_SNAME)

    @sname.setter
    def sname(self, value: bytes) -> None:
        self._set_header_bytes(lib.PYKEA_PKT4_SNAME, value)

    @property
    def file(self) -> bytes:
        """Boot file name field, without trailing zero bytes."""
        return self._header_bytes(lib.PYKEA_PKT4_FILE)

    @file.setter
    def file(self, value: bytes) -> None:
        self._set_header_bytes(lib.PYKEA_PKT4_FILE, value)

    def _header_bytes(self, which: int) -> bytes:
        s = scratch
        return bytes_result(lib.pykea_pkt4_get_header_bytes(self._ptr, which, s.data, s.size),
                            s.data, s.size).rstrip(b"\0")

    def _set_header_bytes(self, which: int, value: Union[bytes, str]) -> None:
        if isinstance(value, str):
            value = value.encode("utf-8")
        self._hdr = self._pend = None
        check(lib.pykea_pkt4_set_header_bytes(self._ptr, which, value, len(value)))


class MessageType6(enum.IntEnum):
    """DHCPv6 message types."""

    SOLICIT = 1
    ADVERTISE = 2
    REQUEST = 3
    CONFIRM = 4
    RENEW = 5
    REBIND = 6
    REPLY = 7
    RELEASE = 8
    DECLINE = 9
    RECONFIGURE = 10
    INFORMATION_REQUEST = 11
    RELAY_FORW = 12
    RELAY_REPL = 13
    LEASEQUERY = 14
    LEASEQUERY_REPLY = 15
    LEASEQUERY_DONE = 16
    LEASEQUERY_DATA = 17
    DHCPV4_QUERY = 20
    DHCPV4_RESPONSE = 21
    ADDR_REG_INFORM = 36
    ADDR_REG_REPLY = 37


_MESSAGE_TYPES6 = {t.value: t for t in MessageType6}




class RelayLevel:
    """One relay encapsulation of a DHCPv6 packet (level 0 is the relay closest to the client)."""

    __slots__ = ("_packet", "level", "message_type", "hop_count", "link_address", "peer_address")

    def __init__(self, packet: "Pkt6", level: int, message_type: int, hop_count: int,
                 link_address: _address.IPAddress, peer_address: _address.IPAddress) -> None:
        self._packet = packet
        self.level: int = level     #: 0 for the relay closest to the client
        #: RELAY_FORW or RELAY_REPL (MessageType6)
        self.message_type: Union[MessageType6, int] = _MESSAGE_TYPES6.get(message_type,
                                                                          message_type)
        self.hop_count: int = hop_count     #: the relay's hop-count field
        self.link_address: _address.IPAddress = link_address    #: the relay's link-address field
        self.peer_address: _address.IPAddress = peer_address    #: the relay's peer-address field

    @property
    def options(self) -> Dict[int, Option]:
        """The options this relay added (interface-id, remote-id, ...), by code."""
        from .option import Option
        packet, level = self._packet, self.level
        result = {}
        s = scratch
        check(lib.pykea_pkt6_relay_option_codes(packet._ptr, level, s.codes, 256, s.size))
        for code in list(s.codes[0:min(256, s.size[0])]):
            out = scratch.option
            check(lib.pykea_pkt6_relay_option(packet._ptr, level, code, out))
            result[code] = Option._from_handle(out[0])
        return result

    def __repr__(self) -> str:
        return (f"<RelayLevel {self.level} hops={self.hop_count} link={self.link_address} "
                f"peer={self.peer_address}>")


class Pkt6(Pkt):
    """A DHCPv6 packet (Kea's Pkt6). ``Pkt6(MessageType6.SOLICIT, transid)`` makes one."""

    __slots__ = ()
    _universe = lib.PYKEA_UNIVERSE_V6
    _new = staticmethod(lib.pykea_pkt6_new)
    _parse = staticmethod(lib.pykea_pkt6_from_wire)
    _message_types = _MESSAGE_TYPES6

    @property
    def relays(self) -> Tuple[RelayLevel, ...]:
        """The relay encapsulations, closest to the client first; empty if not relayed."""
        s = scratch
        check(lib.pykea_pkt6_relay_count(self._ptr, s.size))
        levels = []
        link, peer = ffi.new("pykea_address *"), ffi.new("pykea_address *")
        for level in range(s.size[0]):
            check(lib.pykea_pkt6_relay_info(self._ptr, level, s.int, s.int2, link, peer))
            levels.append(RelayLevel(self, level, s.int[0], s.int2[0], _address.from_c(link),
                                     _address.from_c(peer)))
        return tuple(levels)

    def relay_option(self, code: int,
                     search: RelaySearch = RelaySearch.FROM_CLIENT) -> Optional[Option]:
        """An option added by a relay (Kea's getAnyRelayOption), or None."""
        from .option import Option
        out = scratch.option
        status = lib.pykea_pkt6_any_relay_option(self._ptr, code, int(search), out)
        if status == lib.PYKEA_NOT_FOUND:
            return None
        check(status)
        return Option._from_handle(out[0])

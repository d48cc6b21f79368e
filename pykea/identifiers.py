"""Client identifiers as Kea knows them: hardware addresses and DHCPv4 client-ids."""

from __future__ import annotations

from ._bindings import bytes_result, encode, lib, scratch


def _parse(id_type: int, text: str) -> bytes:
    s = scratch
    return bytes_result(lib.pykea_identifier_parse(id_type, encode(text), s.data, s.size),
                        s.data, s.size)


def parse_duid(text: str) -> bytes:
    """A DUID's bytes from its text ("00:03:00:01:02:00:00:00:00:01"), as Kea's DUID::fromText
    reads it; InvalidArgumentError (a ValueError) with Kea's reason otherwise."""
    return _parse(lib.PYKEA_IDENTIFIER_DUID, text)


class HWAddr:
    """A hardware (MAC) address with its hardware type (1 is Ethernet)."""

    __slots__ = ("address", "htype")

    def __init__(self, address: bytes, htype: int = 1) -> None:
        self.address: bytes = address if type(address) is bytes else bytes(address)  #: its bytes
        self.htype: int = htype     #: the hardware type (1: Ethernet)

    @classmethod
    def parse(cls, text: str, htype: int = 1) -> "HWAddr":
        """From "aa:bb:cc:dd:ee:ff" as Kea's HWAddr::fromText reads it (one- or two-digit groups
        separated by ':'); InvalidArgumentError (a ValueError) with Kea's
        reason otherwise."""
        return cls(_parse(lib.PYKEA_IDENTIFIER_HWADDR, text), htype)

    def __str__(self) -> str:
        return self.address.hex(":")

    def __repr__(self) -> str:
        return f"HWAddr('{self}', htype={self.htype})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HWAddr):
            return self.address == other.address and self.htype == other.htype
        if isinstance(other, str):
            return str(self) == other.lower()
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.address, self.htype))


class ClientId:
    """A DHCPv4 client identifier (option 61): its bytes, type byte first."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data: bytes = bytes(data)      #: the identifier's bytes, type byte first

    @classmethod
    def parse(cls, text: str) -> "ClientId":
        """From "01:aa:bb:cc:dd:ee:ff" as Kea's ClientId::fromText reads it; InvalidArgumentError
        (a ValueError) with Kea's reason otherwise (for example fewer than 2 bytes)."""
        return cls(_parse(lib.PYKEA_IDENTIFIER_CLIENT_ID, text))

    def __str__(self) -> str:
        return self.data.hex(":")

    def __repr__(self) -> str:
        return f"ClientId('{self}')"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ClientId):
            return self.data == other.data
        if isinstance(other, (bytes, bytearray)):
            return self.data == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.data)

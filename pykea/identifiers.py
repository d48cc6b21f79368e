"""Client identifiers as Kea knows them: hardware addresses and DHCPv4 client-ids."""

from __future__ import annotations


class HWAddr:
    """A hardware (MAC) address with its hardware type (1 is Ethernet)."""

    __slots__ = ("address", "htype")

    def __init__(self, address: bytes, htype: int = 1) -> None:
        self.address = address if type(address) is bytes else bytes(address)
        self.htype = htype

    @classmethod
    def parse(cls, text: str, htype: int = 1) -> "HWAddr":
        """From "aa:bb:cc:dd:ee:ff" (also with '-' or without separators)."""
        digits = text.replace(":", "").replace("-", "")
        try:
            return cls(bytes.fromhex(digits), htype)
        except ValueError:
            raise ValueError(f"{text!r} is not a hardware address such as aa:bb:cc:dd:ee:ff") from None

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
        self.data = bytes(data)

    @classmethod
    def parse(cls, text: str) -> "ClientId":
        """From "01:aa:bb:cc:dd:ee:ff" or plain hex."""
        try:
            return cls(bytes.fromhex(text.replace(":", "")))
        except ValueError:
            raise ValueError(f"{text!r} is not a client-id such as 01:aa:bb:cc:dd:ee:ff") from None

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

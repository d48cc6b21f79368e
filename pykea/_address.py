"""pykea_address to and from the ipaddress module's types."""

from __future__ import annotations

import ipaddress
from typing import Union

from ._bindings import ffi

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


def from_c(address) -> IPAddress:
    if address.family == 4:
        return ipaddress.IPv4Address(ffi.buffer(address.bytes, 4)[:])
    return ipaddress.IPv6Address(ffi.buffer(address.bytes, 16)[:])


def to_c(value: Union[str, int, IPAddress], out) -> None:
    """Fills ``out`` from an address, its text or (IPv4 only) its integer."""
    if not isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        value = ipaddress.ip_address(value)
    out.family = value.version
    packed = value.packed
    ffi.memmove(out.bytes, packed, len(packed))

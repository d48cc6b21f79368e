"""What this pykea and the Kea it was built for can do.

``available()`` gives every feature of the build with whether it is there and, when it is not,
why (``pykea info`` prints the same table); ``feature(name)`` one of them. The features are the
differences between Kea 2.2, 2.6 and 3.0 that a hook module may meet:

- ``subnets``: subnet arguments (``handle["subnet4"]``) and objects (pykea.config); not with
  Debian 12's Kea 2.2.0, whose kea-dev lacks a header that Kea's subnet header needs.
- ``server-config``: the server configuration (pykea.config.current(), server_config); Kea 3.0
  needs OpenSSL's headers (libssl-dev) where pykea is built.
- ``lease-database``: ``pykea.leasemgr`` (Kea's LeaseMgr); not with Kea 2.2.0 either, for the
  same missing header.
- ``ddns``: ``pykea.ddns`` (Kea's DHCP-DDNS client); where the server configuration is, as
  Kea reaches the client through its configuration manager.
- ``lease-pool-id``, ``lease4-remote-relay-id``: lease fields that appeared in Kea 2.6.
- ``park-select``: PARK honoured at subnet4_select and lease4_offer (Kea 2.6 and later).
- ``multi-threading-default``: Kea runs callouts from several threads unless told otherwise.

Hook points and their arguments per Kea version are in ``pykea.hooks``.
"""

from __future__ import annotations

from typing import Dict, List, NamedTuple

from ._bindings import check, encode, ffi, lib, scratch


class Feature(NamedTuple):
    """One feature: its name, whether this build has it, and why not."""

    name: str
    available: bool
    reason: str     # why it is unavailable; empty when available


def kea_version() -> str:
    """The Kea release the library was built against, e.g. "3.0.4"."""
    out = scratch.text
    check(lib.pykea_kea_version(out))
    return ffi.string(out[0]).decode()


def kea_hooks_version() -> int:
    """KEA_HOOKS_VERSION, which Kea checks when it loads the hook library (e.g. 30004)."""
    out = scratch.int
    check(lib.pykea_kea_hooks_version(out))
    return out[0]


def library_path() -> str:
    """The file of pykea's library loaded in this process."""
    out = scratch.text
    check(lib.pykea_library_path(out))
    return ffi.string(out[0]).decode()


def feature(name: str) -> Feature:
    """The feature called ``name`` (one of names()), with whether this build has it and why not."""
    s = scratch
    check(lib.pykea_feature_available(encode(name), s.int, s.text))
    return Feature(name, bool(s.int[0]), ffi.string(s.text[0]).decode())


def names() -> List[str]:
    """The names of the features the library reports (capi/src/compat.h's table)."""
    out = scratch.text
    check(lib.pykea_feature_names(out))
    return ffi.string(out[0]).decode().split("\n")


def available() -> Dict[str, Feature]:
    """Every feature, by name, with whether this build has it and why not."""
    return {name: feature(name) for name in names()}


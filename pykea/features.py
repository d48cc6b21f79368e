"""What this pykea and the Kea it was built for can do."""

from __future__ import annotations

from typing import Dict, NamedTuple

from ._bindings import encode, ffi, lib, raise_error, scratch

FEATURE_NAMES = ("subnets", "lease-pool-id", "park-select", "multi-threading-default")


class Feature(NamedTuple):
    name: str
    available: bool
    reason: str     # why it is unavailable; empty when available


def kea_version() -> str:
    """The Kea release the library was built against, e.g. "3.0.4"."""
    out = scratch.text
    status = lib.pykea_kea_version(out)
    if status:
        raise_error(status)
    return ffi.string(out[0]).decode()


def kea_hooks_version() -> int:
    """KEA_HOOKS_VERSION, which Kea checks when it loads the hook library (e.g. 30004)."""
    out = scratch.int
    status = lib.pykea_kea_hooks_version(out)
    if status:
        raise_error(status)
    return out[0]


def library_path() -> str:
    """The file of pykea's library loaded in this process."""
    out = scratch.text
    status = lib.pykea_library_path(out)
    if status:
        raise_error(status)
    return ffi.string(out[0]).decode()


def feature(name: str) -> Feature:
    s = scratch
    status = lib.pykea_feature_available(encode(name), s.int, s.text)
    if status:
        raise_error(status)
    return Feature(name, bool(s.int[0]), ffi.string(s.text[0]).decode())


def available() -> Dict[str, Feature]:
    """Every feature, by name, with whether this build has it and why not."""
    return {name: feature(name) for name in FEATURE_NAMES}

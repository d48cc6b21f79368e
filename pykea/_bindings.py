"""The cffi bindings (ABI mode) to libdhcp_pykea.so and the one function that turns its status
codes into exceptions.

Inside Kea, the library Kea loaded is found by its soname, so Python and Kea share one copy.
Elsewhere (tests, the CLI) it is the copy this package was built with, or $PYKEA_LIBRARY.
"""

from __future__ import annotations

import os
import threading

from . import errors
from ._ffi import ffi

LIBRARY_NAME = "libdhcp_pykea.so"


def _open_library():
    try:
        return ffi.dlopen(LIBRARY_NAME, ffi.RTLD_NOW | ffi.RTLD_NOLOAD)
    except OSError:
        pass
    path = os.environ.get("PYKEA_LIBRARY") or _built_library()
    try:
        return ffi.dlopen(path, ffi.RTLD_NOW)
    except OSError as error:
        raise ImportError(f"pykea cannot open its library {path}: {error}; "
                          "reinstall pykea or set PYKEA_LIBRARY") from None


def _built_library() -> str:
    from . import _build_info
    for candidate in (_build_info.HOOK_LIBRARY,
                      os.path.join(os.path.dirname(__file__), "_lib", LIBRARY_NAME)):
        if os.path.exists(candidate):
            return candidate
    return _build_info.HOOK_LIBRARY


lib = _open_library()

_EXCEPTIONS = {
    lib.PYKEA_ERROR: errors.KeaError,
    lib.PYKEA_NOT_FOUND: errors.NotFoundError,
    lib.PYKEA_WRONG_TYPE: errors.WrongTypeError,
    lib.PYKEA_INVALID_ARGUMENT: errors.InvalidArgumentError,
    lib.PYKEA_UNSUPPORTED: errors.UnsupportedError,
    lib.PYKEA_DETACHED: errors.DetachedError,
}


def raise_error(status: int) -> None:
    """Raises the exception for a failed call's status, with this thread's last error text."""
    message = ffi.string(lib.pykea_last_error()).decode("utf-8", "replace")
    raise _EXCEPTIONS.get(status, errors.PykeaError)(message)


def check(status: int) -> None:
    """The one error check: ``check(lib.pykea_x(...))`` raises the status's exception (with this
    thread's last error text) when the call failed. (A callout's hot path makes no C call: its
    arguments are read from the callout frame, pykea.frame.)"""
    if status:
        raise_error(status)


class _Scratch(threading.local):
    """Out-parameters, allocated once per thread (cffi releases the GIL during each call)."""

    def __init__(self) -> None:
        self.int = ffi.new("int *")
        self.int2 = ffi.new("int *")
        self.i64 = ffi.new("int64_t *")
        self.double = ffi.new("double *")
        self.u32 = ffi.new("uint32_t *")
        self.u64 = ffi.new("uint64_t *")
        self.u16 = ffi.new("uint16_t *")
        self.size = ffi.new("size_t *")
        self.text = ffi.new("const char **")
        self.data = ffi.new("const uint8_t **")
        self.address = ffi.new("pykea_address *")
        self.pkt = ffi.new("pykea_pkt **")
        self.option = ffi.new("pykea_option **")
        self.lease = ffi.new("pykea_lease **")
        self.lease_list = ffi.new("pykea_lease_list **")
        self.host = ffi.new("pykea_host **")
        self.host_list = ffi.new("pykea_host_list **")
        self.codes = ffi.new("uint16_t[]", 256)
        self.u8 = ffi.new("uint8_t *")
        self.address2 = ffi.new("pykea_address *")
        self.subnet = ffi.new("pykea_subnet **")
        self.subnet_list = ffi.new("pykea_subnet_list **")
        self.shared_network = ffi.new("pykea_shared_network **")
        self.config = ffi.new("pykea_config **")
        self.network_state = ffi.new("pykea_network_state **")


scratch = _Scratch()


def text_result(status: int, out) -> str:
    check(status)
    return ffi.string(out[0]).decode("utf-8", "replace")


def bytes_result(status: int, data, size) -> bytes:
    check(status)
    return ffi.buffer(data[0], size[0])[:]


def encode(text: str) -> bytes:
    return text.encode("utf-8")

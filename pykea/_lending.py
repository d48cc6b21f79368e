"""What Pkt and Lease share: a handle that is either owned (freed by ``ffi.gc``) or borrowed from
a callout frame (pykea.frame) and made owned if the hook keeps it past its callout."""

from __future__ import annotations

from typing import Any

from ._bindings import check, ffi, scratch


class Lendable:
    """Mixin of a class with the slots ``_ptr`` (the handle), ``_hdr`` (the header words read
    into the callout frame, or None) and ``_pend`` (a borrowed packet's pending options, bytes
    in the frame's header that Kea adds to the packet at the next call given it; else None)."""

    __slots__ = ()
    _ptr: Any        # the handle (a slot of the subclass)
    _hdr: Any        # the header words (a memoryview), or None
    _pend: Any       # a borrowed packet's pending option bytes (a memoryview), or None
    _free: Any       # the C call freeing an owned handle
    _copy: Any       # the C call making an owned handle to the same Kea object
    _out: str        # the name of the scratch out-parameter of the handle's type
    _get_header: Any     # the C call reading the header fields
    _header_type: str    # and the C type of what it fills

    @classmethod
    def _wrap(cls, pointer):
        """Wraps an owned handle."""
        wrapped = object.__new__(cls)
        wrapped._ptr = ffi.gc(pointer, cls._free)
        wrapped._hdr = None
        wrapped._pend = None
        return wrapped

    @classmethod
    def _borrow(cls, pointer, header, pending=None):
        """Wraps a callout frame's handle and the header fields read with it."""
        wrapped = object.__new__(cls)
        wrapped._ptr = pointer
        wrapped._hdr = header
        wrapped._pend = pending
        return wrapped

    def _reread(self) -> None:
        """After a write: a borrowed object reads its header fields into the frame again, so
        that the wrapper stays fit to lend in later callouts."""
        header = self._hdr
        if header is not None:
            check(self._get_header(self._ptr, ffi.cast(self._header_type, ffi.from_buffer(header))))

    def _own(self) -> None:
        """Turns a borrowed object into an owned one (it outlives its callout)."""
        out = getattr(scratch, self._out)
        check(self._copy(self._ptr, out))
        self._ptr = ffi.gc(out[0], self._free)
        self._hdr = None
        self._pend = None

"""Callout frames: where a Python callout's packet and lease arguments come from.

Kea calls a Python callout through one of pykea's native callout slots (capi/src/callout_slots.h),
which passes this thread's Frame. Before entering Python the slot has read from Kea's callout
handle the packet and lease arguments the callout used in its earlier calls, with their header
fields (pykea_pkt_header, pykea_lease_header), so that ``handle["query4"].transid`` costs no C
call. The Pkt and Lease objects made from a frame are borrowed: they point into the frame, whose
C++ side holds Kea's shared pointer for the duration of the callout. When the callout returns,
each one still referenced from elsewhere (kept in a global, a context, a ParkedHandle, a
closure) is made an owned handle to the same Kea object; the others are simply dropped. See
docs/architecture.md, "Who owns a callout's arguments".
"""

from __future__ import annotations

import atexit
import logging
import sysconfig
from typing import Any, Callable, List, Literal

from . import log as _log
from ._bindings import check, ffi, lib
from .errors import UnsupportedError
from . import lease as _lease, packet as _packet
from .lease import Lease4, Lease6
from .packet import Pkt4, Pkt6

SIZE = lib.PYKEA_FRAME_ARGUMENTS

# Argument kind (pykea.hooks) -> (pykea_frame_kind, the class wrapping it, whether a packet)
KINDS = {
    "pkt4": (lib.PYKEA_FRAME_PKT4, Pkt4, True),
    "pkt6": (lib.PYKEA_FRAME_PKT6, Pkt6, True),
    "lease4": (lib.PYKEA_FRAME_LEASE4, Lease4, False),
    "lease6": (lib.PYKEA_FRAME_LEASE6, Lease6, False),
}

# The wrapper class by pykea_frame_kind value: the slot lends a spare wrapper of this class.
CLASSES: List[Any] = [None] * (max(kind for kind, _, _ in KINDS.values()) + 1)
for _kind, _wrapper, _ in KINDS.values():
    CLASSES[_kind] = _wrapper

logger = logging.getLogger("pykea")

# The frame's uint32_t flags (wanted, present, null, lent, replaced) read as one array, like the
# headers' words: memoryview indexing costs a fraction of a cdata field read.
_FLAG_BASE = ffi.offsetof("pykea_frame", "wanted")
_PRESENT = (ffi.offsetof("pykea_frame", "present") - _FLAG_BASE) // 4
_NULL = (ffi.offsetof("pykea_frame", "null") - _FLAG_BASE) // 4
_LENT = (ffi.offsetof("pykea_frame", "lent") - _FLAG_BASE) // 4
REPLACED = (ffi.offsetof("pykea_frame", "replaced") - _FLAG_BASE) // 4
_FLAG_WORDS = REPLACED + 1
HANDLE_KEPT = lib.PYKEA_FRAME_HANDLE_KEPT


def _words(cdata, field, kind: Literal["I", "q"], count: int) -> memoryview:
    """A memoryview of ``count`` integers of ``kind`` ("I", "q") at ``cdata`` (or its field)."""
    start = ffi.addressof(cdata, field) if field else ffi.addressof(cdata)
    return memoryview(ffi.buffer(start, count * ffi.sizeof("int64_t" if kind == "q" else "uint32_t"))).cast(kind)


def _no_handle_maker(frame: "Frame") -> Any:
    raise RuntimeError("pykea.frame.install() was not called")


_new_handle: Callable[["Frame"], Any] = _no_handle_maker


class Frame:
    """One thread's pykea_frame (per nesting depth), and the objects lent from it.

    The native slot calls the callout with ``handles[0]``, this frame's CalloutHandle. The
    frame's pykea_pkt and pykea_lease for argument i stay at one address, so the Pkt or Lease
    wrapping them is made once (``spare``) and lent again at each callout (``lent``, which the
    slot empties when the callout returns), unless a callout kept it: then it becomes owned and
    a new one is made. The slot itself lends the spare wrappers of the arguments it read
    before the call (those of ``classes[kind]``), so that a callout's first
    ``handle["query4"]`` is a list lookup; it counts the references to find what was kept
    (pykea.h, pykea_library_register_python_callout); these lists are never rebound."""

    __slots__ = ("c", "flags", "lent", "spare", "handles", "classes", "pkt_headers",
                 "pkt_pending", "lease_headers")

    def __init__(self, pointer) -> None:
        self.c = pointer
        self.lent: List[Any] = [None] * SIZE       # lent during this callout
        self.spare: List[Any] = [None] * SIZE      # made in an earlier callout, not kept
        self.classes = CLASSES
        self.flags = _words(pointer, "wanted", "I", _FLAG_WORDS)
        self.pkt_headers = [_words(pointer.pkt_header[i], None, "q", _packet.HEADER_WORDS)
                            for i in range(SIZE)]
        self.pkt_pending = [memoryview(ffi.buffer(ffi.addressof(pointer.pkt_header[i], "pending"),
                                                  lib.PYKEA_PENDING_OPTION_BYTES))
                            for i in range(SIZE)]
        self.lease_headers = [_words(pointer.lease_header[i], None, "q", _lease.HEADER_WORDS)
                              for i in range(SIZE)]
        self.handles: List[Any] = [_new_handle(self)]

    def argument(self, index: int, wrapper, is_packet: bool):
        """The borrowed Pkt or Lease for argument ``index`` (None for Kea's null pointer), not
        yet lent in this callout."""
        flags = self.flags
        bit = 1 << index
        if not flags[_PRESENT] & bit:
            check(lib.pykea_frame_fetch(self.c, index))
        if flags[_NULL] & bit:
            return None
        found = self.spare[index]
        if type(found) is not wrapper:
            c = self.c
            if is_packet:
                found = wrapper._borrow(c.pkt[index], self.pkt_headers[index],
                                        self.pkt_pending[index])
            else:
                found = wrapper._borrow(c.lease[index], self.lease_headers[index])
            self.spare[index] = found
        self.lent[index] = found
        flags[_LENT] |= bit
        return found

    def replace(self, index: int) -> None:
        """The callout set argument ``index``: the object read before now refers to what Kea
        no longer holds in the handle, so it becomes owned, and later reads ask Kea."""
        flags = self.flags
        found = self.lent[index]
        if found is not None:
            self.lent[index] = self.spare[index] = None
            flags[_LENT] &= ~(1 << index)
            found._own()
        flags[REPLACED] |= 1 << index

    def end(self, kept: int) -> None:
        """After a callout that kept objects (bit i: argument i's; HANDLE_KEPT: the handle):
        each becomes owned, or detached for the handle, and a new one is made next time."""
        spare = self.spare
        for index in range(SIZE):
            if kept >> index & 1 and spare[index] is not None:
                _keep(spare[index])
                spare[index] = None
        if kept & HANDLE_KEPT:
            self.handles[0]._frame = None
            self.handles[0] = _new_handle(self)


def _keep(found) -> None:
    try:
        found._own()
    except BaseException:
        found._ptr = ffi.NULL       # never left pointing into the frame
        found._hdr = found._pend = None
        logger.error("pykea could not keep %s past its callout", type(found).__name__,
                     exc_info=True, extra=_log.message("PYKEA_RUNTIME_ERROR"))


_frames: List[Frame] = []       # alive as long as the threads' C++ frames may name them


def _frame_failed(exception, value, traceback) -> None:
    try:
        logger.critical("pykea could not make a callout frame",
                        exc_info=(exception, value, traceback),
                        extra=_log.message("PYKEA_RUNTIME_ERROR"))
    except BaseException:
        pass


@ffi.callback("pykea_frame_object_fn", error=0, onerror=_frame_failed)
def _make_frame(pointer) -> int:
    frame = Frame(pointer)
    _frames.append(frame)
    return id(frame)


def install(new_handle: Callable[[Frame], Any]) -> None:
    """Lets the native callout slots make this process's frames (done before registering),
    each with the CalloutHandle ``new_handle(frame)`` makes."""
    global _new_handle
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        # The native slots read an object's reference count as its first word (runCallout).
        raise UnsupportedError("pykea runs on CPython with the GIL, not on a free-threaded "
                               "build: set the hook parameter 'libpython' to libpython3.X.so.1.0")
    _new_handle = new_handle
    check(lib.pykea_set_frame_object_maker(_make_frame))


atexit.register(lambda: lib.pykea_set_frame_object_maker(ffi.NULL))

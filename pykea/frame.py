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
from sys import getrefcount
from typing import Any, List

from ._bindings import check, ffi, lib
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

logger = logging.getLogger("pykea")

# The frame's uint32_t flags (wanted, present, null) read as one array, like the headers' words:
# memoryview indexing costs a fraction of a cdata field read.
_FLAG_BASE = ffi.offsetof("pykea_frame", "wanted")
_PRESENT = (ffi.offsetof("pykea_frame", "present") - _FLAG_BASE) // 4
_NULL = (ffi.offsetof("pykea_frame", "null") - _FLAG_BASE) // 4
_FLAG_WORDS = _NULL + 1


def _words(cdata, field, kind: str, count: int) -> memoryview:
    """A memoryview of ``count`` integers of ``kind`` ("I", "q") at ``cdata`` (or its field)."""
    start = ffi.addressof(cdata, field) if field else ffi.addressof(cdata)
    return memoryview(ffi.buffer(start, count * ffi.sizeof("int64_t" if kind == "q" else "uint32_t"))).cast(kind)


class Frame:
    """One thread's pykea_frame (per nesting depth), and the objects borrowed from it.

    The frame's pykea_pkt and pykea_lease for argument i stay at one address, so the Pkt or
    Lease wrapping them is made once and lent again at each callout (``spare``), unless a
    callout kept it: then it becomes owned and a new one is made."""

    __slots__ = ("c", "flags", "lent", "lent_indexes", "spare", "lending", "replaced", "handles",
                 "pkt_headers", "lease_headers")

    def __init__(self, pointer) -> None:
        self.c = pointer
        self.lent: List[Any] = [None] * SIZE       # lent during this callout
        self.lent_indexes: List[int] = []           # their indexes
        self.spare: List[Any] = [None] * SIZE      # made in an earlier callout, not kept
        self.lending = False        # whether lent holds any
        self.replaced = 0           # bit i: the callout set argument i to another object
        # The CalloutHandle lent to each callout (pykea.runtime), made again if one kept it.
        self.handles: List[Any] = [None]
        self.flags = _words(pointer, "wanted", "I", _FLAG_WORDS)
        self.pkt_headers = [_words(pointer.pkt_header[i], None, "q", _packet.HEADER_WORDS)
                            for i in range(SIZE)]
        self.lease_headers = [_words(pointer.lease_header[i], None, "q", _lease.HEADER_WORDS)
                              for i in range(SIZE)]

    def argument(self, index: int, wrapper, is_packet: bool):
        """The borrowed Pkt or Lease for argument ``index`` (None for Kea's null pointer)."""
        found = self.lent[index]
        if found is not None:
            return found
        c = self.c
        flags = self.flags
        if not flags[_PRESENT] >> index & 1:
            check(lib.pykea_frame_fetch(c, index))
        if flags[_NULL] >> index & 1:
            return None
        found = self.spare[index]
        header = self.pkt_headers[index] if is_packet else self.lease_headers[index]
        if type(found) is not wrapper:
            found = wrapper._borrow(c.pkt[index] if is_packet else c.lease[index], header)
            self.spare[index] = found
        else:
            found._hdr = header         # a write in an earlier callout dropped it
        self.lent[index] = found
        self.lent_indexes.append(index)
        self.lending = True
        return found

    def replace(self, index: int) -> None:
        """The callout set argument ``index``: the object read before now refers to what Kea
        no longer holds in the handle, so it becomes owned, and later reads ask Kea."""
        found = self.lent[index]
        if found is not None:
            self.lent[index] = self.spare[index] = None
            found._own()
        self.replaced |= 1 << index

    def end(self) -> None:
        """At the callout's return: lent objects referenced from elsewhere become owned."""
        self.replaced = 0
        lent, spare, indexes = self.lent, self.spare, self.lent_indexes
        for index in indexes:
            if lent[index] is not None:
                lent[index] = None
                if getrefcount(spare[index]) > _UNSHARED:
                    _keep(spare[index])
                    spare[index] = None
        indexes.clear()
        self.lending = False


def _unshared() -> int:
    """What Frame.end's getrefcount(spare[index]) gives for an object only the list holds:
    measured with the same expression rather than assumed, as what the call itself adds differs
    between Python versions (3.14 borrows references on the stack)."""
    spare, index = [object()], 0
    return getrefcount(spare[index])


_UNSHARED = _unshared()


def _handle_unshared() -> int:
    """The same for pykea.runtime's callout: getrefcount(handle) of a local that frame.handles
    also holds."""
    handles = [object()]
    handle = handles[0]
    return getrefcount(handle)


HANDLE_UNSHARED = _handle_unshared()


def _keep(found) -> None:
    try:
        found._own()
    except BaseException:
        found._ptr = ffi.NULL       # never left pointing into the frame
        found._hdr = None
        logger.error("pykea could not keep %s past its callout", type(found).__name__,
                     exc_info=True)


_frames: List[Frame] = []       # alive as long as the threads' C++ frames may name them


def _frame_failed(exception, value, traceback) -> None:
    try:
        logger.critical("pykea could not make a callout frame",
                        exc_info=(exception, value, traceback))
    except BaseException:
        pass


@ffi.callback("pykea_frame_object_fn", error=0, onerror=_frame_failed)
def _make_frame(pointer) -> int:
    frame = Frame(pointer)
    _frames.append(frame)
    return id(frame)


def install() -> None:
    """Lets the native callout slots make this process's frames (done before registering)."""
    check(lib.pykea_set_frame_object_maker(_make_frame))


atexit.register(lambda: lib.pykea_set_frame_object_maker(ffi.NULL))

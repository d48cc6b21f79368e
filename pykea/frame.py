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
import sys
from typing import Any, List

from ._bindings import check, ffi, lib
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


class Frame:
    """One thread's pykea_frame (per nesting depth), and the objects borrowed from it."""

    __slots__ = ("c", "objects", "borrowed", "replaced", "pkt_headers", "lease_headers")

    def __init__(self, pointer) -> None:
        self.c = pointer
        self.objects: List[Any] = [None] * SIZE
        self.borrowed = False       # whether objects holds any
        self.replaced = 0           # bit i: the callout set argument i to another object
        self.pkt_headers = [pointer.pkt_header[i] for i in range(SIZE)]
        self.lease_headers = [pointer.lease_header[i] for i in range(SIZE)]

    def argument(self, index: int, wrapper, is_packet: bool):
        """The borrowed Pkt or Lease for argument ``index`` (None for Kea's null pointer)."""
        found = self.objects[index]
        if found is not None:
            return found
        c = self.c
        if not c.present[index]:
            check(lib.pykea_frame_fetch(c, index))
        if is_packet:
            pointer = c.pkt[index]
            if pointer == ffi.NULL:
                return None
            found = wrapper._borrow(pointer, self.pkt_headers[index])
        else:
            pointer = c.lease[index]
            if pointer == ffi.NULL:
                return None
            found = wrapper._borrow(pointer, self.lease_headers[index])
        self.objects[index] = found
        self.borrowed = True
        return found

    def replace(self, index: int) -> None:
        """The callout set argument ``index``: the object read before now refers to what Kea
        no longer holds in the handle, so it becomes owned, and later reads ask Kea."""
        found = self.objects[index]
        if found is not None:
            self.objects[index] = None
            found._own()
        self.replaced |= 1 << index

    def end(self) -> None:
        """At the callout's return: borrowed objects referenced from elsewhere become owned."""
        objects = self.objects
        for index in range(SIZE):
            if objects[index] is not None:
                if _references(objects, index) > _UNSHARED:
                    _keep(objects[index])
                objects[index] = None
        self.borrowed = False
        self.replaced = 0


def _references(objects: List[Any], index: int) -> int:
    return sys.getrefcount(objects[index])


# What _references counts for an object only the list holds. Measured rather than assumed:
# how many references the call itself adds differs between Python versions (3.14 borrows
# references on the stack).
_UNSHARED = _references([object()], 0)


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

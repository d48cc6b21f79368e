"""Parking: Kea holds a packet at a hook point while other threads do slow work for it.

At a hook point that honours PARK (``leases4_committed`` and ``leases6_committed``; from Kea 2.6
also ``subnet4_select``, ``subnet6_select`` and ``lease4_offer``), a callout calls
``handle.park()`` and returns at once. Kea's packet threads go on with other packets; the
packet waits until some thread calls ``unpark()`` (Kea resumes processing it) or ``drop()`` (no
response is sent)::

    def leases4_committed(handle):
        query = handle["query4"]           # read what the work needs now: the handle is lent
        parked = handle.park()
        pool.submit(check, query, parked)

    def check(query, parked):              # in a worker thread
        parked.unpark() if allowed(query) else parked.drop()

An ``async def`` callout at such a hook point is parked by pykea: the coroutine runs on
pykea's asyncio event loop (one background thread), and when it returns the packet is unparked;
returning ``NextStep.DROP`` drops it, and an exception is logged with its traceback and handled
as the ``on-error`` parameter says (drop by default). The coroutine gets a ``ParkedHandle``: the
arguments Kea passed, read before the callout returned, and ``handle.parked``.

With multi-threading on, ``unpark()`` hands the packet back to Kea's thread pool in the calling
thread. When Kea runs single-threaded, unpark and drop are carried out by Kea's main thread
between two packets (pykea wakes it), because Kea's processing has no locks then.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

from . import hooks as _hooks
from . import log as _log
from ._bindings import check, ffi, lib, scratch
from .enums import NextStep, ParkedState
from .errors import InvalidArgumentError, UnsupportedError, WrongTypeError
from .features import kea_hooks_version, kea_version

if TYPE_CHECKING:
    from .handle import CalloutHandle

logger = logging.getLogger("pykea")

State = ParkedState     # where a parked packet is (Parked.state)


class Parked:
    """A packet Kea holds at a hook point. ``unpark()`` or ``drop()`` it once, from any thread.

    A Parked object that is garbage-collected while still parked drops its packet (with a
    warning in Kea's log), and unloading the hook library drops every parked packet, so Kea
    never waits for ever."""

    __slots__ = ("_ptr", "hook")

    def __init__(self, pointer, hook: str) -> None:
        self._ptr = ffi.gc(pointer, lib.pykea_parked_free)
        self.hook: str = hook   #: the hook point the packet is parked at

    def unpark(self, offer_address_in_use: Optional[bool] = None) -> None:
        """Kea resumes processing the packet (sends the response).

        At lease4_offer, ``offer_address_in_use=True`` tells Kea the offered address is taken:
        Kea declines the lease (lease4_server_decline) and discards the offer instead."""
        if self.hook == "lease4_offer":
            self._set_offer_address_in_use(bool(offer_address_in_use))
        elif offer_address_in_use is not None:
            raise InvalidArgumentError(f"offer_address_in_use is read by Kea only after lease4_offer; "
                                       f"this packet is parked at {self.hook}")
        check(lib.pykea_parked_unpark(self._ptr))

    def drop(self) -> None:
        """Kea discards the packet: no response is sent."""
        check(lib.pykea_parked_drop(self._ptr))

    @property
    def state(self) -> State:
        """Whether the packet is still parked, or was unparked, dropped or released."""
        out = scratch.int
        check(lib.pykea_parked_state(self._ptr, out))
        return State(out[0])

    def _set_offer_address_in_use(self, value: bool) -> None:
        # Kea logs an error when the argument is missing after an unpark, so False is set too.
        status = lib.pykea_parked_set_bool(self._ptr, b"offer_address_in_use", value)
        if status == lib.PYKEA_UNSUPPORTED and not value:
            return      # not in a server (pykea.testing): nothing reads it
        check(status)

    def __repr__(self) -> str:
        return f"<Parked at {self.hook}: {self.state.name.lower()}>"


def _release(version: int) -> str:
    return f"{version // 10000}.{version // 100 % 100}"


def parkable_hooks(server: int, version: int) -> List[str]:
    """The hook points of kea-dhcp<server> that honour PARK at KEA_HOOKS_VERSION ``version``."""
    return [name for name, point in _hooks.hook_points(server, version).items()
            if "PARK" in point.statuses]


def not_parkable(point: _hooks.HookPoint, version: int) -> str:
    """Why a packet cannot be parked at ``point`` with this Kea, naming where it can."""
    known = _hooks.hook_point(point.name)
    since = known.park_since if known is not None else None
    later = f" (it does from Kea {_release(since)})" if since is not None else ""
    server = point.server or 4
    return (f"Kea {kea_version()} does not honour PARK at {point.name}{later}; packets can be "
            f"parked at {', '.join(parkable_hooks(server, version))}")


def _point_for_version(name: str, version: int) -> _hooks.HookPoint:
    """The hook point ``name`` as Kea ``version`` calls it (a command's hook point: no statuses)."""
    generic = _hooks.hook_point(name)
    specific = generic.for_version(version) if generic is not None else None
    return specific if specific is not None else _hooks.HookPoint(name, 0, (), {})


def park(handle: CalloutHandle) -> Parked:
    """Parks the packet of ``handle``'s callout (``CalloutHandle.park``)."""
    version = kea_hooks_version()
    point = _point_for_version(handle.hook, version)
    if "PARK" not in point.statuses:
        raise UnsupportedError(not_parkable(point, version))
    out = ffi.new("pykea_parked **")
    check(lib.pykea_handle_park(handle._ptr, out))
    return Parked(out[0], point.name)


# ---- async def callouts ------------------------------------------------------------------------

class ParkedHandle:
    """What an ``async def`` callout gets: the arguments Kea passed (read while the callout ran,
    as Kea may clear them once it returns) and ``parked``. The objects (packets, leases) are
    Kea's own: changing them changes what Kea sends after the unpark."""

    __slots__ = ("hook", "parked", "_arguments")

    def __init__(self, handle: CalloutHandle, parked: Optional[Parked] = None) -> None:
        self.hook: str = handle.hook    #: the hook point
        #: the Parked packet (set once the callout has parked it)
        self.parked: Optional[Parked] = parked
        self._arguments: Dict[str, Any] = {}
        for name in handle.argument_names():
            try:
                self._arguments[name] = handle[name]
            except Exception as error:      # raised again when the coroutine asks for it
                self._arguments[name] = error

    def __getitem__(self, name: str) -> Any:
        if name not in self._arguments:
            raise KeyError(f"{self.hook} passed no argument {name!r} "
                           f"(it passed: {', '.join(self._arguments) or 'none'})")
        value = self._arguments[name]
        if isinstance(value, Exception):
            raise value
        return value

    def get(self, name: str, default: Any = None) -> Any:
        """The argument, or ``default`` if the hook point did not pass it."""
        try:
            return self[name]
        except (KeyError, LookupError):
            return default

    def argument_names(self) -> List[str]:
        """The names of the arguments Kea passed."""
        return list(self._arguments)

    def __setitem__(self, name: str, value: Any) -> None:
        raise WrongTypeError(f"Kea no longer reads {self.hook}'s arguments once the callout has "
                             "returned; change the objects they hold instead"
                             + (", or unpark(offer_address_in_use=True)" if self.hook == "lease4_offer"
                                else ""))

    def __repr__(self) -> str:
        return f"<ParkedHandle {self.hook}>"


class _EventLoop:
    """pykea's asyncio event loop, in a daemon thread started at the first async callout."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None

    def submit(self, coroutine):
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._run, args=(self._loop,),
                                                name="pykea-asyncio", daemon=True)
                self._thread.start()
            return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    @staticmethod
    def _run(loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        finally:
            loop.close()

    def stop(self, timeout: float = 5.0) -> None:
        """Cancels the coroutines still running (their packets are dropped) and ends the thread."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None:     # both or neither
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)
            if thread.is_alive():
                logger.warning("pykea's asyncio thread did not end within %.0f s of unload", timeout,
                               extra=_log.message("PYKEA_HOOK_UNLOAD_WARNING"))


_event_loop = _EventLoop()


def start_coroutine(function: Callable, handle, drop_on_error: bool, where: str) -> None:
    """Runs ``async def function`` for this callout: parks, then resumes when it returns."""
    view = ParkedHandle(handle)
    coroutine = function(view)
    view.parked = parked = park(handle)
    try:
        future = _event_loop.submit(coroutine)
    except BaseException:
        coroutine.close()
        parked.drop()
        raise
    future.add_done_callback(lambda done: _finish(done, parked, where, drop_on_error))


def _finish(future, parked: Parked, where: str, drop_on_error: bool) -> None:
    try:
        if parked.state is not State.PARKED:
            return      # the coroutine unparked or dropped it itself, or the library unloaded
        if future.cancelled():
            logger.warning("async callout %s at %s was cancelled (the hook library unloads); the "
                           "packet is dropped", where, parked.hook,
                           extra=_log.message("PYKEA_PARKING_FAILED"))
            parked.drop()
            return
        error = future.exception()
        if error is None:
            result = future.result()
            if result == NextStep.DROP:
                parked.drop()
                return
            if result in (None, 0):
                parked.unpark()
                return
            error = TypeError(f"returned {type(result).__name__} {result!r}; an async callout returns "
                              "None, NextStep.CONTINUE or NextStep.DROP")
        outcome = "the packet is dropped" if drop_on_error else "the packet is unparked (on-error: continue)"
        logger.error("async callout %s at %s failed; %s", where, parked.hook, outcome,
                     exc_info=(type(error), error, error.__traceback__),
                     extra=_log.message("PYKEA_PARKING_FAILED"))
        parked.drop() if drop_on_error else parked.unpark()
    except BaseException:
        logger.error("pykea could not resume the packet parked by %s at %s", where, parked.hook,
                     exc_info=True, extra=_log.message("PYKEA_PARKING_FAILED"))


def unload() -> None:
    """At unload: ends the coroutines and stops handing unparks to Kea's main thread."""
    _event_loop.stop()
    check(lib.pykea_parking_unload())


def load(library_pointer) -> None:
    """At load: unparks will be handed to Kea's main thread once the server is configured."""
    check(lib.pykea_parking_load(library_pointer))


# ---- dhcpX_srv_configured's io_context ---------------------------------------------------------

class IOService:
    """Kea's main I/O service (``io_context`` of dhcp4_srv_configured and dhcp6_srv_configured).
    Python cannot run work on it; pykea resumes parked packets on Kea's main thread itself."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<Kea IOService>"


def get_io_service(handle, name) -> Optional[IOService]:
    """Reads an io_context callout argument (pykea.handle's accessor for it)."""
    out = scratch.int
    check(lib.pykea_handle_get_io_service(handle, name, out))
    return IOService() if out[0] else None



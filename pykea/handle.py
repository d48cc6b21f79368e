"""The handles Kea lends to a hook library: CalloutHandle for each callout and LibraryHandle
during load().
"""

from __future__ import annotations

import atexit
import datetime
import itertools
import json
from typing import Any, Callable, Dict, List, Optional

from . import config, hooks as _hooks
from . import frame as _frame
from .frame import REPLACED as _REPLACED
from . import parking as _parking
from ._bindings import check, encode, ffi, lib, raise_error, scratch, text_result
from .errors import NotFoundError, UnsupportedError, WrongTypeError
from .enums import IdentifierType
from .hosts import host_argument
from .identifiers import ClientId, HWAddr
from .lease import Lease, Lease4, Lease6, wrap_lease_list
from .option import Option
from .packet import Pkt4, Pkt6
from .enums import NextStep




# ---- per-request context ---------------------------------------------------------------------

_contexts: Dict[int, dict] = {}
_tokens = itertools.count(1)


@ffi.callback("pykea_context_release_fn")
def _release_context(token: int) -> None:
    _contexts.pop(token, None)


lib.pykea_set_context_release(_release_context)
atexit.register(lambda: lib.pykea_set_context_release(ffi.NULL))


def live_contexts() -> int:
    """How many per-request contexts are alive (Kea has not destroyed their handles yet)."""
    return len(_contexts)


# ---- argument access by kind -------------------------------------------------------------------

def _packet_accessors(c_get, c_set, packet_class):
    """Reads and writes a Pkt4Ptr or Pkt6Ptr argument through its pair of C calls."""
    def get(handle, name):
        out = scratch.pkt
        check(c_get(handle, name, out))
        return packet_class._wrap(out[0]) if out[0] != ffi.NULL else None

    def set(handle, name, value):
        check(c_set(handle, name, value._ptr))

    return get, set


def _lease_accessors(c_get, c_set, lease_class):
    """Reads and writes a Lease4Ptr or Lease6Ptr argument (None for Kea's null pointer)."""
    def get(handle, name):
        out = scratch.lease
        check(c_get(handle, name, out))
        return lease_class._wrap(out[0]) if out[0] != ffi.NULL else None

    def set(handle, name, value: Optional[Lease]):
        check(c_set(handle, name, value._ptr if value is not None else ffi.NULL))

    return get, set


def _lease_collection_getter(c_get):
    """Reads a Lease4CollectionPtr or Lease6CollectionPtr argument as a list."""
    def get(handle, name):
        out = scratch.lease_list
        check(c_get(handle, name, out))
        return wrap_lease_list(out[0])

    return get


def _get_bool(handle, name):
    out = scratch.int
    check(lib.pykea_handle_get_bool(handle, name, out))
    return bool(out[0])


def _set_bool(handle, name, value):
    check(lib.pykea_handle_set_bool(handle, name, bool(value)))


def _get_uint32(handle, name):
    out = scratch.u32
    check(lib.pykea_handle_get_uint32(handle, name, out))
    return out[0]


def _set_uint32(handle, name, value):
    if not 0 <= value <= 0xFFFFFFFF:
        raise ValueError(f"{name.decode()} must fit in 32 bits unsigned, not {value}")
    check(lib.pykea_handle_set_uint32(handle, name, value))


def _get_string(handle, name):
    return text_result(lib.pykea_handle_get_string(handle, name, scratch.text), scratch.text)


def _set_string(handle, name, value):
    check(lib.pykea_handle_set_string(handle, name, encode(value)))


def _get_bytes(handle, name):
    s = scratch
    check(lib.pykea_handle_get_bytes(handle, name, s.data, s.size))
    return ffi.buffer(s.data[0], s.size[0])[:]


def _set_bytes(handle, name, value):
    value = bytes(value)
    check(lib.pykea_handle_set_bytes(handle, name, value, len(value)))


def _get_id_type(handle, name):
    out = scratch.int
    check(lib.pykea_handle_get_id_type(handle, name, out))
    return IdentifierType(out[0])


def _set_id_type(handle, name, value):
    check(lib.pykea_handle_set_id_type(handle, name, int(value)))


def _get_hwaddr(handle, name):
    s = scratch
    check(lib.pykea_handle_get_hwaddr(handle, name, s.int, s.data, s.size))
    if s.data[0] == ffi.NULL:
        return None     # Kea passed a null pointer
    return HWAddr(ffi.buffer(s.data[0], s.size[0])[:], s.int[0])


def _get_client_id(handle, name):
    s = scratch
    check(lib.pykea_handle_get_client_id(handle, name, s.data, s.size))
    if s.data[0] == ffi.NULL:
        return None     # Kea passed a null pointer
    return ClientId(ffi.buffer(s.data[0], s.size[0])[:])


def _get_element(handle, name):
    return json.loads(text_result(lib.pykea_handle_get_json(handle, name, scratch.text), scratch.text))


def _set_element(handle, name, value):
    check(lib.pykea_handle_set_json(handle, name, encode(json.dumps(value))))


def _get_audit_entries(handle, name) -> List[dict]:
    """cb4_updated / cb6_updated's audit entries: one dict per change the configuration backend
    announced (object_type, object_id, modification_type, modification_time, revision_id,
    log_message), oldest first."""
    entries = json.loads(text_result(lib.pykea_handle_get_audit_entries(handle, name, scratch.text),
                                     scratch.text))
    for entry in entries:
        entry["modification_time"] = datetime.datetime.fromisoformat(entry["modification_time"])
    return entries


def _get_option(handle, name):
    out = scratch.option
    check(lib.pykea_handle_get_option(handle, name, out))
    return Option._from_handle(out[0]) if out[0] != ffi.NULL else None


_ACCESSORS: Dict[str, tuple] = {
    "pkt4": _packet_accessors(lib.pykea_handle_get_pkt4, lib.pykea_handle_set_pkt4, Pkt4),
    "pkt6": _packet_accessors(lib.pykea_handle_get_pkt6, lib.pykea_handle_set_pkt6, Pkt6),
    "lease4": _lease_accessors(lib.pykea_handle_get_lease4, lib.pykea_handle_set_lease4, Lease4),
    "lease6": _lease_accessors(lib.pykea_handle_get_lease6, lib.pykea_handle_set_lease6, Lease6),
    "lease4_collection": (_lease_collection_getter(lib.pykea_handle_get_lease4_list), None),
    "lease6_collection": (_lease_collection_getter(lib.pykea_handle_get_lease6_list), None),
    "option": (_get_option, None),
    "bool": (_get_bool, _set_bool),
    "uint32": (_get_uint32, _set_uint32),
    "string": (_get_string, _set_string),
    "bytes": (_get_bytes, _set_bytes),
    "id_type": (_get_id_type, _set_id_type),
    "hwaddr": (_get_hwaddr, None),
    "client_id": (_get_client_id, None),
    "element": (_get_element, _set_element),
    "io_service": (_parking.get_io_service, None),
    "subnet4": (config.get_subnet4, config.set_subnet4),
    "subnet6": (config.get_subnet6, config.set_subnet6),
    "subnet4_collection": (config.get_subnet4_collection, None),
    "subnet6_collection": (config.get_subnet6_collection, None),
    "srv_config": (config.get_server_config, None),
    "network_state": (config.get_network_state, None),
    "ddns_params": (config.get_ddns_params, None),
    "address": (config.get_address, None),
    "host": (host_argument, None),
    "audit_entries": (_get_audit_entries, None),
}


class _ArgumentAccess:
    __slots__ = ("name", "encoded", "argument", "get", "set", "frame_index", "frame_wrapper",
                 "frame_packet")
    frame_wrapper: Any      # with a frame_index: the class wrapping the argument (Pkt4, ...)
    frame_packet: Any       # and whether it is a packet; None otherwise

    def __init__(self, argument: _hooks.Argument, frame_index: int) -> None:
        self.name = argument.name
        self.encoded = encode(argument.name)
        self.argument = argument
        self.get, self.set = _ACCESSORS.get(argument.kind, (None, None))
        self.frame_index = frame_index      # -1: not read through the callout frame
        self.frame_wrapper = self.frame_packet = None
        if frame_index >= 0:
            _, self.frame_wrapper, self.frame_packet = _frame.KINDS[argument.kind]


class HookAccess:
    """How to read and write the arguments of one hook point, for the running Kea version."""

    __slots__ = ("name", "point", "arguments", "frame_arguments")

    def __init__(self, point: _hooks.HookPoint) -> None:
        self.name = point.name
        self.point = point
        framed = [a for a in point.arguments if a.kind in _frame.KINDS][:_frame.SIZE]
        index = {a.name: i for i, a in enumerate(framed)}
        self.arguments = {a.name: _ArgumentAccess(a, index.get(a.name, -1))
                          for a in point.arguments}
        # What the native callout slot reads into the frame: "name:kind,..."
        self.frame_arguments = ",".join(f"{a.name}:{_frame.KINDS[a.kind][0]}" for a in framed)


class CalloutHandle:
    """What Kea passes to a callout: the hook point's arguments, the next-step status and a
    per-request context. Valid only during the callout that received it.

    ``handle["query4"]`` reads an argument with its Python type (Pkt4, Lease4, bool, ...);
    ``handle["lease4"] = lease`` writes one back where Kea reads it after the callouts;
    ``handle.status = NextStep.DROP`` tells Kea what to do next.
    """

    __slots__ = ("_pointer", "_hook", "_frame")

    def __init__(self, pointer, hook: HookAccess, frame: Optional[_frame.Frame] = None) -> None:
        self._pointer = pointer     # without a frame; NULL once the callout returned
        self._hook = hook
        self._frame = frame         # the callout frame while a native slot runs the callout

    @property
    def _ptr(self):
        """Kea's callout handle, or NULL once the callout returned."""
        frame = self._frame
        return frame.c.handle if frame is not None else self._pointer

    @property
    def hook(self) -> str:
        """The name of the hook point being called."""
        return self._hook.name

    @property
    def status(self) -> NextStep:
        """What Kea does after this hook point's callouts (CONTINUE unless a callout set it)."""
        out = scratch.int
        check(lib.pykea_handle_get_status(self._ptr, out))
        return NextStep(out[0])

    @status.setter
    def status(self, value: NextStep) -> None:
        check(lib.pykea_handle_set_status(self._ptr, int(value)))

    def _access(self, name: str) -> _ArgumentAccess:
        access = self._hook.arguments.get(name)
        if access is None:
            known = ", ".join(self._hook.arguments) or "none"
            raise NotFoundError(f"{self._hook.name} has no argument {name!r} with this Kea "
                                f"(its arguments: {known})")
        return access

    def __getitem__(self, name: str) -> Any:
        access = self._hook.arguments.get(name)
        if access is not None:
            frame = self._frame
            index = access.frame_index
            if frame is not None and index >= 0:
                found = frame.lent[index]       # emptied when the argument is replaced
                if found is not None:
                    return found
                if not frame.flags[_REPLACED] >> index & 1:
                    return frame.argument(index, access.frame_wrapper, access.frame_packet)
            if access.get is not None:
                return access.get(self._ptr, access.encoded)
        access = self._access(name)
        if access.get is None:
            raise UnsupportedError(f"argument {name!r} ({access.argument.cxx_type}) of "
                                   f"{self._hook.name} is not reachable from Python in this pykea yet")
        return access.get(self._ptr, access.encoded)

    def get(self, name: str, default: Any = None) -> Any:
        """The argument, or ``default`` if this hook point (or this call) does not pass it."""
        try:
            return self[name]
        except NotFoundError:
            return default

    def __setitem__(self, name: str, value: Any) -> None:
        access = self._access(name)
        if access.argument.direction == _hooks.IN:
            raise WrongTypeError(f"Kea does not read {self._hook.name}'s argument {name!r} back; "
                                 "change the object it refers to instead")
        if access.set is None:
            raise UnsupportedError(f"argument {name!r} ({access.argument.cxx_type}) of "
                                   f"{self._hook.name} cannot be set from Python in this pykea yet")
        access.set(self._ptr, access.encoded, value)
        if self._frame is not None and access.frame_index >= 0:
            self._frame.replace(access.frame_index)

    def park(self) -> "_parking.Parked":
        """Parks this callout's packet: Kea holds it (no response yet) until the returned
        Parked object's ``unpark()`` or ``drop()``, which any thread may call. Only at hook
        points that honour PARK with this Kea (see pykea.parking); read what the work needs
        from the handle first, as the handle is valid only during the callout."""
        return _parking.park(self)

    def argument_names(self) -> List[str]:
        """The names of the arguments Kea passed in this call."""
        text = text_result(lib.pykea_handle_argument_names(self._ptr, scratch.text), scratch.text)
        return text.split("\n") if text else []

    @property
    def context(self) -> dict:
        """A dict that lives as long as Kea's handle for this request: from buffer4_receive to
        pkt4_send for a packet. Any Python object may be kept in it; Kea's destruction of the
        handle releases it.

        Kea keeps the handle inside the request's packet, so do not keep that packet (or an
        object taken from it, such as one of its options) in the context: the packet would
        then hold itself alive and never be freed. Keep plain values (its transid, an
        address, a string) instead."""
        out = scratch.u64
        status = lib.pykea_handle_get_context_token(self._ptr, out)
        if status == 0:
            context = _contexts.get(out[0])
            if context is not None:
                return context
        elif status != lib.PYKEA_NOT_FOUND:
            raise_error(status)
        token = next(_tokens)
        context = _contexts[token] = {}
        status = lib.pykea_handle_set_context_token(self._ptr, token)
        if status:
            del _contexts[token]
            raise_error(status)
        return context

    def __repr__(self) -> str:
        return f"<CalloutHandle {self._hook.name}>"


class LibraryHandle:
    """What Kea lends to load(): the hook's parameters, and registration of callouts and
    control-command handlers. Valid only during load()."""

    def __init__(self, pointer, registrar) -> None:
        self._ptr = pointer
        self._registrar = registrar
        self.parameters: Dict[str, Any] = json.loads(
            text_result(lib.pykea_library_parameters(pointer, scratch.text), scratch.text))

    def register_callout(self, hook: str, function: Callable[[CalloutHandle], Optional[int]]) -> None:
        """Calls ``function(handle)`` at hook point ``hook`` (in addition to module functions
        named after hook points, which pykea registers by itself)."""
        self._registrar.register_callout(self._ptr, hook, function)

    def deregister_callout(self, hook: str, function: Callable) -> bool:
        """Stops calling ``function`` at ``hook``; False if it was not registered there."""
        return self._registrar.deregister_callout(self._ptr, hook, function)

    def register_command(self, command: str, handler: Callable[[Any], Any]) -> None:
        """Makes ``handler(arguments)`` answer the control command ``command``.

        The handler gets the command's arguments as Python data (or None). It returns None
        (success), Python data (success with those arguments), or a dict with a "result" key
        (the whole response). An exception answers result 1 with its text."""
        self._registrar.register_command(self._ptr, command, handler)

"""Kea's hooks framework in this process, for testing hook modules without a server.

This is not a mock: the calls go to Kea's own HooksManager, which loads pykea's hook library
(and through it the module under test) exactly as kea-dhcp4 does, creates callout handles and
calls the callouts::

    kea = KeaHooks(server=4)
    kea.load("myhook.py", answer=42)
    handle = kea.handle()
    handle.set("pkt4_receive", "query4", Pkt4(MessageType.DISCOVER, 1))
    assert handle.call("pkt4_receive") == NextStep.CONTINUE
"""

from __future__ import annotations

import atexit
import json
import os
from typing import Any, Dict, List, Optional

from . import _bindings, hooks as _hooks
from ._bindings import check, encode, ffi, lib, scratch, text_result
from .handle import CalloutHandle, HookAccess, NextStep
from .features import kea_hooks_version

_initialised_server: Optional[int] = None
_unload_at_exit = False


class KeaHooks:
    """Kea's HooksManager with the hook points of kea-dhcp<server> registered.

    Kea's own logger writes to stderr at ``severity`` ("DEBUG", "INFO", ...) and ``debug_level``;
    the first KeaHooks of a process sets them."""

    def __init__(self, server: int = 4, severity: str = "INFO", debug_level: int = 0) -> None:
        global _initialised_server
        if _initialised_server not in (None, server):
            raise RuntimeError("one process can act as kea-dhcp4 or kea-dhcp6, not both")
        self.server: int = server   #: 4 or 6
        self.version: int = kea_hooks_version()     #: Kea's KEA_HOOKS_VERSION
        #: the hook points of kea-dhcp<server> by name (pykea.hooks.HookPoint)
        self.points: Dict[str, _hooks.HookPoint] = _hooks.hook_points(server, self.version)
        if _initialised_server is None:
            # Kea's logger otherwise wants a lock file under /run/kea.
            os.environ.setdefault("KEA_LOCKFILE_DIR", "none")
            level = getattr(lib, f"PYKEA_LOG_{severity.upper()}")
            check(lib.pykea_testing_init(encode(f"kea-dhcp{server}"), level, debug_level,
                                         encode("\n".join(self.points))))
            _initialised_server = server

    def load(self, module: str, multi_threading: bool = True, **parameters: Any) -> None:
        """Loads pykea's hook library with ``module`` and these parameters (dashes for '_')."""
        parameters = {k.replace("_", "-"): v for k, v in parameters.items()}
        parameters["module"] = module
        self.load_libraries([{"library": library_file(), "parameters": parameters}],
                            multi_threading)

    def load_libraries(self, libraries: List[Dict[str, Any]], multi_threading: bool = True) -> None:
        """Loads hook libraries as the "hooks-libraries" list of Kea's configuration names them
        ({"library": path, "parameters": {...}}), replacing those loaded before."""
        check(lib.pykea_testing_load(encode(json.dumps(libraries)), int(multi_threading)))
        global _unload_at_exit
        if not _unload_at_exit:
            # Unload while Python still runs, not in Kea's static teardown after it.
            atexit.register(lib.pykea_testing_unload)
            _unload_at_exit = True

    def unload(self) -> None:
        """Unloads the hook libraries (each one's unload() runs)."""
        check(lib.pykea_testing_unload())

    def handle(self) -> "TestingHandle":
        """A new callout handle, as Kea makes one per packet."""
        out = ffi.new("pykea_testing_handle **")
        check(lib.pykea_testing_handle_new(out))
        return TestingHandle(ffi.gc(out[0], lib.pykea_testing_handle_free), self.points)

    def command(self, command: str, arguments: Any = None) -> Dict[str, Any]:
        """Sends a control command to the hook's handlers; returns Kea's response."""
        request: Dict[str, Any] = {"command": command}
        if arguments is not None:
            request["arguments"] = arguments
        out = scratch.text
        return json.loads(text_result(lib.pykea_testing_command(encode(json.dumps(request)), out),
                                      out))


class TestingHandle:
    """A callout handle made by Kea's HooksManager; set arguments, then call a hook point."""

    __test__ = False    # not a pytest class

    def __init__(self, pointer, points) -> None:
        self._ptr = pointer
        self._points = points

    def callout_handle(self, hook: str) -> CalloutHandle:
        """This handle as the CalloutHandle a callout at ``hook`` gets."""
        out = ffi.new("pykea_callout_handle **")
        check(lib.pykea_testing_handle_get(self._ptr, out))
        return CalloutHandle(out[0], HookAccess(self._points[hook]))

    def set(self, hook: str, name: str, value: Any) -> None:
        """Sets an argument as Kea passes it at ``hook`` (whatever its direction)."""
        handle = self.callout_handle(hook)
        access = handle._access(name)
        access.set(handle._ptr, access.encoded, value)

    def get(self, hook: str, name: str) -> Any:
        """Argument ``name`` as a callout at ``hook`` reads it."""
        return self.callout_handle(hook)[name]

    def call(self, hook: str) -> NextStep:
        """Runs the callouts of ``hook`` (status reset to CONTINUE first); returns the status."""
        check(lib.pykea_testing_call(encode(hook), self._ptr))
        return self.callout_handle(hook).status


def library_file() -> str:
    """The pykea library file loaded in this process (what a kea.conf entry names)."""
    from .features import library_path
    return library_path()

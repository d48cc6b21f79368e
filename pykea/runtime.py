"""What the C hook enters: ``_kea_load`` from Kea's load() and ``_kea_unload`` from unload().

Loading reads the hook parameters, checks every piece of Python code it is asked to load against
pykea.trust (the allowed directories and their owners), imports the user's module from its file
(or by name, through the checked ``python-path``), runs its ``load(handle)`` and registers each
module-level function named after a hook point of this server and Kea version as a callout.

What a callout may return (docs/security.md, "Return values"):

- ``None``, or the int 0 (a C++ callout's success): Kea goes on with the status unchanged;
- a ``NextStep`` member: the handle's status is set to it, as ``handle.status = ...`` would;
- anything else (``True``, ``-1``, ``"drop"``...) is an error, like an exception.

An error is logged once, with the callout's name and the traceback, and then: with ``on-error``
"drop" (the default) the packet is dropped; with "continue" Kea goes on. At
``dhcp4_srv_configured``/``dhcp6_srv_configured`` "drop" means what DROP means there to Kea: the
configuration is refused, with the error as Kea's reason (at start-up Kea then exits; a
``config-set`` or ``config-reload`` fails and Kea keeps the configuration it had).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import inspect
import logging
import os
import sys
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

from . import hooks as _hooks
from . import log as _log
from . import frame as _frame
from . import parking as _parking
from . import trust as _trust
from . import compat as _compat
from ._bindings import check, encode, ffi, lib, scratch
from .errors import CalloutError, InvalidArgumentError
from .features import kea_hooks_version
from .handle import CalloutHandle, HookAccess, LibraryHandle, NextStep

logger = logging.getLogger("pykea")

ON_ERROR_CHOICES = ("drop", "continue")
OWN_PARAMETERS = ("module", "libpython", "virtualenv", "python-path", "on-error", "compat")


class Settings:
    """pykea's own hook parameters; the user's module sees all of them."""

    def __init__(self, parameters: Dict[str, Any]) -> None:
        module = _string(parameters, "module", None)
        if not module:
            raise InvalidArgumentError(
                "hook parameter 'module' is missing: set it to a Python file (/etc/kea/hook.py) "
                "or an importable module name (mypackage.hook)")
        self.module: str = module
        # "compat": another project's API as a module of its own name (pykea.compat). Under
        # kea_python's, a callout that raises is logged and Kea goes on, as kea_python did.
        self.compat = _compat.check_choice(parameters)
        self.on_error = _string(parameters, "on-error", "continue" if self.compat else "drop")
        if self.on_error not in ON_ERROR_CHOICES:
            raise InvalidArgumentError(
                f"hook parameter 'on-error' is {self.on_error!r}: use \"drop\" or \"continue\"")
        python_path = parameters.get("python-path", [])
        if isinstance(python_path, str):
            python_path = [python_path]
        if not isinstance(python_path, list) or not all(isinstance(p, str) for p in python_path):
            raise InvalidArgumentError(
                "hook parameter 'python-path' must be a list of directory names")
        self.python_path: List[str] = python_path
        self.virtualenv = _string(parameters, "virtualenv", None)


def _string(parameters: Dict[str, Any], name: str, default: Optional[str]) -> Optional[str]:
    value = parameters.get(name, default)
    if value is not None and not isinstance(value, str):
        raise InvalidArgumentError(f"hook parameter {name!r} must be a string, not {value!r}")
    return value


def server_kind() -> int:
    """4 in kea-dhcp4, 6 in kea-dhcp6, by the hook points the server registered."""
    out = scratch.int
    for server in (4, 6):
        check(lib.pykea_hook_exists(encode(f"pkt{server}_receive"), out))
        if out[0]:
            return server
    raise InvalidArgumentError("this process registered neither pkt4_receive nor pkt6_receive: "
                               "pykea runs inside kea-dhcp4 or kea-dhcp6")


def hook_exists(name: str) -> bool:
    out = scratch.int
    check(lib.pykea_hook_exists(encode(name), out))
    return bool(out[0])


NULL = ffi.NULL

# ---- callouts ----------------------------------------------------------------------------------

def _last_resort(exception, value, traceback) -> None:
    # Reached only if the guard itself failed (for example MemoryError while logging).
    try:
        logger.critical("pykea callout guard failed", exc_info=(exception, value, traceback),
                        extra=_log.message("PYKEA_RUNTIME_ERROR"))
    except BaseException:
        pass


def make_callout(function: Callable, access: HookAccess, drop_on_error: bool):
    """What a native callout slot runs: (the callable it calls with the frame's CalloutHandle,
    and finish(frame, result, exception, kept), which it calls only when the call raised,
    returned something other than None, or kept an object past its return; see
    pykea_library_register_python_callout in pykea.h). finish never raises: a failure is logged
    and becomes the on-error step."""
    where = f"{getattr(function, '__module__', '?')}.{getattr(function, '__qualname__', function)}"
    call = function
    if inspect.iscoroutinefunction(function):
        def call(handle):   # the packet is parked while the coroutine runs (pykea.parking)
            _parking.start_coroutine(function, handle, drop_on_error, where)

    def finish(frame, result, exception, kept: int) -> None:
        handle = frame.handles[0]
        if exception is not None:
            _callout_failed(handle._ptr, where, access.name, drop_on_error, exception)
        elif result is not None and not (type(result) is int and result == 0):
            try:
                _apply_result(handle, result)
            except BaseException as error:
                _callout_failed(handle._ptr, where, access.name, drop_on_error, error)
        if kept:
            frame.end(kept)

    return call, finish


def _new_frame_handle(frame: _frame.Frame) -> CalloutHandle:
    # The native slot sets the handle's _hook before each callout.
    return CalloutHandle(NULL, None, frame)  # type: ignore[arg-type]


def _apply_result(handle: CalloutHandle, result: Any) -> None:
    if isinstance(result, NextStep):
        handle.status = result
        return
    raise CalloutError(f"returned {type(result).__name__} {result!r}; a callout returns "
                       "None (status unchanged) or a NextStep (the status to set)")


class RegisteredCallout(NamedTuple):
    """A Python callout in a native slot: retired at unload (the slot then holds no Python
    function), given back at the next load, once Kea cannot call it."""
    slot: int
    call: Callable
    access: HookAccess
    finish: Callable

    def retire(self) -> "RetiredCallout":
        check(lib.pykea_callout_slot_retire(self.slot))
        return RetiredCallout(self.slot, self.access, self.finish)


class RetiredCallout(NamedTuple):
    """What a retired slot still points to until it is given back: neither refers to the
    user's module."""
    slot: int
    access: HookAccess
    finish: Callable


CONFIGURED_HOOKS = ("dhcp4_srv_configured", "dhcp6_srv_configured")


def _callout_failed(pointer, where: str, hook: str, drop: bool, error: BaseException) -> None:
    configured = hook in CONFIGURED_HOOKS
    if drop:
        lib.pykea_handle_set_status(pointer, NextStep.DROP)
        if configured:      # Kea gives this text as its reason for refusing the configuration
            reason = f"pykea: {where} failed: {type(error).__name__}: {error}"
            lib.pykea_handle_set_string(pointer, b"error", encode(reason))
    if configured:
        outcome = ("the configuration is refused (on-error: drop)" if drop
                   else "the configuration is kept (on-error: continue)")
    else:
        outcome = "the packet is dropped" if drop else "processing continues (on-error: continue)"
    logger.error("callout %s at %s failed; %s", where, hook, outcome, exc_info=error,
                 extra=_log.message("PYKEA_CALLOUT_RAISED"))


class CommandCallback:
    """A cffi callback answering control command ``command`` with ``handler(arguments)``
    (``callback``, given to Kea). ``retire()`` at unload lets go of the handler, and with it the
    module; the callback itself is kept until the next load, as Kea may hold it until then."""

    def __init__(self, handler: Callable, command: str) -> None:
        self.handler: Optional[Callable] = handler
        self.callback = _command_callback(self, command)

    def retire(self) -> None:
        self.handler = None


def _command_callback(owner: CommandCallback, command: str):
    access = HookAccess(_hooks.command_hook_point(command))

    def callout(pointer) -> int:
        handle = CalloutHandle(pointer, access)
        try:
            request = handle["command"]
            arguments = request.get("arguments") if isinstance(request, dict) else None
            handler = owner.handler
            try:
                if handler is None:
                    raise CalloutError(f"{command} was sent after its module was unloaded")
                response = command_response(handler(arguments))
            except Exception as error:
                logger.error("command handler for %s failed", command, exc_info=True,
                             extra=_log.message("PYKEA_COMMAND_FAILED"))
                response = {"result": 1, "text": f"{type(error).__name__}: {error}"}
            handle["response"] = response
            return 0
        except BaseException:
            logger.critical("command %s could not be answered", command, exc_info=True,
                            extra=_log.message("PYKEA_COMMAND_FAILED"))
            return 1
        finally:
            handle._pointer = NULL

    return ffi.callback("pykea_callout_fn", callout, error=1, onerror=_last_resort)


def command_response(result: Any) -> Dict[str, Any]:
    """A Kea response map from what a command handler returned."""
    import json
    if isinstance(result, dict) and "result" in result:
        response = result
    elif result is None:
        response = {"result": 0, "text": "success"}
    else:
        response = {"result": 0, "text": "success", "arguments": result}
    json.dumps(response)    # a handler returning something JSON cannot carry fails here
    return response


# ---- the loaded hook ---------------------------------------------------------------------------

class LoadedHook:
    """The user's module as loaded into Kea: its callbacks and what unload() must undo."""

    def __init__(self, settings: Settings, server: int, version: int) -> None:
        self.settings = settings
        self.server = server
        self.version = version
        self.points = _hooks.hook_points(server, version)
        self.module: Any = None
        self.module_name: Optional[str] = None
        self.compat = _compat.layer(settings.compat)
        self.added_paths: List[str] = []
        self.callbacks: Dict[Tuple[str, Any], Any] = {}
        # Callouts registered twice: Kea calls both, so the first registration is kept too.
        self.replaced: List[RegisteredCallout] = []
        self.callouts: List[str] = []
        self.commands: List[str] = []

    # -- registration, also used by LibraryHandle --------------------------------------------
    def register_callout(self, library, hook: str, function: Callable) -> None:
        point = self.points.get(hook)
        if point is None:
            where = f"kea-dhcp{self.server} (KEA_HOOKS_VERSION {self.version})"
            hint = _hooks.one_edit_away(hook, self.points)
            raise InvalidArgumentError(f"{hook!r} is not a hook point of {where}"
                                       + (f"; did you mean {hint}?" if hint else ""))
        if inspect.iscoroutinefunction(function) and "PARK" not in point.statuses:
            raise InvalidArgumentError(f"async def {getattr(function, '__qualname__', function)} "
                                       f"needs a hook point that honours PARK: {_parking.not_parkable(point, self.version)}")
        access = HookAccess(point)
        target = self.compat.callout(function) if self.compat else function
        call, finish = make_callout(target, access, self.settings.on_error == "drop")
        slot = scratch.int
        status = lib.pykea_library_register_python_callout(
            library, encode(hook), id(call), id(access), id(finish),
            encode(access.frame_arguments), slot)
        if status == lib.PYKEA_NOT_FOUND:
            raise InvalidArgumentError(f"cannot register {hook}: every native callout slot is in "
                                       "use (a hook registers one per callout)")
        check(status)
        callback = RegisteredCallout(slot[0], call, access, finish)
        if (hook, function) in self.callbacks:
            self.replaced.append(self.callbacks[(hook, function)])
        self.callbacks[(hook, function)] = callback
        self.callouts.append(hook)

    def deregister_callout(self, library, hook: str, function: Callable) -> bool:
        callback = self.callbacks.get((hook, function))
        if callback is None:
            return False
        out = scratch.int
        check(lib.pykea_library_deregister_python_callout(library, encode(hook), callback.slot, out))
        return bool(out[0])     # the slot stays taken until the next load: Kea may hold it

    def register_command(self, library, command: str, handler: Callable) -> None:
        callback = CommandCallback(handler, command)
        check(lib.pykea_library_register_command(library, encode(command), callback.callback))
        self.callbacks[("$" + command, handler)] = callback
        self.commands.append(command)

    # -- load and unload -----------------------------------------------------------------------
    def load(self, library_pointer) -> int:
        code = check_settings(self.settings, code_policy())   # Kea's validation ran it too
        if code.site_packages:
            _add_virtualenv(code.site_packages)
        for path in reversed(code.python_path):
            self._add_path(path)
        if self.compat:
            self.compat.install()
        self.module = self._import(code)
        handle = LibraryHandle(library_pointer, self)
        if self.compat:
            handle = self.compat.library_handle(handle)
        user_load = getattr(self.module, "load", None)
        if callable(user_load):
            result = user_load(handle)
            if result not in (None, 0):
                logger.error("%s.load() returned %r: the hook library is not loaded",
                             self.module_name, result, extra=_log.message("PYKEA_HOOK_LOAD_FAILED"))
                return 1
        self._register_module_functions(library_pointer)
        _parking.load(library_pointer)
        logger.info("loaded %s (%s): callouts %s; commands %s", self.module_name,
                    getattr(self.module, "__file__", "?"), ", ".join(self.callouts) or "none",
                    ", ".join(self.commands) or "none", extra=_log.message("PYKEA_HOOK_LOADED"))
        return 0

    def _register_module_functions(self, library_pointer) -> None:
        other = _hooks.hook_points(10 - self.server, self.version)
        for name, value in sorted(vars(self.module).items()):
            if not callable(value) or name.startswith("_") or name in ("load", "unload"):
                continue
            if (name, value) in self.callbacks:
                continue        # load() registered it there already
            if name in self.points and hook_exists(name):
                self.register_callout(library_pointer, name, value)
            elif name in other:
                logger.warning("%s.%s is a kea-dhcp%d hook point; this is kea-dhcp%d, so it is not "
                               "called", self.module_name, name, 10 - self.server, self.server,
                               extra=_log.message("PYKEA_NAME_NOT_A_HOOK"))
            elif _hooks.hook_point(name):
                logger.warning("%s.%s is not a hook point of this Kea (KEA_HOOKS_VERSION %d), so it "
                               "is not called", self.module_name, name, self.version,
                               extra=_log.message("PYKEA_NAME_NOT_A_HOOK"))
            else:
                near = _hooks.one_edit_away(name, self.points)
                if near:
                    logger.warning("%s.%s is not a hook point and is not called; did you mean %s?",
                                   self.module_name, name, near,
                                   extra=_log.message("PYKEA_NAME_NOT_A_HOOK"))

    def _import(self, code: "CheckedCode"):
        path = code.module_file
        if path:
            name = os.path.splitext(os.path.basename(path))[0]
            # From its file: its directory is not put on sys.path (its sibling modules are
            # imported through 'python-path', which the policy checks).
            spec = importlib.util.spec_from_file_location(name, path)
            # A file whose name Python has no loader for gives no spec, and fails here.
            module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
            sys.modules[name] = module
            self.module_name = name
            try:
                spec.loader.exec_module(module)  # type: ignore[union-attr]
            except BaseException:
                sys.modules.pop(name, None)
                raise
            return module
        self.module_name = self.settings.module
        return importlib.import_module(self.settings.module)

    def _add_path(self, path: str) -> None:
        if path not in sys.path:
            sys.path.insert(0, path)
            self.added_paths.append(path)

    def unload(self) -> int:
        result = 0
        user_unload = getattr(self.module, "unload", None)
        if callable(user_unload):
            try:
                if user_unload() not in (None, 0):
                    result = 1
            except BaseException:
                logger.error("%s.unload() failed", self.module_name, exc_info=True,
                             extra=_log.message("PYKEA_HOOK_UNLOAD_FAILED"))
                result = 1
        if self.module_name:
            sys.modules.pop(self.module_name, None)
        if self.compat:
            self.compat.uninstall()
        for path in self.added_paths:
            if path in sys.path:
                sys.path.remove(path)
        self.module = None
        logger.info("%s unloaded", self.module_name, extra=_log.message("PYKEA_HOOK_UNLOADED"))
        return result

    def retire_callbacks(self) -> None:
        """Kea removes this load's callouts and command handlers once unload() returns: they
        let go of the module's functions now, so that the module, and the Kea objects only it
        keeps, are freed at unload while every hook library is still loaded."""
        for callback in [*self.callbacks.values(), *self.replaced]:
            if isinstance(callback, RegisteredCallout):
                _retired.append(callback.retire())
            else:
                callback.retire()
                _retired.append(callback)
        self.callbacks.clear()
        self.replaced.clear()


def _python_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


_added_site_dirs: List[str] = []


def _add_virtualenv(site_packages: str) -> None:
    """Its site-packages (and .pth files), once per process: like the interpreter's own site
    directories, it stays for later loads."""
    if site_packages not in _added_site_dirs:
        import site
        site.addsitedir(site_packages)
        _added_site_dirs.append(site_packages)


_policy: Optional[_trust.CodePolicy] = None


def code_policy() -> _trust.CodePolicy:
    """The allowed directories as this process started (the build's default and
    $PYKEA_ALLOWED_DIRS, read at the first load and kept): a reconfiguration cannot widen it."""
    global _policy
    if _policy is None:
        _policy = _trust.CodePolicy.for_process()
    return _policy


_loaded: Optional[LoadedHook] = None
# Callbacks of the previous load, retired: Kea removes them after unload() returns, so their
# slots and cffi callbacks are given back only at the next load.
_retired: List[Any] = []


class CheckedCode(NamedTuple):
    """What check_settings accepted, resolved: what load() then puts on the path and imports."""
    python_path: List[str]          # the entries, symlinks resolved
    site_packages: Optional[str]    # the virtualenv's, if one is given
    module_file: Optional[str]      # the module's file; None for a dotted name


def check_settings(settings: Settings, policy: "_trust.CodePolicy") -> CheckedCode:
    """Every piece of code ``settings`` would load, checked against ``policy`` without running
    any of it; raises UntrustedCodeError (or InvalidArgumentError) naming what is refused."""
    python_path = [policy.check_code_directory("python-path entry", path)
                   for path in settings.python_path]
    site_packages = (policy.check_virtualenv(settings.virtualenv, _python_version())
                     if settings.virtualenv else None)
    target = settings.module
    if settings.compat and os.sep in target and not target.endswith(".py"):
        target += ".py"     # kea_python takes the file's name without .py too
    if target.endswith(".py") or os.sep in target:
        path = os.path.abspath(target)
        if not os.path.isfile(path):
            raise InvalidArgumentError(f"hook parameter 'module': no file {path}")
        module_file = policy.check_module_file(path)
        if settings.compat:
            # kea_python puts the module's directory on sys.path (for its sibling modules).
            python_path = [policy.check_code_directory(
                "the module's directory (which \"compat\" puts on sys.path)",
                os.path.dirname(module_file))] + python_path
        return CheckedCode(python_path, site_packages, module_file)
    # Where the import will look once load() has added them: python-path in front, the
    # virtualenv's site-packages after the interpreter's own path (site.addsitedir appends).
    search = python_path + sys.path + ([site_packages] if site_packages else [])
    policy.check_module_name(target, search)
    return CheckedCode(python_path, site_packages, None)


def _kea_check(parameters_json: str) -> int:
    """Called by the C hook's version() while Kea validates a configuration, before it loads
    anything: raises (and so makes Kea refuse the configuration) if pykea would refuse to load
    what the parameters name. Runs none of the user's code."""
    import json
    _log.install()
    parameters = json.loads(parameters_json)
    if not isinstance(parameters, dict):
        raise InvalidArgumentError("the pykea entry's 'parameters' must be a map")
    check_settings(Settings(parameters), code_policy())
    return 0


def _kea_load(library_address: int) -> int:
    """Called by the C hook's load(); never raises."""
    global _loaded
    try:
        _release_retired()
        _frame.install(_new_frame_handle)
        library = ffi.cast("pykea_library_handle *", library_address)
        _log.install()
        parameters = LibraryHandle(library, None).parameters
        hook = LoadedHook(Settings(parameters), server_kind(), kea_hooks_version())
        _loaded = hook
        result = hook.load(library)
        if result:
            _kea_unload()
        return result
    except _trust.UntrustedCodeError as error:
        logger.error("pykea refused to load Python code: %s", error,
                     extra=_log.message("PYKEA_CODE_UNTRUSTED"))
        _unload_quietly()
        return 1
    except BaseException:
        logger.error("pykea could not load the hook module", exc_info=True,
                     extra=_log.message("PYKEA_HOOK_LOAD_FAILED"))
        _unload_quietly()
        return 1


def _release_retired() -> None:
    """Kea deregistered the previous load's callouts: their slots and callbacks can go."""
    for callback in _retired:
        if isinstance(callback, RetiredCallout):
            check(lib.pykea_callout_slot_free(callback.slot))
    _retired.clear()


def _unload_quietly() -> None:
    try:
        _kea_unload()
    except BaseException:
        pass


def _kea_unload() -> int:
    """Called by the C hook's unload(); never raises. Afterwards no Python object holds Kea
    memory: the module goes, with the Kea objects only it referenced, while every hook library
    is still loaded (Kea closes them after every unload()); handles still referenced from
    elsewhere are detached, because a packet keeps Kea's callout handle, which keeps Kea from
    closing its hook libraries, and another library's object may outlive its code."""
    global _loaded
    try:
        hook, _loaded = _loaded, None
        result = 0
        if hook is not None:
            result = hook.unload()
            hook.retire_callbacks()
        try:
            _parking.unload()
        except BaseException:
            logger.error("pykea could not stop parking cleanly", exc_info=True,
                         extra=_log.message("PYKEA_HOOK_UNLOAD_FAILED"))
        gc.collect()
        released = ffi.new("uint64_t *")
        lib.pykea_detach_all(released)
        if released[0]:
            logger.warning("released %d Kea objects still referenced from Python at unload, "
                           "from outside the hook module (another module, a thread, a class "
                           "attribute); using them now raises DetachedError", released[0],
                           extra=_log.message("PYKEA_HOOK_UNLOAD_WARNING"))
        return result
    except BaseException:
        logger.error("pykea could not unload cleanly", exc_info=True,
                     extra=_log.message("PYKEA_HOOK_UNLOAD_FAILED"))
        return 1


def loaded() -> Optional[LoadedHook]:
    """The hook loaded now, if any."""
    return _loaded

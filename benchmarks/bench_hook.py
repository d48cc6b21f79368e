"""The callouts benchmarks/run.py times in-process, through Kea's HooksManager.

By default it registers the same callouts as the native C++ library built from
capi/bench/native_callouts.cc, so that the two compare one to one:

    pkt4_receive   does nothing
    pkt4_send      reads handle["query4"].transid

The hook parameter "callouts" maps hook points to the function to register there instead:
"noop", "transid", "accessors", "bare" (an ffi.callback returning 0, registered through the C API
directly, without pykea's CalloutHandle and error guard: the floor of a callout made the way
pykea makes them) or "extern" (the same as an extern "Python" function of a cffi API-mode module
that benchmarks/run.py compiles; the hook parameter "api-module" names its directory).
"""

import sys as _sys
import types as _types

from pykea._bindings import encode as _encode, ffi as _ffi, lib as _lib, raise_error as _raise_error

DEFAULT_CALLOUTS = {"pkt4_receive": "noop", "pkt4_send": "transid"}


def noop(handle):
    pass


def transid(handle):
    handle["query4"].transid


def accessors(handle):
    query = handle["query4"]
    query.hwaddr
    query.type
    query.transid
    query.options.get(53)


def _bare(pointer):
    return 0


# Kea may hold a bare callback until the library is unloaded and closed, after this module is
# gone: keep them in a module that lives as long as the process.
_keep = _sys.modules.setdefault("pykea_bench_keepalive", _types.ModuleType("pykea_bench_keepalive"))


def _register_bare(library_handle, hook):
    callback = _ffi.callback("pykea_callout_fn", _bare, error=1)
    status = _lib.pykea_library_register_callout(library_handle._ptr, _encode(hook), callback)
    if status:
        _raise_error(status)
    _keep.__dict__.setdefault("callbacks", []).append(callback)


def _register_extern(library_handle, hook, directory):
    if directory not in _sys.path:
        _sys.path.insert(0, directory)
    import _pykea_bench_api as api

    @api.ffi.def_extern(name="pykea_bench_extern_callout", error=1)
    def _extern(pointer):
        return 0

    address = api.ffi.cast("uintptr_t", api.ffi.addressof(api.lib, "pykea_bench_extern_callout"))
    status = _lib.pykea_library_register_callout(library_handle._ptr, _encode(hook),
                                                 _ffi.cast("pykea_callout_fn", int(address)))
    if status:
        _raise_error(status)


def load(handle):
    for hook, name in handle.parameters.get("callouts", DEFAULT_CALLOUTS).items():
        if name == "bare":
            _register_bare(handle, hook)
        elif name == "extern":
            _register_extern(handle, hook, handle.parameters["api-module"])
        else:
            handle.register_callout(hook, globals()[name])

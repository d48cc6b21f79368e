#!/usr/bin/env python3
"""pykea's benchmark: what a Python callout costs Kea. Run it with ``make bench`` (it needs
root, network namespaces, Kea, perfdhcp and perf: everything the Kea root provides).

Part 1, in-process: Kea's real HooksManager (pykea.testing.KeaHooks) calls callouts from a
tight loop, ns per call; Python callouts against the same callouts in C++; pykea's accessors
timed from Python.

Part 2, in a server: kea-dhcp4 in a network namespace under perfdhcp load. Table 4: what one
callout of three hooks costs Kea (CPU time per DORA exchange with the hook minus a paired run
without, per callout counted), native C++ beside pykea, with multi-threading off and at 2 and 4
packet threads; table 5: the saturated throughput without a hook and with a pykea hook; then
perf's view of where Kea's CPU goes with a Python hook loaded (tables 6-7).

See benchmarks/README.md for what each number means. Options: --quick (a short run for
checking the script), --only in-process,in-kea,profile (the parts to run), --no-lab, --no-perf.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
CAPI = os.path.join(os.path.dirname(HERE), "capi")
BENCH_HOOK = os.path.join(HERE, "bench_hook.py")
NOOP_HOOK = os.path.join(HERE, "hooks", "noop_hook.py")
SEND_HOOK = os.path.join(HERE, "hooks", "send_hook.py")
OPTION_HOOK = os.path.join(HERE, "hooks", "option_hook.py")
LEASE_HOOK = os.path.join(HERE, "hooks", "lease_hook.py")
COUNT_HOOK = os.path.join(HERE, "hooks", "count_hook.py")
STEPS_HOOK = os.path.join(HERE, "hooks", "steps_hook.py")
# pykea loads Python code only from allowed directories (docs/security.md): benchmarks/ here.
os.environ.setdefault("PYKEA_ALLOWED_DIRS", HERE)
CALL_LOOP = os.path.join(HERE, "native", "call_loop.cc")

# A hook point no configuration registers a callout at: the baseline of a callCallouts.
EMPTY_HOOK = "lease4_expire"

# perfdhcp acts as a relay (giaddr = its address): the relayed subnet is large enough that the
# pool never runs out whatever the number of simulated clients.
CLIENT_ADDRESS = "192.0.2.2"
RELAYED_SUBNET = {"id": 2, "subnet": "10.0.0.0/16", "relay": {"ip-addresses": [CLIENT_ADDRESS]},
                  "pools": [{"pool": "10.0.0.10 - 10.0.255.250"}]}


# ---- small helpers -----------------------------------------------------------------------------

def run(command: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(list(command), capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n"
                           f"{(done.stdout + done.stderr)[-3000:]}")
    return done


def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
          notes: Sequence[str] = ()) -> None:
    """Prints an aligned table: text columns left-aligned, numbers right-aligned."""
    text_rows = [[cell if isinstance(cell, str) else _number(cell) for cell in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in text_rows)) for i, h in enumerate(headers)]
    numeric = [all(not isinstance(row[i], str) or row[i] in ("", "-") for row in rows)
               for i in range(len(headers))]

    def line(cells):
        return "  ".join(c.rjust(w) if n else c.ljust(w)
                         for c, w, n in zip(cells, widths, numeric)).rstrip()

    print()
    print(title)
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in text_rows:
        print(line(row))
    for note in notes:
        print(f"  {note}")
    sys.stdout.flush()


def _number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


# ---- builds ------------------------------------------------------------------------------------

def build_native(work: str) -> Dict[str, str]:
    """Builds into ``work``: the native C++ callout library (capi's pykea_bench_native target),
    the C loop helper (native/call_loop.cc) and a cffi API-mode module over pykea.h (to compare
    with pykea's ABI mode)."""
    from pykea import _build_info
    build_dir = os.path.join(work, "capi-build")
    run(["cmake", "-S", CAPI, "-B", build_dir, f"-DPYKEA_LIBPYTHON={_build_info.LIBPYTHON}",
         f"-DKEA_PREFIX={_build_info.KEA_PREFIX}"])
    run(["cmake", "--build", build_dir, "--target", "pykea_bench_native"])
    loop = os.path.join(work, "libpykea_bench_loop.so")
    run(["g++", "-O2", "-std=c++17", "-shared", "-fPIC", "-pthread", CALL_LOOP, "-o", loop])
    return {"native": os.path.join(build_dir, "libpykea_bench_native.so"), "loop": loop,
            "api": build_api_module(work, os.path.dirname(_build_info.HOOK_LIBRARY))}


def build_api_module(work: str, library_dir: str) -> str:
    """_pykea_bench_api: pykea.h's declarations compiled in cffi's API mode (out-of-line, direct
    C calls instead of libffi), plus one extern "Python" callout. Returns its directory."""
    import cffi
    with open(os.path.join(CAPI, "include", "pykea.h"), encoding="utf-8") as f:
        header = f.read()
    cdef = re.search(r"/\* PYKEA_CDEF_BEGIN \*/(.*)/\* PYKEA_CDEF_END \*/", header, re.S).group(1)
    builder = cffi.FFI()
    builder.cdef(cdef)
    builder.cdef('extern "Python" int pykea_bench_extern_callout(pykea_callout_handle *);')
    builder.cdef("int abs(int);")
    builder.set_source("_pykea_bench_api", '#include <stdlib.h>\n#include "pykea.h"',
                       include_dirs=[os.path.join(CAPI, "include")], library_dirs=[library_dir],
                       runtime_library_dirs=[library_dir], extra_link_args=["-l:libdhcp_pykea.so"])
    directory = os.path.join(work, "api")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(work, "api-build.log"), "w") as log:
        saved = os.dup(1), os.dup(2)
        try:
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
            builder.compile(tmpdir=directory)
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
    return directory


# ---- part 1: in-process (runs in a child process: Kea's log goes to its stderr) ---------------

# Where each callout is registered in the one configuration timed in-process: the native
# library's callouts are at the hook points its functions are named after, the Python ones at
# other hook points passing query4 (what a call costs does not depend on the hook point).
PYTHON_CALLOUTS = {
    "buffer4_receive": "noop",
    "lease4_select": "transid",
    "lease4_renew": "accessors",
    "lease4_release": "bare",
    "lease4_decline": "extern",
}
DISPATCH_ROWS = [
    # (key, label, hook point)
    ("empty", "no callouts (baseline)", EMPTY_HOOK),
    ("noop", "Python: def callout(handle): pass", "buffer4_receive"),
    ("transid", 'Python: handle["query4"].transid', "lease4_select"),
    ("accessors", "Python: query4 .hwaddr .type .transid .options.get(53)", "lease4_renew"),
    ("bare", "ffi.callback returning 0 (no pykea wrapper)", "lease4_release"),
    ("extern", 'extern "Python" returning 0 (cffi API mode)', "lease4_decline"),
    ("native_noop", "native C++: no-op", "pkt4_receive"),
    ("native_transid", "native C++: query4->getTransid()", "pkt4_send"),
]


class Plain:
    """A plain object with one slot: table 3 compares its attribute load with scratch's."""

    __slots__ = ("int",)

    def __init__(self, value) -> None:
        self.int = value


# What the "caches flushed" column writes between two calls: more than this machine's L2.
THRASH_BYTES = 4 << 20


SEND_ROWS = [
    ("empty", "no callouts (baseline of the row below)", EMPTY_HOOK),
    ("send", "Python: hooks/send_hook.py (lab config 4)", "pkt4_send"),
]


class Interleaved:
    """Measurements taken round-robin, each a window of about ``window_ms``; the result of each
    is its best window. Interleaving spreads the machine's other load evenly over the rows."""

    def __init__(self, window_ms: float, repeat: int) -> None:
        self.window_ns = window_ms * 1e6
        self.repeat = repeat
        self.rows: Dict[str, Any] = {}
        self.counts: Dict[str, int] = {}

    def add(self, key: str, measure, count: Optional[int] = None) -> None:
        """``measure(count)`` returns ns per operation over ``count`` operations; ``count``
        fixes the operations per window (else about ``window_ms`` worth)."""
        self.rows[key] = measure
        if count is not None:
            self.counts[key] = count

    def statement(self, key: str, statement: str, namespace: Dict[str, Any]) -> None:
        timer = timeit.Timer(statement, setup="gc.enable()", timer=time.perf_counter_ns,
                             globals=dict(namespace, gc=__import__("gc")))
        self.add(key, lambda count: timer.timeit(count) / count)

    def run(self) -> Dict[str, float]:
        counts = dict(self.counts)
        for key, measure in self.rows.items():
            if key in counts:
                continue
            per_call = max(measure(200), 1.0)
            counts[key] = int(min(200_000, max(200, self.window_ns / per_call)))
        best = {key: float("inf") for key in self.rows}
        for _ in range(self.repeat):
            for key, measure in self.rows.items():
                best[key] = min(best[key], measure(counts[key]))
        return best


def dispatch_child(options) -> None:
    try:
        measure_dispatch(options)
    except BaseException:
        # A normal exit with a hook library still loaded crashes (see README), which would hide
        # this traceback's exit status.
        import traceback
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)


def measure_dispatch(options) -> None:
    import gc
    import ipaddress

    from pykea import HWAddr, Lease4, MessageType, NextStep, Pkt4
    from pykea._bindings import ffi, lib, scratch
    from pykea.handle import CalloutHandle
    from pykea.testing import KeaHooks

    sys.path.insert(0, options.api)
    import _pykea_bench_api as api

    # At INFO, as a server logs: at DEBUG, every callCallouts formats and writes three lines.
    kea = KeaHooks(server=4, severity="INFO")
    kea.load_libraries([
        {"library": kea_library(), "parameters": {"module": BENCH_HOOK, "callouts": PYTHON_CALLOUTS,
                                                  "api-module": options.api}},
        {"library": options.native, "parameters": {}}])

    def make_query():
        packet = Pkt4(MessageType.DISCOVER, 0x12345678)
        packet.hwaddr = HWAddr.parse("02:00:00:00:00:01")
        return packet

    query = make_query()
    handle = kea.handle()
    handle.set("pkt4_receive", "query4", query)
    for _, label, hook in DISPATCH_ROWS:
        status = handle.call(hook)
        if status != NextStep.CONTINUE:
            raise RuntimeError(f"{label} at {hook} gave {status!r}: a callout failed (see the log)")

    loop = ctypes.CDLL(options.loop)
    for name in ("pykea_bench_loop_here", "pykea_bench_loop_in_new_thread",
                 "pykea_bench_loop_cold"):
        function = getattr(loop, name)
        function.restype = ctypes.c_double
        function.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_long,
                             ctypes.POINTER(ctypes.c_int)]
    loop.pykea_bench_loop_cold.argtypes = [*loop.pykea_bench_loop_cold.argtypes, ctypes.c_long]
    testing_call = int(ffi.cast("uintptr_t", ffi.addressof(lib, "pykea_testing_call")))
    loop_status = ctypes.c_int(0)

    def add_dispatch(bench, handle, rows, prefix=""):
        """Times pykea_testing_call at each hook point from a Python loop, a C loop, a C loop
        in a new thread and a C loop flushing the caches between calls."""
        address = int(ffi.cast("uintptr_t", handle._ptr))

        def c_loop(function, hook, *extra):
            def measure(count):
                result = function(testing_call, hook, address, count, ctypes.byref(loop_status),
                                  *extra)
                if loop_status.value:
                    raise RuntimeError(f"pykea_testing_call({hook.decode()}) failed in a C loop")
                return result
            return measure

        for key, _, hook in rows:
            name = hook.encode()
            bench.statement(f"py:{prefix}{key}", "call(name, handle)",
                            {"call": lib.pykea_testing_call, "name": name, "handle": handle._ptr})
            bench.add(f"here:{prefix}{key}", c_loop(loop.pykea_bench_loop_here, name))
            bench.add(f"thread:{prefix}{key}", c_loop(loop.pykea_bench_loop_in_new_thread, name))
            bench.add(f"cold:{prefix}{key}", c_loop(loop.pykea_bench_loop_cold, name, THRASH_BYTES),
                      count=options.cold_calls)

    bench = Interleaved(options.window_ms, options.repeat)
    add_dispatch(bench, handle, DISPATCH_ROWS)

    callout_handle = handle.callout_handle("pkt4_receive")
    packet = callout_handle["query4"]
    lease = Lease4("192.0.2.10")
    lease.valid_lft = 3600

    import cffi
    libc_ffi = cffi.FFI()
    libc_ffi.cdef("int abs(int);")
    libc = libc_ffi.dlopen(None)

    six = ffi.new("uint8_t[6]", [2, 0, 0, 0, 0, 1])

    def api_pointer(ctype, pointer):
        return api.ffi.cast(ctype, int(ffi.cast("uintptr_t", pointer)))

    namespace = {
        "ch": callout_handle, "ptr": callout_handle._ptr, "access": callout_handle._hook,
        "CalloutHandle": CalloutHandle, "lib": lib, "out": scratch.int, "i64": scratch.i64,
        "gc_wrap": ffi.gc, "null": ffi.cast("pykea_pkt *", 0), "free": lib.pykea_pkt_free,
        "q": packet, "pkt": packet._ptr, "opt": packet.options.get(53), "lease": lease,
        "f": lambda handle: None, "scratch": scratch, "TRANSID": lib.PYKEA_PKT_TRANSID,
        "api": api.lib, "aptr": api_pointer("pykea_callout_handle *", callout_handle._ptr),
        "apkt": api_pointer("pykea_pkt *", packet._ptr), "aout": api.ffi.new("int *"),
        "ai64": api.ffi.new("int64_t *"), "libc": libc,
        "plain": Plain(scratch.int), "MessageType": MessageType, "types": {int(t): t for t in MessageType},
        "gc_buffer": ffi.buffer, "unpack": ffi.unpack, "HWAddr": HWAddr,
        "p6": ffi.cast("const uint8_t *", six), "mac": bytes(6),
        "IPv4Address": ipaddress.IPv4Address, "ip4": bytes([192, 0, 2, 1]),
    }
    for key, (_, statement) in PIECES.items():
        bench.statement(f"piece:{key}", statement, namespace)
    results = bench.run()

    del callout_handle, packet, handle, namespace, lease, query
    gc.collect()

    # The lab's pkt4_send hook (hooks/send_hook.py) needs response4, which only pkt4_send
    # passes, where the native library sits: it is timed in a second configuration.
    kea.load(SEND_HOOK)
    handle = kea.handle()
    handle.set("pkt4_send", "query4", make_query())
    handle.set("pkt4_send", "response4", Pkt4(MessageType.OFFER, 0x12345678))
    if handle.call("pkt4_send") != NextStep.CONTINUE:
        raise RuntimeError("hooks/send_hook.py failed in-process (see the log)")
    bench = Interleaved(options.window_ms, options.repeat)
    add_dispatch(bench, handle, SEND_ROWS, prefix="send:")
    results.update(bench.run())
    del handle
    gc.collect()
    kea.unload()   # a library left loaded at exit crashes the process (see README)
    with open(options.dispatch_child, "w") as out:
        json.dump(results, out)


def kea_library() -> str:
    from pykea.testing import library_file
    return library_file()


PIECES = {
    # key: (label, statement), timed from Python outside any callout
    "loop": ("empty loop iteration (timing overhead)", "pass"),
    "pycall": ("call a no-op Python function f(h)", "f(ch)"),
    "scratch": ("scratch.int (thread-local out-parameter)", "scratch.int"),
    "slots": ("  the same from a plain __slots__ object", "plain.int"),
    "abi_abs": ("C call, ABI mode: libc abs(1)", "libc.abs(1)"),
    "api_abs": ("C call, API mode: libc abs(1)", "api.abs(1)"),
    "abi": ("C call, ABI mode (pykea's bindings): get_status", "lib.pykea_handle_get_status(ptr, out)"),
    "api": ("C call, API mode: the same function", "api.pykea_handle_get_status(aptr, aout)"),
    "abi_int": ("C call, ABI mode: pkt_get_int(TRANSID)", "lib.pykea_pkt_get_int(pkt, TRANSID, i64)"),
    "api_int": ("C call, API mode: pkt_get_int(TRANSID)", "api.pykea_pkt_get_int(apkt, 1, ai64)"),
    "handle": ("CalloutHandle(pointer, access)", "CalloutHandle(ptr, access)"),
    "gc": ("ffi.gc(pointer, free) + its release", "gc_wrap(null, free)"),
    "query4": ('handle["query4"] without a frame (new owned Pkt4 + free)', 'ch["query4"]'),
    "transid": ("Pkt4.transid", "q.transid"),
    "hwaddr": ("Pkt4.hwaddr", "q.hwaddr"),
    "type": ("Pkt4.type (MessageType enum)", "q.type"),
    "yiaddr": ("Pkt4.yiaddr (ipaddress.IPv4Address)", "q.yiaddr"),
    "options": ("Pkt4.options (new OptionMap)", "q.options"),
    "option": ("Pkt4.options.get(53)", "q.options.get(53)"),
    "data": ("Option.data", "opt.data"),
    "valid_lft": ("Lease4.valid_lft", "lease.valid_lft"),
    # What the accessors do after their C call, and cheaper ways to do it.
    "enum": ("  MessageType(1) (what .type does)", "MessageType(1)"),
    "enum_dict": ("  dict lookup instead: types.get(1, 1)", "types.get(1, 1)"),
    "buffer": ("  ffi.buffer(p, 6)[:] (what .hwaddr does)", "gc_buffer(p6, 6)[:]"),
    "unpack": ("  ffi.unpack(p, 6) instead", "unpack(p6, 6)"),
    "hwaddr_obj": ("  HWAddr(b, 1) (copies b again)", "HWAddr(mac, 1)"),
    "ip_bytes": ("  IPv4Address(4 bytes) (what .yiaddr does)", "IPv4Address(ip4)"),
    "ip_int": ("  IPv4Address(int) instead", "IPv4Address(3221225985)"),
}


def in_process(options, work: str, built: Dict[str, str]) -> None:
    result_path = os.path.join(work, "dispatch.json")
    log_path = os.path.join(work, "dispatch.log")
    with open(log_path, "w") as log:
        done = subprocess.run([sys.executable, os.path.abspath(__file__),
                               "--dispatch-child", result_path, "--native", built["native"],
                               "--loop", built["loop"], "--api", built["api"],
                               "--window-ms", str(options.window_ms),
                               "--repeat", str(options.repeat),
                               "--cold-calls", str(options.cold_calls)],
                              stdout=log, stderr=subprocess.STDOUT)
    if done.returncode or not os.path.exists(result_path):
        with open(log_path, errors="replace") as log:
            raise RuntimeError(f"the in-process benchmark failed ({done.returncode}):\n"
                               f"{log.read()[-4000:]}")
    with open(result_path) as f:
        r = json.load(f)

    def net(where, key, prefix=""):
        return r[f"{where}:{prefix}{key}"] - r[f"{where}:{prefix}empty"]

    rows = []
    for prefix, dispatch_rows in (("", DISPATCH_ROWS), ("send:", SEND_ROWS[1:])):
        for key, label, hook in dispatch_rows:
            empty = key == "empty"
            rows.append([label, hook] + [
                r[f"py:{prefix}{key}"], None if empty else net("py", key, prefix)] + [
                r[f"{where}:{prefix}{key}"] if empty else net(where, key, prefix)
                for where in ("here", "thread", "cold")])
    table(f"1. In-process dispatch: Kea's HooksManager::callCallouts through "
          f"pykea_testing_call, ns per call (best {options.window_ms:g} ms window of "
          f"{options.repeat}, interleaved)",
          ["callout", "hook point", "py loop raw", "py loop net", "C loop net", "new thread net",
           "caches flushed net"],
          rows,
          ["py loop: lib.pykea_testing_call(...) from a Python loop (a cffi call itself); "
           "net = raw - the baseline row",
           "C loop: the same function called from a C loop in this thread; new thread: from a "
           "thread Python has never seen, as Kea's packet threads (baseline row: raw)",
           f"caches flushed: C loop writing {THRASH_BYTES >> 20} MiB before each call (only the "
           f"call timed; best of {options.repeat} x {options.cold_calls} calls), as when a server "
           "did other work between callouts",
           "Kea's logging at INFO; all callouts loaded at once (native + pykea), each at its own "
           "hook point"])

    def parts(where):
        def c(key, prefix=""):
            return net(where, key, prefix)
        return [c("native_noop"), c("noop") - c("native_noop"), c("noop"),
                c("transid") - c("noop"), c("accessors") - c("noop"), c("send", "send:") - c("noop"),
                c("bare") - c("native_noop"), c("extern") - c("bare")]

    labels = ["native callout: Kea calls a C++ function (stopwatch, logging checks)",
              "pykea's native slot, GIL, CalloutHandle, guard (no-op - native)",
              "= a no-op Python callout",
              'handle["query4"].transid, on top of a no-op',
              "4 accessors, on top of a no-op",
              "send_hook.py's pkt4_send, on top of a no-op",
              "for comparison: a bare ffi.callback as the callout (bare - native)",
              'extern "Python" (API mode) instead of ffi.callback (extern - bare)']
    table("2. Where a Python callout's time goes (from table 1), ns per call",
          ["part", "C loop", "caches flushed"],
          [[label, hot, cold] for label, hot, cold in zip(labels, parts("here"), parts("cold"))])

    table("3. pykea operations timed from Python outside a callout, ns per operation (best "
          "window, interleaved with table 1)",
          ["operation", "statement", "ns"],
          [[label, statement, r[f"piece:{key}"]] for key, (label, statement) in PIECES.items()],
          ["each row includes the empty loop iteration of the first row",
           "objects here are owned (no callout frame): each field is a C call; a callout's own "
           "arguments are read from its frame instead (table 1)",
           "API mode: the same C functions through a cffi out-of-line API-mode module built here",
           "indented rows: the Python work after an accessor's C call, and alternatives"])


# ---- part 2: kea-dhcp4 under perfdhcp load ----------------------------------------------------

# The hooks of table 4: (label, hook point, pykea module). The native library does the same work
# in the mode of the same name (capi/bench/native_callouts.cc).
KEA_HOOKS = {
    "noop": ("(i) no-op", "pkt4_receive", NOOP_HOOK),
    "send": ("(ii) hwaddr+type, add opt 252", "pkt4_send", OPTION_HOOK),
    "lease": ("(iii) lease4 address+hwaddr", "lease4_select", LEASE_HOOK),
}
# Packet threads; 0 is Kea's multi-threading off (one thread).
THREADINGS = (0, 2, 4)
PACKET_QUEUE_SIZE = 64
# perfdhcp's -R: simulated clients. So many that (nearly) every exchange is a new client, so
# that lease4_select runs for every DISCOVER and REQUEST; the relayed /16 never runs out since
# Kea restarts, with an empty memfile, for every run.
SIMULATED_CLIENTS = 1000000


@dataclass(frozen=True)
class Setup:
    """One kea-dhcp4 configuration: ``library`` "none", "native", "pykea" or "count" (the
    calibration hook, writing to ``count_file``), ``hook`` a key of KEA_HOOKS, ``threads`` as
    in THREADINGS."""

    library: str
    hook: str = ""
    threads: int = 0
    count_file: str = ""

    def hook_libraries(self, native: str) -> List[Dict[str, Any]]:
        if self.library == "native":
            return [{"library": native, "parameters": {"mode": self.hook}}]
        if self.library == "pykea":
            return [{"library": "libdhcp_pykea.so",
                     "parameters": {"module": KEA_HOOKS[self.hook][2]}}]
        if self.library == "count":
            return [{"library": "libdhcp_pykea.so",
                     "parameters": {"module": COUNT_HOOK, "count-file": self.count_file}}]
        if self.library == "steps":
            return [{"library": "libdhcp_pykea.so",
                     "parameters": {"module": STEPS_HOOK, "steps-file": self.count_file}}]
        return []

    @property
    def label(self) -> str:
        hook = f" {KEA_HOOKS[self.hook][0]}" if self.hook in KEA_HOOKS else ""
        return f"{self.library}{hook}, threads {threads_label(self.threads)}"


def threads_label(threads: int) -> str:
    return str(threads) if threads else "off"


def kea_config(network, setup: Setup, native: str, severity: str = "WARN") -> Dict[str, Any]:
    from pykea.tools import lab
    config = lab.dhcp4_config(network, None, extra_libraries=setup.hook_libraries(native))
    dhcp4 = config["Dhcp4"]
    dhcp4["multi-threading"] = {"enable-multi-threading": setup.threads > 0,
                                "thread-pool-size": max(setup.threads, 1),
                                "packet-queue-size": PACKET_QUEUE_SIZE}
    dhcp4["subnet4"] = dhcp4["subnet4"] + [RELAYED_SUBNET]
    for logger in dhcp4["loggers"]:
        logger["severity"] = severity
    return config


def cpu_seconds(pid: int) -> float:
    """utime + stime of the whole process (all threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def parse_perfdhcp(text: str) -> Dict[str, Any]:
    result: Dict[str, Any] = {}
    rate = re.search(r"Rate: ([\d.]+)", text)
    result["rate"] = float(rate.group(1)) if rate else 0.0
    for section in re.split(r"\*\*\*Statistics for: ", text)[1:]:
        name = section.split("***", 1)[0].strip()
        numbers = {key: int(value) for key, value in
                   re.findall(r"^(sent packets|received packets|drops): (\d+)", section, re.M)}
        result[name] = numbers
    if "REQUEST-ACK" not in result:
        raise RuntimeError(f"perfdhcp reported no REQUEST-ACK statistics:\n{text[-2000:]}")
    return result


class Lab:
    def __init__(self, options, native: str, work: str) -> None:
        from pykea.tools import lab
        self.lab = lab
        self.options = options
        self.native = native
        self.work = work
        self.network = lab.Network()
        self.name = f"pykea-bench-{os.getpid()}"

    def __enter__(self) -> "Lab":
        self.network.create()
        run(["ip", "-n", self.network.client, "addr", "add", f"{CLIENT_ADDRESS}/24", "dev",
             self.network.client_iface])
        return self

    def __exit__(self, *exc) -> None:
        self.network.destroy()
        for path in (f"/etc/kea/{self.name}.json", f"/var/log/kea/{self.name}.out"):
            if exc[0] is None and os.path.exists(path):
                os.unlink(path)

    def perfdhcp(self, rate: int, period: int) -> List[str]:
        return self.network.in_client(
            "perfdhcp", "-4", "-l", self.network.client_iface, "-r", str(rate), "-p", str(period),
            "-R", str(SIMULATED_CLIENTS), "-s", "1", self.lab.SERVER_ADDRESS)

    def start(self, setup: Setup):
        """kea-dhcp4 with ``setup``. It starts logging at INFO (KeaServer waits for
        DHCP4_STARTED), then config-set lowers logging to WARN: Kea 3.0 logs every packet at
        INFO, which would add several formatted and flushed lines to each exchange."""
        server = self.lab.KeaServer(self.network,
                                    kea_config(self.network, setup, self.native, "INFO"),
                                    name=self.name)
        with native_hooks_path(self.native if setup.library == "native" else None):
            server.start()
        try:
            response = server.command("config-set", kea_config(self.network, setup, self.native))
            if response.get("result") != 0:
                raise RuntimeError(f"config-set failed: {response}\n{server.log()[-3000:]}")
            with open(f"/proc/{server.pid()}/comm") as f:
                if f.read().strip() != "kea-dhcp4":
                    raise RuntimeError("the server process is not kea-dhcp4")
        except BaseException:
            server.stop()
            raise
        return server

    def load_run(self, setup: Setup, rate: int, period: int) -> Dict[str, Any]:
        """Kea's CPU time and perfdhcp's counts during ``period`` s of ``rate`` DORA/s offered."""
        server = self.start(setup)
        try:
            pid = server.pid()
            cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
            done = subprocess.run(self.perfdhcp(rate, period), capture_output=True, text=True,
                                  timeout=period + 60)
            cpu, wall = cpu_seconds(pid) - cpu_before, time.monotonic() - wall_before
            if not server.alive():
                raise RuntimeError(f"kea-dhcp4 died under load:\n{server.log()[-3000:]}")
        finally:
            server.stop()
        if done.returncode not in (0, 3):   # 3: drops happened
            raise RuntimeError(f"perfdhcp failed ({done.returncode}):\n"
                               f"{(done.stdout + done.stderr)[-3000:]}")
        stats = parse_perfdhcp(done.stdout)
        exchanges = stats["REQUEST-ACK"].get("received packets", 0)
        discovers = stats.get("DISCOVER-OFFER", {}).get("sent packets", 0)
        if exchanges == 0:
            raise RuntimeError(f"no exchange completed with {setup.label}:\n"
                               f"{done.stdout[-2000:]}\n{server.log()[-2000:]}")
        return {"cpu": cpu, "wall": wall, "exchanges": exchanges, "discovers": discovers,
                "us_per_exchange": cpu / exchanges * 1e6, "per_second": exchanges / period,
                "lost": 100.0 * (1 - exchanges / discovers) if discovers else 0.0}

    def callouts_per_exchange(self, period: int) -> Dict[str, float]:
        """Calls per completed exchange at each hook point of KEA_HOOKS, counted by
        hooks/count_hook.py during a slow run (multi-threading off)."""
        count_file = os.path.join(self.work, "callout-counts.json")
        result = self.load_run(Setup("count", count_file=count_file), CALIBRATION_RATE, period)
        with open(count_file) as f:
            counts = json.load(f)
        return {point: calls / result["exchanges"] for point, calls in counts.items()}

    def steps_run(self, rate: int, period: int) -> Dict[str, Any]:
        """hooks/steps_hook.py's medians during ``period`` s at ``rate`` DORA/s, threads off."""
        steps_file = os.path.join(self.work, "steps.json")
        self.load_run(Setup("steps", count_file=steps_file), rate, period)
        with open(steps_file) as f:
            return json.load(f)

    def perf_run(self, setup: Setup) -> Dict[str, Any]:
        period = max(4, self.options.perf_period)
        data = os.path.join(self.work, "perf.data")
        server = self.start(setup)
        try:
            load = subprocess.Popen(self.perfdhcp(self.options.rate, period),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                time.sleep(1)
                run(["perf", "record", "-e", "cpu-clock", "-F", "999", "-g", "--no-buildid-cache",
                     "-o", data, "-p", str(server.pid()), "--", "sleep", str(period - 2)],
                    timeout=period + 60)
            finally:
                load.communicate(timeout=period + 60)
        finally:
            server.stop()
        report = run(["perf", "report", "-i", data, "--no-children", "--sort", "dso", "--stdio",
                      "-g", "none", "--percent-limit", "0"], timeout=120).stdout
        shares = []
        for line in report.splitlines():
            match = re.match(r"^\s+([\d.]+)%\s+(\S.*?)\s*$", line)
            if match:
                shares.append((match.group(2), float(match.group(1))))
        # The cffi wheel links libffi statically: its functions are in _cffi_backend's samples.
        symbols = run(["perf", "report", "-i", data, "--no-children", "--sort", "dso,sym",
                       "--stdio", "-g", "none", "--percent-limit", "0"], timeout=120).stdout
        libffi = 0.0
        for line in symbols.splitlines():
            match = re.match(r"^\s+([\d.]+)%\s+(\S+)\s+\[.\]\s+(\S+)", line)
            if match and match.group(2).startswith("_cffi_backend") and \
                    match.group(3).startswith(LIBFFI_SYMBOLS):
                libffi += float(match.group(1))
        samples = re.search(r"# Samples: (\S+)", report)
        inclusive = python_on_stack(data)
        os.unlink(data)
        return {"shares": shares, "libffi": libffi, "samples": samples.group(1) if samples else "?",
                "inclusive": inclusive}


CALIBRATION_RATE = 200


@contextlib.contextmanager
def native_hooks_path(native: Optional[str]):
    """Kea 3.0 loads hook libraries only from its hooks directory or $KEA_HOOKS_PATH: points
    the latter at the native library's directory while Kea starts (when ``native`` is given)."""
    saved = os.environ.get("KEA_HOOKS_PATH")
    if native:
        os.environ["KEA_HOOKS_PATH"] = os.path.dirname(native)
    try:
        yield
    finally:
        if native:
            if saved is None:
                os.environ.pop("KEA_HOOKS_PATH", None)
            else:
                os.environ["KEA_HOOKS_PATH"] = saved


def progress(text: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def median_range(values: Sequence[float]) -> List[Any]:
    """[median, "min-max"] for a table row; [None, "-"] when there are no values."""
    if not values:
        return [None, "-"]
    return [statistics.median(values), f"{_number(min(values))}..{_number(max(values))}"]


def machine_note(started_load: str) -> str:
    return (f"machine: {cpu_model()}, {os.cpu_count()} CPUs; load average {started_load} at "
            f"the start of this part, {load_average()} at its end")


# ---- table 4: per-callout cost -----------------------------------------------------------------

def callout_setups(threads: int, round_index: int) -> List[Setup]:
    """A round at one threading setting: no hook, then native and pykea for each hook, the
    order rotated from round to round so that no configuration always runs first."""
    setups = [Setup("none", "", threads)] + [
        Setup(library, hook, threads) for library in ("native", "pykea") for hook in KEA_HOOKS]
    shift = round_index % len(setups)
    return setups[shift:] + setups[:shift]


def measure_callouts(lab: Lab, options) -> Dict[Setup, Dict[int, Dict[str, Any]]]:
    """setup -> round -> load_run's result, for every configuration of table 4."""
    runs: Dict[Setup, Dict[int, Dict[str, Any]]] = {}
    for round_index in range(options.rounds):
        for threads in options.threads:
            for setup in callout_setups(threads, round_index):
                runs.setdefault(setup, {})[round_index] = lab.load_run(
                    setup, options.rate, options.period)
            progress(f"table 4: round {round_index + 1}/{options.rounds}, threads "
                     f"{threads_label(threads)} done")
    return runs


def paired_per_callout(runs, setup: Setup, calls: float) -> List[float]:
    """Per round: (this setup's CPU us/exch - the no-hook run's of the same round and
    threading) / callouts per exchange."""
    baseline = runs[Setup("none", "", setup.threads)]
    return [(result["us_per_exchange"] - baseline[index]["us_per_exchange"]) / calls
            for index, result in runs[setup].items() if index in baseline]


def callout_table(options, runs, per_exchange: Dict[str, float], started_load: str) -> None:
    rows = []
    for hook, (label, point, _) in KEA_HOOKS.items():
        calls = per_exchange.get(point, 0.0)
        for threads in options.threads:
            baseline = [r["us_per_exchange"] for r in runs[Setup("none", "", threads)].values()]
            cells = [label, point, threads_label(threads), calls, median_range(baseline)[0]]
            lost = []
            for library in ("native", "pykea"):
                setup = Setup(library, hook, threads)
                per_callout = paired_per_callout(runs, setup, calls) if calls else []
                cells += median_range(per_callout)
                lost += [r["lost"] for r in runs[setup].values()]
            rows.append(cells + [max(lost)])
    table(f"4. Per-callout cost inside kea-dhcp4: Kea's CPU time per DORA exchange with the hook "
          f"minus without, per callout, us ({options.rate} DORA/s offered, {options.period} s x "
          f"{options.rounds} rounds, each paired with a no-hook run at the same threading)",
          ["hook", "hook point", "threads", "callouts/exch", "no hook us/exch",
           "native us/callout", "native range", "pykea us/callout", "pykea range", "max lost %"],
          rows,
          ["us/exch = utime+stime of kea-dhcp4 (all threads, /proc/<pid>/stat) over the "
           "exchanges perfdhcp completed; no hook: median over rounds",
           "us/callout = median over rounds of (us/exch - the same round's no-hook us/exch) / "
           "callouts/exch; range = min..max over rounds",
           f"callouts/exch: counted by hooks/count_hook.py in a {CALIBRATION_RATE} DORA/s run",
           f"threads: Kea's multi-threading off, or on with that thread-pool-size "
           f"(packet-queue-size {PACKET_QUEUE_SIZE}); memfile without persistence, logging at WARN",
           "max lost % = DISCOVERs without a completed exchange, worst run of the row's "
           "native and pykea runs (near 0: the offered rate is sustainable)",
           machine_note(started_load)])


# ---- table 5: saturated throughput ------------------------------------------------------------

def measure_throughput(lab: Lab, options) -> Dict[Setup, Dict[int, Dict[str, Any]]]:
    runs: Dict[Setup, Dict[int, Dict[str, Any]]] = {}
    for round_index in range(options.sat_rounds):
        for threads in options.threads:
            for setup in (Setup("none", "", threads), Setup("pykea", "send", threads)):
                runs.setdefault(setup, {})[round_index] = lab.load_run(
                    setup, options.sat_rate, options.sat_period)
        progress(f"table 5: round {round_index + 1}/{options.sat_rounds} done")
    return runs


def throughput_table(options, runs, started_load: str) -> None:
    rows, unsaturated = [], []
    for threads in options.threads:
        bare, hooked = runs[Setup("none", "", threads)], runs[Setup("pykea", "send", threads)]
        if max(r["per_second"] for r in bare.values()) >= 0.9 * options.sat_rate:
            unsaturated.append(threads_label(threads))
        ratios = [100.0 * hooked[i]["per_second"] / bare[i]["per_second"]
                  for i in hooked if i in bare]
        rows.append([threads_label(threads) if threads else "off (1)",
                     *median_range([r["per_second"] for r in bare.values()]),
                     *median_range([r["per_second"] for r in hooked.values()]),
                     *median_range(ratios),
                     kea_cpu_percent(bare.values()), kea_cpu_percent(hooked.values())])
    table(f"5. Saturated throughput: DORA exchanges completed per second with perfdhcp offering "
          f"{options.sat_rate}/s ({options.sat_period} s x {options.sat_rounds} rounds)",
          ["threads", "no hook DORA/s", "range", "pykea (ii) DORA/s", "range",
           "pykea (ii) % of no hook", "range", "no hook Kea CPU %", "pykea Kea CPU %"],
          rows,
          ["DORA/s = exchanges perfdhcp completed / period, median over rounds; % of no hook = "
           "median of the per-round ratios (each round runs both)",
           "pykea (ii) = hooks/option_hook.py at pkt4_send; Kea CPU % = utime+stime over wall "
           "time, 100 = one core",
           "perfdhcp runs on the same machine: flooding Kea, it takes a share of the cores "
           "Kea's threads would use",
           *([f"threads {', '.join(unsaturated)}: Kea without a hook served 90% or more of the "
              "offered rate, so that row is not saturated: raise --sat-rate"] if unsaturated else []),
           machine_note(started_load)])


def kea_cpu_percent(results) -> float:
    results = list(results)
    return 100.0 * sum(r["cpu"] for r in results) / sum(r["wall"] for r in results)


# ---- tables 6-7: perf profiles ----------------------------------------------------------------

# The profiled configurations, at the lab's default of 2 packet threads.
PERF_SETUPS = {"send": Setup("pykea", "send", 2), "noop": Setup("pykea", "noop", 2)}
PYTHON_SIDE = ("libpython", "_cffi_backend", "libdhcp_pykea", "libffi")
LIBFFI_SYMBOLS = ("ffi_", "cffistatic_", "unix64_", "trampoline")


def category(dso: str) -> str:
    name = os.path.basename(dso)
    if name.startswith("libpython"):
        return "Python interpreter (libpython)"
    if name.startswith("_cffi_backend"):
        return "cffi (_cffi_backend)"
    if name.startswith("libdhcp_pykea"):
        return "pykea's C shim (libdhcp_pykea.so)"
    if name.startswith("libffi"):
        return "libffi"
    if name == "kea-dhcp4" or name.startswith("libkea-"):
        return "Kea (kea-dhcp4, libkea-*)"
    if name.startswith(("libc.so", "libstdc++", "libm.so", "libgcc", "ld-linux")):
        return "C/C++ runtime (libc, libstdc++, ld.so)"
    if name.startswith("[kernel"):
        return "kernel"
    return "other (log4cplus, boost, vdso, ...)"


def python_on_stack(data: str) -> Optional[float]:
    """The share of samples with a Python-side frame (libpython, cffi, pykea, libffi) anywhere
    on the sampled call chain: what the Python hook costs including the libc and kernel work
    it causes, as far as frame-pointer unwinding sees it."""
    try:
        text = run(["perf", "script", "-i", data, "-F", "ip,dso"], timeout=120).stdout
    except (RuntimeError, subprocess.TimeoutExpired):
        return None
    total = hits = 0
    for block in re.split(r"\n\s*\n", text):
        if not block.strip():
            continue
        total += 1
        if any(part in block for part in PYTHON_SIDE):
            hits += 1
    return 100.0 * hits / total if total else None



def profile_tables(perf: Dict[str, Dict[str, Any]], medians: Dict[str, Optional[float]]) -> None:
    kinds = list(perf)
    shares = {kind: dict(perf[kind]["shares"]) for kind in kinds}
    first = kinds[0]
    dsos = sorted({dso for kind in kinds for dso, share in shares[kind].items() if share >= 0.3},
                  key=lambda dso: -shares[first].get(dso, 0.0))
    table("6. Where kea-dhcp4's CPU goes with a Python hook: perf record -e cpu-clock -F 999 -g "
          "during a separate run of each; self time by shared object (>= 0.3%), % of Kea's CPU",
          ["shared object", "category"] + [f"{kind} %" for kind in kinds],
          [[dso, category(dso)] + [shares[kind].get(dso, 0.0) for kind in kinds]
           for dso in dsos],
          [f"{kind}: {PERF_SETUPS[kind].label} ({perf[kind]['samples']} samples)"
           for kind in kinds])

    totals: Dict[str, Dict[str, float]] = {}
    for kind in kinds:
        for dso, share in shares[kind].items():
            by_kind = totals.setdefault(category(dso), {})
            by_kind[kind] = by_kind.get(kind, 0.0) + share
        if perf[kind]["libffi"]:
            totals["cffi (_cffi_backend)"][kind] -= perf[kind]["libffi"]
            totals.setdefault("libffi (linked into _cffi_backend)", {})[kind] = perf[kind]["libffi"]
    rows = []

    def row(name, values):
        cells = [name]
        for kind in kinds:
            share, median = values.get(kind), medians.get(kind)
            cells += [share, None if share is None or median is None else share / 100 * median]
        rows.append(cells)

    for name, values in sorted(totals.items(), key=lambda kv: -kv[1].get(first, 0.0)):
        row(name, values)
    row("= Python side, self time (libpython + cffi + libffi + pykea)",
        {kind: sum(share for dso, share in shares[kind].items()
                   if any(part in dso for part in PYTHON_SIDE)) for kind in kinds})
    row("Python side on the call stack (self + the libc/kernel work it calls)",
        {kind: perf[kind]["inclusive"] for kind in kinds if perf[kind]["inclusive"] is not None})
    headers = ["category"]
    for kind in kinds:
        headers += [f"{kind} %", f"{kind} us/exch"]
    table("7. The same samples by category", headers, rows,
          ["us/exch = share x the configuration's median CPU time per exchange in table 4 "
           "(threads 2; '-' when table 4 did not run)",
           "'on the call stack' counts samples with a libpython/_cffi_backend/libdhcp_pykea/"
           "libffi frame anywhere in the unwound chain (frame pointers: a lower bound)"])


def steps_table(options, steps: Dict[str, Any]) -> None:
    rows = [[name, first, again]
            for name, first, again in zip(steps["steps"], steps["first"], steps["again"])]
    rows.append(["= the steps of hook (ii)", sum(steps["first"][:-1]), sum(steps["again"][:-1])])
    table(f"8. Where hook (ii)'s time goes inside kea-dhcp4: each step timed by the hook "
          f"(hooks/steps_hook.py, perf_counter_ns), {options.rate} DORA/s, threads off, "
          f"median ns over {steps['calls']} callouts",
          ["step", "first in the callout", "again in the same callout"], rows,
          ["first: the CPU's caches and TLBs hold Kea's work from the rest of the exchange; "
           "again: the same steps right after, with Python's code and objects just touched",
           "in-process and hot, the whole callout costs what table 1 shows"])


def in_server(options, work: str, native: str) -> None:
    started_load = load_average()
    runs: Dict[Setup, Dict[int, Dict[str, Any]]] = {}
    with Lab(options, native, work) as lab:
        if "in-kea" in options.only:
            per_exchange = lab.callouts_per_exchange(options.calibration_period)
            progress("calibration: " + ", ".join(f"{point} {calls:.2f}/exch"
                                                 for point, calls in per_exchange.items()))
            runs = measure_callouts(lab, options)
            callout_table(options, runs, per_exchange, started_load)
            throughput_table(options, measure_throughput(lab, options), started_load)
        if "profile" in options.only:
            steps_table(options, lab.steps_run(options.rate, options.period))
            perf = {kind: lab.perf_run(setup) for kind, setup in PERF_SETUPS.items()}
            medians = {kind: statistics.median(r["us_per_exchange"] for r in runs[setup].values())
                       if setup in runs else None for kind, setup in PERF_SETUPS.items()}
            profile_tables(perf, medians)


# ---- main --------------------------------------------------------------------------------------

PARTS = ("in-process", "in-kea", "profile")


def parse_threadings(text: str) -> List[int]:
    """--threads: "off,2,4" -> [0, 2, 4]."""
    try:
        return [0 if word == "off" else int(word) for word in text.split(",") if word]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: a comma-separated list of 'off' and numbers")


def parse_parts(text: str) -> List[str]:
    parts = [word for word in text.split(",") if word]
    unknown = [part for part in parts if part not in PARTS]
    if unknown or not parts:
        raise argparse.ArgumentTypeError(f"choose from {','.join(PARTS)}")
    return parts


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run, to check the script")
    parser.add_argument("--only", type=parse_parts, default=list(PARTS),
                        help="comma-separated parts to run: in-process (tables 1-3), in-kea "
                             "(tables 4-5), profile (tables 6-7); default all")
    parser.add_argument("--no-lab", dest="lab", action="store_false",
                        help="skip kea-dhcp4 (the same as --only in-process)")
    parser.add_argument("--no-perf", dest="perf", action="store_false", help="skip perf record")
    parser.add_argument("--window-ms", type=float, default=20, help="length of one timing window")
    parser.add_argument("--repeat", type=int, default=20, help="windows per measurement (best)")
    parser.add_argument("--cold-calls", type=int, default=200, help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=int, default=1000, help="DORA exchanges per second offered")
    parser.add_argument("--period", type=int, default=5, help="seconds of load per run")
    parser.add_argument("--rounds", type=int, default=6, help="runs per configuration (table 4)")
    parser.add_argument("--threads", type=parse_threadings, default=list(THREADINGS),
                        help="Kea packet threads to measure, 'off' for multi-threading off "
                             "(default off,2,4)")
    parser.add_argument("--sat-rate", type=int, default=20000,
                        help="DORA/s offered for the saturated throughput (table 5)")
    parser.add_argument("--sat-period", type=int, default=5, help="seconds of a saturated run")
    parser.add_argument("--sat-rounds", type=int, default=3, help="saturated runs per configuration")
    parser.add_argument("--calibration-period", type=int, default=4, help=argparse.SUPPRESS)
    parser.add_argument("--perf-period", type=int, default=8, help="seconds of the perf run")
    # Internal: the in-process part, run in a child process.
    parser.add_argument("--dispatch-child", help=argparse.SUPPRESS)
    parser.add_argument("--native", help=argparse.SUPPRESS)
    parser.add_argument("--loop", help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if not options.lab:
        options.only = [part for part in options.only if part == "in-process"]
    if not options.perf:
        options.only = [part for part in options.only if part != "profile"]
    if options.quick:
        options.window_ms, options.repeat, options.cold_calls = 5, 4, 50
        options.period, options.rounds, options.perf_period = 2, 1, 4
        options.sat_period, options.sat_rounds, options.calibration_period = 2, 1, 2
    return options


def lab_parts_runnable(options) -> bool:
    """Whether kea-dhcp4 can run here; says why not, and drops the profile without perf."""
    if os.geteuid() != 0:
        print("\n(kea-dhcp4 parts skipped: they need root for network namespaces)")
        return False
    if not shutil.which("perfdhcp"):
        print("\n(kea-dhcp4 parts skipped: perfdhcp is not installed)")
        return False
    if "profile" in options.only and not shutil.which("perf"):
        print("\n(perf is not installed: no profile)")
        options.only.remove("profile")
    return True


def main() -> int:
    options = parse_options()
    if options.dispatch_child:
        dispatch_child(options)
        return 0

    import cffi

    import pykea
    from pykea import features
    started = time.monotonic()
    print(f"pykea {pykea.__version__} benchmark: Kea {features.kea_version()}, Python "
          f"{platform.python_version()}, cffi {cffi.__version__}")
    print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.system()} "
          f"{platform.release()}; load average at start {load_average()}")
    sys.stdout.flush()

    work = tempfile.mkdtemp(prefix="pykea-bench-")
    try:
        built = build_native(work)
        if "in-process" in options.only:
            in_process(options, work, built)
        if {"in-kea", "profile"} & set(options.only) and lab_parts_runnable(options):
            in_server(options, work, built["native"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\ntotal time {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

import time, sys, gc, ctypes, subprocess
from pykea import Pkt4, MessageType, HWAddr
from pykea.testing import KeaHooks
from pykea._bindings import lib, ffi
subprocess.run("g++ -O2 -std=c++17 -shared -fPIC -I/usr/include/kea /src/benchmarks/native/quiet_logging.cc -lkea-log -o /tmp/libq.so", shell=True, check=True)
kea = KeaHooks(4)
q = ctypes.CDLL("/tmp/libq.so")
print("quiet", q.pykea_bench_log_info(b"kea-dhcp4"), file=sys.stderr)
def bench(hook="pkt4_receive", n=100000):
    h = kea.handle()
    p = Pkt4(MessageType.DISCOVER, 1)
    h.set("pkt4_receive", "query4", p)
    name = hook.encode(); ptr = h._ptr; call = lib.pykea_testing_call
    best = 1e18
    for r in range(5):
        t = time.perf_counter_ns()
        for _ in range(n): call(name, ptr)
        best = min(best, time.perf_counter_ns() - t)
    del h; gc.collect()
    return best / n
print("empty", bench(), file=sys.stderr)
kea.load("/src/benchmarks/_scratch/noop.py")
print("noop", bench(), file=sys.stderr)
print("empty-other", bench("pkt4_send"), file=sys.stderr)
kea.unload()
print("empty", bench(), file=sys.stderr)
kea.load("/src/benchmarks/_scratch/noop.py", multi_threading=False)
print("noop st", bench(), file=sys.stderr)
kea.unload()
print("done", file=sys.stderr)

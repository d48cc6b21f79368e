import timeit
from pykea import frame as F, hooks, runtime
from pykea._bindings import ffi, lib
from pykea.handle import HookAccess
import importlib.util
spec = importlib.util.spec_from_file_location("ph", "/src/.scratch/prof_hook.py"); ph = importlib.util.module_from_spec(spec); spec.loader.exec_module(ph)
c = ffi.new("pykea_frame *")
fr = F.Frame(c)
c.present = 1
pts = hooks.hook_points(4, 30004)
def mk(name):
    return runtime.make_callout(getattr(ph, name), HookAccess(pts[name]), True)
def t(label, stmt, n=200000, **g):
    g.update(globals())
    best = min(timeit.repeat(stmt, number=n, repeat=7, globals=g))
    print(f"{best/n*1e9:8.1f} ns  {label}")
noop = mk("buffer4_receive"); q = mk("pkt4_receive"); tr = mk("pkt4_send"); hw = mk("lease4_select")
t("noop", "noop(fr)")
t("query4", "q(fr)")
t("transid", "tr(fr)")
t("hwaddr", "hw(fr)")
def plain(x): pass
t("plain fn", "plain(fr)")
q(fr); a = fr.handles[0]; q(fr); print("same handle after query4:", a is fr.handles[0], F.HANDLE_UNSHARED, F._UNSHARED)
s0 = fr.spare[0]; q(fr); print("same spare:", s0 is fr.spare[0])
import gc, sys
orig_keep = F._keep
def spy(found):
    print("keep", sys.getrefcount(found), [type(r) for r in gc.get_referrers(found)])
F._keep = spy
q(fr)

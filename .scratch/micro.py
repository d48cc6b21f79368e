import timeit, sys
from pykea import frame as F, Pkt4, MessageType, NextStep
from pykea._bindings import ffi, lib
from pykea.handle import CalloutHandle, HookAccess
from pykea import hooks
c = ffi.new("pykea_frame *")
fr = F.Frame(c)
c.present = 1
acc = HookAccess(hooks.hook_points(4, 30004)["pkt4_receive"])
a = acc.arguments["query4"]
def t(stmt, n=200000, **g):
    g.update(globals())
    best = min(timeit.repeat(stmt, number=n, repeat=5, globals=g))
    print(f"{best/n*1e9:8.1f} ns  {stmt}")
t("pass")
t("fr.argument(0, Pkt4, True); fr.lent[0] = None")
t("c.present >> 0 & 1")
t("c.handle")
t("fr.lent[0]")
t("CalloutHandle(None, acc, fr)")
h = CalloutHandle(c.handle, acc, fr)
t("h['query4']; fr.lent[0] = None")
t("fr.argument(0, Pkt4, True); fr.end()")
p = fr.argument(0, Pkt4, True)
t("p.transid")
t("p.type")
t("p._hdr[1]")
t("F.getrefcount(fr.spare[0])")

import os, sys, time
from pykea import Pkt4, MessageType, HWAddr, Lease4
from pykea.testing import KeaHooks
kea = KeaHooks(server=4)
kea.load("/src/.scratch/prof_hook.py")
p = Pkt4(MessageType.DISCOVER, 7); p.hwaddr = HWAddr.parse("02:00:00:00:00:02")
hooks = ["lease6_select", "buffer4_receive","pkt4_receive","pkt4_send","lease4_select","lease4_renew","lease4_release","lease4_decline","subnet4_select","leases4_committed"]
handles = {}
for hk in hooks:
    h = kea.handle()
    if hk != "lease6_select":
        h.set(hk, "query4", p)
    handles[hk] = h
N = 20000
res = {}
for rnd in range(5):
    for hk in hooks:
        h = handles[hk]
        if hk == "leases4_committed" or hk == "subnet4_select":
            p.options.discard(252)
        from pykea._bindings import lib, encode
        call = lib.pykea_testing_call; name = encode(hk); ptr = h._ptr
        t = time.thread_time()
        for _ in range(N // 10):
            call(name, ptr)
        d = (time.thread_time() - t) / (N // 10) * 1e9
        res[hk] = min(res.get(hk, 1e9), d)
base = res["lease6_select"]
for hk in hooks: print(f"{hk:18s} {res[hk]:7.0f} {res[hk]-base:7.0f}")

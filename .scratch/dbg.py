from pykea import Pkt4, MessageType, HWAddr, frame
from pykea.testing import KeaHooks
from pykea._bindings import lib, encode, ffi
orig = frame._references
def spy(objects, index):
    n = orig(objects, index); print("refs", n, "unshared", frame._UNSHARED, sys.getrefcount(objects[index])); return n
import sys
frame._references = spy
kea = KeaHooks(server=4)
kea.load("/src/.scratch/dbg_hook.py")
p = Pkt4(MessageType.DISCOVER, 7)
h = kea.handle(); h.set("pkt4_receive", "query4", p)
c = ffi.new("uint64_t*")
for i in range(3):
    lib.pykea_testing_call(b"pkt4_receive", h._ptr); lib.pykea_live_handles(c); print("live", c[0])
print(frame._frames[0].c.wanted)

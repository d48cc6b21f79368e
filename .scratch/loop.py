import sys
from pykea import Pkt4, MessageType, HWAddr
from pykea.testing import KeaHooks
from pykea._bindings import lib
kea = KeaHooks(server=4)
kea.load("/src/.scratch/dbg_hook.py")
p = Pkt4(MessageType.DISCOVER, 7); p.hwaddr = HWAddr.parse("02:00:00:00:00:02")
h = kea.handle(); h.set("pkt4_receive", "query4", p)
call = lib.pykea_testing_call; ptr = h._ptr
import time
t = time.perf_counter()
for i in range(int(sys.argv[1])):
    call(b"pkt4_receive", ptr)
print((time.perf_counter()-t)/int(sys.argv[1])*1e9, "ns")

"""Counts loads across reloads (in a file, since each load imports the module afresh) and
answers "counting-stats" with what pykea still holds."""

import os

from pykea import runtime
from pykea._bindings import ffi, lib
from pykea.handle import live_contexts

COUNTER = "/run/kea/counting_hook.loads"
seen = 0


def load(handle):
    loads = int(open(COUNTER).read()) + 1 if os.path.exists(COUNTER) else 1
    with open(COUNTER, "w") as out:
        out.write(str(loads))
    handle.register_command("counting-stats", stats)


def stats(arguments):
    count = ffi.new("uint64_t *")
    lib.pykea_live_handles(count)
    return {"loads": int(open(COUNTER).read()), "pykea_handles": count[0],
            "contexts": live_contexts(), "seen": seen}


def pkt4_receive(handle):
    global seen
    seen += 1
    # A plain value: storing the query itself in its own context would keep it alive forever
    # (Kea keeps the callout handle inside the packet; see CalloutHandle.context).
    handle.context["transid"] = handle["query4"].transid


def unload():
    pass

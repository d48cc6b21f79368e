"""Table 8's hook: hook (ii) (hooks/option_hook.py) cut into its steps, each timed inside
kea-dhcp4 with perf_counter_ns: the first time in a callout, when the CPU's caches and TLBs hold
Kea's work rather than Python's, and then once more in the same callout (option 253 the second
time: Kea refuses a second option 252). It rewrites the medians to the file named by the hook
parameter "steps-file" every 200 calls, so the file is complete however Kea stops."""

import json
import statistics
from time import perf_counter_ns as now

from pykea import Option

WPAD = b"http://wpad.example/wpad.dat"
STEPS = ('handle["query4"]', "query.hwaddr", "query.type", 'handle["response4"]',
         "response.options", "Option(252, data)", "options.add(option)", "(the clock itself)")
first = [[] for _ in STEPS]
again = [[] for _ in STEPS]
steps_file = None


def load(handle):
    global steps_file
    steps_file = handle.parameters["steps-file"]


def _steps(handle, code, times):
    t0 = now()
    query = handle["query4"]
    t1 = now()
    query.hwaddr
    t2 = now()
    query.type
    t3 = now()
    response = handle["response4"]
    t4 = now()
    options = response.options
    t5 = now()
    option = Option(code, WPAD)
    t6 = now()
    options.add(option)
    t7 = now()
    t8 = now()
    for step, (start, end) in enumerate(zip((t0, t1, t2, t3, t4, t5, t6, t7),
                                            (t1, t2, t3, t4, t5, t6, t7, t8))):
        times[step].append(end - start)


def pkt4_send(handle):
    _steps(handle, 252, first)
    _steps(handle, 253, again)
    if len(first[0]) % 200 == 0:
        with open(steps_file, "w") as out:
            json.dump({"calls": len(first[0]), "steps": STEPS,
                       "first": [statistics.median(t) for t in first],
                       "again": [statistics.median(t) for t in again]}, out)

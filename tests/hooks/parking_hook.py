"""For the in-process parking tests: a callout at leases4_committed chosen by parameter "mode".

- "keep": parks and keeps the Parked object in ``parked`` (so does "async").
- "forget": parks and keeps nothing (the Parked object is garbage).
- "async": an async def callout; it records the client and answers ``answer`` ("allow",
  "drop", "raise" or "hold": wait until ``release`` is set)."""

import asyncio
import threading

from pykea import NextStep

parked = []
seen = []
answer = "allow"
release = threading.Event()


def load(handle):
    mode = handle.parameters["mode"]
    handle.register_callout("leases4_committed",
                            {"keep": keep, "forget": forget, "async": decide}[mode])


def keep(handle):
    parked.append(handle.park())


def forget(handle):
    handle.park()


async def decide(handle):
    parked.append(handle.parked)
    await asyncio.sleep(0.01)
    seen.append((str(handle["query4"].hwaddr), handle.parked.state.name))
    if answer == "hold":
        while not release.is_set():
            await asyncio.sleep(0.01)
    if answer == "raise":
        raise RuntimeError(f"no decision for {handle['query4'].hwaddr}")
    return NextStep.DROP if answer == "drop" else None

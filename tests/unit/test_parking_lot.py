"""Parking in Kea's real hooks framework (HooksManager in this process): the packet is parked as
a server parks it (HooksManager::park with a resume callback that counts), then a callout parks
it again through pykea and other threads unpark or drop it."""

import gc
import os
import threading
import time

import pytest

from pykea import (DetachedError, HWAddr, InvalidArgumentError, KeaError, MessageType, NextStep,
                   Pkt4, UnsupportedError, runtime)
from pykea._bindings import ffi, lib
from pykea.features import kea_hooks_version, kea_version
from pykea.parking import State
from pykea.testing import KeaHooks

HOOKS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "hooks")
PARKING = os.path.join(HOOKS, "parking_hook.py")


@pytest.fixture(scope="module")
def kea():
    return KeaHooks(server=4)


@pytest.fixture
def module(kea, request):
    kea.load(PARKING, mode=request.param)
    module = runtime.loaded().module
    module.parked.clear()
    module.seen.clear()
    yield module
    module.release.set()
    kea.unload()


def resumed():
    count = ffi.new("uint64_t *")
    assert lib.pykea_testing_resumed(count) == 0
    return count[0]


def server_parks(query, hook="leases4_committed"):
    """What kea-dhcp4 does before calling the callouts of a hook point that honours PARK."""
    status = lib.pykea_testing_park(hook.encode(), query._ptr)
    assert status == 0, ffi.string(lib.pykea_last_error()).decode()


def committed(kea, mac="02:00:00:00:00:31", park=True):
    query = Pkt4(MessageType.REQUEST, 0x31)
    query.hwaddr = HWAddr.parse(mac)
    if park:
        server_parks(query)
    handle = kea.handle()
    handle.set("leases4_committed", "query4", query)
    return query, handle, handle.call("leases4_committed")


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.mark.parametrize("module", ["keep"], indirect=True)
def test_unpark_from_another_thread_resumes_once(kea, module):
    before = resumed()
    query, handle, status = committed(kea)
    assert status is NextStep.PARK
    parked, = module.parked
    assert parked.state is State.PARKED and parked.hook == "leases4_committed"
    worker = threading.Thread(target=parked.unpark)
    worker.start()
    worker.join()
    assert resumed() == before + 1
    assert parked.state is State.UNPARKED
    with pytest.raises(InvalidArgumentError, match="already unparked; unpark\\(\\) and drop\\(\\) act once"):
        parked.unpark()
    with pytest.raises(InvalidArgumentError, match="already unparked"):
        parked.drop()
    assert resumed() == before + 1


@pytest.mark.parametrize("module", ["keep"], indirect=True)
def test_drop_never_resumes_and_frees_the_lot(kea, module):
    before = resumed()
    query, handle, status = committed(kea)
    parked, = module.parked
    parked.drop()
    assert parked.state is State.DROPPED
    assert resumed() == before
    server_parks(query)       # no longer parked: Kea parks it again...
    assert lib.pykea_testing_park(b"leases4_committed", query._ptr) == lib.PYKEA_ERROR
    assert "already parked" in ffi.string(lib.pykea_last_error()).decode()   # ...but not twice
    assert handle.call("leases4_committed") is NextStep.PARK
    module.parked[1].drop()


@pytest.mark.parametrize("module", ["keep"], indirect=True)
def test_offer_address_in_use_is_only_for_lease4_offer(kea, module):
    committed(kea)
    parked, = module.parked
    with pytest.raises(InvalidArgumentError, match="read by Kea only after lease4_offer; this packet "
                                                   "is parked at leases4_committed"):
        parked.unpark(offer_address_in_use=True)
    assert parked.state is State.PARKED
    parked.drop()


@pytest.mark.parametrize("module", ["keep"], indirect=True)
def test_unload_drops_what_is_still_parked(kea, module):
    before = resumed()
    query, handle, status = committed(kea)
    parked, = module.parked
    kea.unload()
    assert parked.state is State.RELEASED
    with pytest.raises(DetachedError, match="released when the pykea hook library unloaded"):
        parked.unpark()
    assert resumed() == before
    kea.load(PARKING, mode="keep")      # for the fixture's unload


@pytest.mark.parametrize("module", ["forget"], indirect=True)
def test_a_parked_object_lost_without_unpark_drops_its_packet(kea, module, capfd):
    before = resumed()
    query, handle, status = committed(kea)
    assert status is NextStep.PARK
    gc.collect()
    assert "its Parked object was freed before unpark() or drop()" in "".join(capfd.readouterr())
    server_parks(query)       # no longer parked: Kea parks it again
    assert handle.call("leases4_committed") is NextStep.PARK
    gc.collect()
    assert resumed() == before


@pytest.mark.parametrize("module", ["keep"], indirect=True)
def test_park_where_kea_did_not_park_the_packet(kea, module, capfd):
    query, handle, status = committed(kea, park=False)
    assert status is NextStep.DROP
    assert "Kea does not park packets at leases4_committed" in "".join(capfd.readouterr())
    assert module.parked == []


def test_park_at_a_hook_point_that_does_not_honour_park(kea):
    query = Pkt4(MessageType.DISCOVER, 0x32)
    handle = kea.handle()
    handle.set("pkt4_receive", "query4", query)
    callout_handle = handle.callout_handle("pkt4_receive")
    with pytest.raises(UnsupportedError, match=f"Kea {kea_version()} does not honour PARK at "
                                               "pkt4_receive; packets can be parked at .*leases4_committed"):
        callout_handle.park()


@pytest.mark.requires_kea(before=20600, why="subnet4_select honours PARK from Kea 2.6")
def test_park_at_subnet4_select_names_the_release_that_has_it(kea):
    handle = kea.handle()
    with pytest.raises(UnsupportedError, match="does not honour PARK at subnet4_select \\(it does "
                                               "from Kea 2.6\\); packets can be parked at leases4_committed$"):
        handle.callout_handle("subnet4_select").park()


@pytest.mark.parametrize("module", ["async"], indirect=True)
@pytest.mark.parametrize("answer, outcome", [("allow", State.UNPARKED), ("drop", State.DROPPED),
                                             ("raise", State.DROPPED)])
def test_async_callout_parks_and_its_result_resumes(kea, module, answer, outcome, capfd):
    module.answer = answer
    before = resumed()
    query, handle, status = committed(kea, mac="02:00:00:00:00:33")
    assert status is NextStep.PARK
    wait_for(lambda: module.seen)
    assert module.seen == [("02:00:00:00:00:33", "PARKED")]
    parked, = module.parked
    wait_for(lambda: parked.state is not State.PARKED)
    assert parked.state is outcome
    assert resumed() == before + (outcome is State.UNPARKED)
    if answer == "raise":
        log = "".join(capfd.readouterr())
        assert "async callout parking_hook.decide at leases4_committed failed; the packet is dropped" in log
        assert "RuntimeError: no decision for 02:00:00:00:00:33" in log


@pytest.mark.parametrize("module", ["async"], indirect=True)
def test_unload_cancels_a_running_coroutine_and_drops_its_packet(kea, module, capfd):
    module.answer = "hold"
    module.release.clear()
    before = resumed()
    committed(kea, mac="02:00:00:00:00:34")
    wait_for(lambda: module.seen)
    kea.unload()
    assert "was cancelled (the hook library unloads); the packet is dropped" in "".join(capfd.readouterr())
    assert resumed() == before
    kea.load(PARKING, mode="keep")


def test_async_callout_where_kea_cannot_park_fails_the_load(kea, capfd):
    with pytest.raises(KeaError):
        kea.load(os.path.join(HOOKS, "async_misplaced.py"))
    log = "".join(capfd.readouterr())
    assert ("InvalidArgumentError: async def pkt4_send needs a hook point that honours PARK: "
            f"Kea {kea_version()} does not honour PARK at pkt4_send") in log

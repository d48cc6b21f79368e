"""The runtime inside Kea's real hooks framework (HooksManager in this process): load, callouts,
errors, context, commands, logging, unload and reload."""

import gc
import ipaddress
import os
import weakref

import pytest

from pykea import (DetachedError, HWAddr, Lease4, MessageType, NextStep, NotFoundError, Pkt4,
                   WrongTypeError, runtime)
from pykea._bindings import ffi, lib
from pykea.features import kea_hooks_version
from pykea.handle import live_contexts
from pykea.testing import KeaHooks

HOOKS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "hooks")
BASIC = os.path.join(HOOKS, "basic_hook.py")


@pytest.fixture(scope="module")
def kea():
    return KeaHooks(server=4)


@pytest.fixture
def basic(kea):
    kea.load(BASIC, answer=42)
    yield runtime.loaded().module
    kea.unload()


def query(transid):
    packet = Pkt4(MessageType.DISCOVER, transid)
    packet.hwaddr = HWAddr.parse("02:00:00:00:00:02")
    return packet


def receive(kea, transid):
    handle = kea.handle()
    handle.set("pkt4_receive", "query4", query(transid))
    return handle, handle.call("pkt4_receive")


def kea_log(capfd):
    """What Kea's logger wrote (to stderr in this process)."""
    return "".join(capfd.readouterr())


def live_handles():
    count = ffi.new("uint64_t *")
    lib.pykea_live_handles(count)
    return count[0]


def test_load_registers_hook_functions_and_warns_about_near_misses(kea, capfd):
    kea.load(BASIC, answer=42)
    try:
        module = runtime.loaded().module
        assert module.parameters["answer"] == 42
        assert module.parameters["module"] == BASIC
        assert sorted(runtime.loaded().callouts) == ["lease4_select", "pkt4_receive", "pkt4_send"]
        log = kea_log(capfd)
        assert "basic_hook loaded with answer=42" in log
        assert "basic_hook.pkt4_recieve is not a hook point and is not called; did you mean pkt4_receive?" in log
        assert "pkt6_receive is a kea-dhcp6 hook point" in log
        assert "helper_function" not in log
    finally:
        kea.unload()


def test_callout_reads_arguments_and_context_spans_hook_points(kea, basic):
    handle, status = receive(kea, 0x42)
    assert status is NextStep.CONTINUE
    response = Pkt4(MessageType.OFFER, 0x42)
    handle.set("pkt4_send", "query4", query(0x42))
    handle.set("pkt4_send", "response4", response)
    assert handle.call("pkt4_send") is NextStep.CONTINUE
    assert basic.seen == [("pkt4_receive", 0x42), ("pkt4_send", 0x42)]
    assert response.options[252].as_str() == "http://wpad.example/wpad.dat"


def test_misspelt_function_is_never_called(kea, basic):
    receive(kea, 1)
    assert "misspelt" not in basic.seen


def test_callout_sets_status(kea, basic):
    assert receive(kea, 0x5EE)[1] is NextStep.SKIP


def test_exception_drops_the_packet_and_logs_the_traceback(kea, basic, capfd):
    assert receive(kea, 0xDEAD)[1] is NextStep.DROP
    log = kea_log(capfd)
    assert "callout basic_hook.pkt4_receive at pkt4_receive failed; the packet is dropped" in log
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: boom" in log
    assert receive(kea, 0x43)[1] is NextStep.CONTINUE      # the next packet is served


def test_non_integer_return_drops_the_packet(kea, basic, capfd):
    assert receive(kea, 0xBAD)[1] is NextStep.DROP
    assert ("returned str 'not an int'; a callout returns None (status unchanged) or a NextStep"
            in kea_log(capfd))


@pytest.mark.parametrize("transid, returned, status", [
    (0x7005, "NextStep.DROP", NextStep.DROP), (0x7006, "NextStep.SKIP", NextStep.SKIP),
    (0x7007, "0", NextStep.CONTINUE), (0x7008, "NextStep.CONTINUE", NextStep.CONTINUE)])
def test_returning_a_next_step_sets_the_status(kea, basic, capfd, transid, returned, status):
    assert receive(kea, transid)[1] is status
    assert "failed" not in kea_log(capfd)


@pytest.mark.parametrize("transid, shown", [
    (0x7001, "bool True"), (0x7002, "int -1"), (0x7003, f"int {2**100}"), (0x7004, "int 2")])
def test_any_other_return_is_an_error_logged_once_and_handled_by_on_error(kea, basic, capfd,
                                                                         transid, shown):
    assert receive(kea, transid)[1] is NextStep.DROP
    log = kea_log(capfd)
    assert log.count("callout basic_hook.pkt4_receive at pkt4_receive failed; the packet is "
                     "dropped") == 1
    assert f"returned {shown};" in log
    assert "HOOKS_CALLOUT_ERROR" not in log       # pykea handled it: Kea does not log it again


def test_on_error_continue_keeps_processing(kea, capfd):
    kea.load(BASIC, on_error="continue")
    try:
        assert receive(kea, 0xDEAD)[1] is NextStep.CONTINUE
        assert "processing continues (on-error: continue)" in kea_log(capfd)
    finally:
        kea.unload()


def test_writable_arguments_are_read_back_and_others_refused(kea, basic):
    handle = kea.handle()
    lease = Lease4("192.0.2.20")
    handle.set("lease4_select", "query4", query(7))
    handle.set("lease4_select", "lease4", lease)
    handle.set("lease4_select", "fake_allocation", True)
    if kea.points["lease4_select"].argument("offer_lft"):     # Kea 2.6 and later pass it
        handle.set("lease4_select", "offer_lft", 0)
    callout_handle = handle.callout_handle("lease4_select")
    with pytest.raises(Exception):
        callout_handle["subnet4"]        # Kea passes a subnet; none was set here
    assert callout_handle["fake_allocation"] is True
    with pytest.raises(WrongTypeError, match="does not read lease4_select's argument 'query4' back"):
        callout_handle["query4"] = query(8)
    with pytest.raises(NotFoundError, match="lease4_select has no argument 'lease6'"):
        callout_handle["lease6"]


def test_context_is_released_when_kea_destroys_the_handle(kea, basic):
    gc.collect()
    before = live_contexts()
    handle, _ = receive(kea, 0x44)
    assert live_contexts() == before + 1
    del handle
    gc.collect()
    assert live_contexts() == before


def test_command_handlers(kea, basic):
    assert kea.command("basic-echo", {"x": 1}) == {
        "result": 0, "text": "success", "arguments": {"echo": {"x": 1}}}
    assert kea.command("basic-fail") == {"result": 1, "text": "ValueError: no such widget"}


def test_unload_runs_user_unload_and_detaches_kept_objects(kea, capfd):
    kea.load(BASIC)
    module = runtime.loaded().module
    handle, _ = receive(kea, 0x4EE)
    del handle
    kept = module.kept[0]
    kea.unload()
    assert module.seen[-1] == "unload"
    with pytest.raises(DetachedError):
        kept.transid
    assert "still referenced from Python at unload" in kea_log(capfd)


def test_objects_kept_at_module_level_are_freed_with_the_module_at_unload(kea, capfd):
    gc.collect()
    before = live_handles()
    kea.load(os.path.join(HOOKS, "module_objects_hook.py"))
    module = weakref.ref(runtime.loaded().module)
    handle = kea.handle()
    handle.set("pkt4_send", "query4", query(0x0B1))
    response = Pkt4(MessageType.OFFER, 0x0B1)
    handle.set("pkt4_send", "response4", response)
    assert handle.call("pkt4_send") is NextStep.CONTINUE
    assert response.options[6].as_addresses() == [ipaddress.IPv4Address("192.0.2.53"),
                                                  ipaddress.IPv4Address("192.0.2.54")]
    assert kea.command("module-objects") == {"result": 0, "text": "success",
                                             "arguments": {"answered": 1}}
    del handle, response
    gc.collect()
    assert live_handles() > before          # the module's options and lease
    kea.unload()
    assert module() is None                 # collected at unload, not at the next load
    assert "still referenced from Python at unload" not in kea_log(capfd)
    assert live_handles() <= before


def test_twenty_reloads_leave_no_handles_or_contexts_behind(kea):
    gc.collect()
    handles_before, contexts_before = live_handles(), live_contexts()
    for cycle in range(20):
        kea.load(BASIC)
        for transid in range(10):
            handle, status = receive(kea, transid + 1)
            assert status is NextStep.CONTINUE
        del handle
        kea.unload()
    gc.collect()
    # Earlier tests' leftovers may be collected during the loop, so "no more than before".
    assert live_handles() <= handles_before
    assert live_contexts() <= contexts_before


@pytest.mark.parametrize("module, message", [
    ("broken_syntax.py", "SyntaxError"),
    ("raises_on_import.py", "the database this hook needs is not configured"),
    ("failing_load.py", "KeyError: 'missing-parameter'"),
    ("no_such_module.py", "no file"),
])
def test_broken_modules_fail_the_load_with_the_reason_in_the_log(kea, capfd, module, message):
    with pytest.raises(Exception, match="could not load"):
        kea.load(os.path.join(HOOKS, module))
    assert message in kea_log(capfd)
    assert runtime.loaded() is None


def test_wrong_parameter_types_are_named(kea, capfd):
    with pytest.raises(Exception):
        kea.load(BASIC, on_error="explode")
    assert "hook parameter 'on-error' is 'explode': use \"drop\" or \"continue\"" in kea_log(capfd)


def test_dotted_module_name_and_python_path(kea):
    kea.load("basic_hook", python_path=[HOOKS])
    try:
        assert runtime.loaded().module_name == "basic_hook"
    finally:
        kea.unload()


def test_library_handle_registers_and_deregisters_callouts(kea):
    kea.load(os.path.join(HOOKS, "registering_hook.py"))
    try:
        module = runtime.loaded().module
        assert receive(kea, 1)[1] is NextStep.CONTINUE
        assert module.calls == ["count"]
        assert module.errors == ["'pkt4_recieve' is not a hook point of kea-dhcp4 "
                                 f"(KEA_HOOKS_VERSION {kea_hooks_version()}); did you mean pkt4_receive?"]
    finally:
        kea.unload()

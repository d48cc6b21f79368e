"""The kea_python compatibility layer ("compat": "kea_python") in Kea's real hooks framework:
a hook written against kea_python's 'kea' module loads, its callouts see kea_python's API on
pykea's objects, and without the parameter there is no 'kea' module."""

import os
import sys
import time

import pytest

from pykea import (HWAddr, InvalidArgumentError, Lease4, MessageType, NextStep, Option, Pkt4,
                   DHCP4Option, leasemgr, runtime)
from pykea.compat import kea_python as kea
from pykea.testing import KeaHooks

HOOKS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "hooks")
COMPAT_HOOK = os.path.join(HOOKS, "kea_python", "compat_hook.py")
RETURNS_ONE = os.path.join(HOOKS, "kea_python", "returns_one.py")
BASIC = os.path.join(HOOKS, "basic_hook.py")


@pytest.fixture(scope="module")
def hooks():
    return KeaHooks(server=4)


@pytest.fixture(params=[False, True], ids=["single-threaded", "multi-threaded"])
def loaded(hooks, request):
    hooks.load(COMPAT_HOOK, multi_threading=request.param, compat="kea_python")
    yield runtime.loaded().module
    hooks.unload()


def query(message_type=MessageType.REQUEST, hostname=None):
    packet = Pkt4(message_type, 7)
    packet.hwaddr = HWAddr.parse("02:00:00:00:00:07")
    if hostname:
        packet.options.add(Option.from_str(12, hostname))
    return packet


def test_kea_module_exists_only_with_the_parameter(hooks):
    hooks.load(BASIC, answer=1)
    try:
        assert "kea" not in sys.modules
    finally:
        hooks.unload()
    hooks.load(COMPAT_HOOK, compat="kea_python")
    try:
        assert sys.modules["kea"] is kea
        assert runtime.loaded().module.compat_helper.kea is kea
    finally:
        hooks.unload()
    assert "kea" not in sys.modules


def test_unknown_compat_value_is_refused_with_the_fix(hooks):
    with pytest.raises(InvalidArgumentError, match='the only layer is "kea_python"'):
        runtime.Settings({"module": COMPAT_HOOK, "compat": "isc_forge"})


def test_callouts_get_kea_python_handles(loaded, hooks):
    handle = hooks.handle()
    handle.set("pkt4_receive", "query4", query())
    assert handle.call("pkt4_receive") is NextStep.CONTINUE
    assert loaded.calls[-1] == ("pkt4_receive", kea.DHCPREQUEST, "request")
    response = Pkt4(MessageType.NAK, 7)
    handle.set("pkt4_send", "response4", response)
    handle.set("pkt4_send", "query4", query())
    handle.call("pkt4_send")
    assert loaded.calls[-1] == ("pkt4_send", "02:00:00:00:00:07")    # context kept per request
    assert response.type is MessageType.ACK
    assert str(response.yiaddr) == "192.0.2.157"
    assert response.options[51].data == (7200).to_bytes(4, "big")
    assert response.options[15].data == b"example.org"


def test_set_status_and_lease_address(loaded, hooks):
    handle = hooks.handle()
    handle.set("pkt4_receive", "query4", query(hostname="drop-me"))
    assert handle.call("pkt4_receive") is NextStep.DROP
    lease = Lease4("192.0.2.10")
    handle = hooks.handle()
    handle.set("lease4_select", "lease4", lease)
    handle.set("lease4_select", "query4", query())
    assert handle.call("lease4_select") is NextStep.SKIP
    assert str(handle.get("lease4_select", "lease4").address) == "192.0.2.157"


def test_a_raising_callout_is_logged_and_kea_goes_on(loaded, hooks, capfd):
    handle = hooks.handle()
    handle.set("pkt4_receive", "query4", query(hostname="raise"))
    assert handle.call("pkt4_receive") is NextStep.CONTINUE      # kea_python's behaviour
    assert "asked to raise" in "".join(capfd.readouterr())


def test_a_callout_returning_one_is_an_error_that_kea_logs(hooks, capfd):
    hooks.load(RETURNS_ONE, compat="kea_python")
    try:
        handle = hooks.handle()
        handle.set("pkt4_receive", "query4", query())
        assert handle.call("pkt4_receive") is NextStep.CONTINUE
        assert "returned 1" in "".join(capfd.readouterr())
    finally:
        hooks.unload()


def test_command_callout_reads_command_and_sets_response(loaded, hooks):
    answer = hooks.command("compat-echo", {"x": 1})
    assert answer == {"result": 0, "text": "echo",
                      "arguments": {"got": {"x": 1}, "kea": kea.__version__}}


# ---- the objects, outside a callout ----------------------------------------------------------

def test_pkt4_accessors():
    p = kea.Pkt4(kea.DHCPREQUEST, 42)
    assert p.getType() == kea.DHCPREQUEST and p.getFlags() == 0
    p.setType(kea.DHCPNAK)
    p.setFlags(0x8000)
    assert (p.getType(), p.getFlags()) == (kea.DHCPNAK, 0x8000)
    for name in ("LocalAddr", "RemoteAddr", "Ciaddr", "Giaddr", "Siaddr", "Yiaddr"):
        assert getattr(p, "get" + name)() == "0.0.0.0"
        assert getattr(p, "set" + name)("1.2.3.4") is p
        assert getattr(p, "get" + name)() == "1.2.3.4"
        with pytest.raises(TypeError, match="Failed to convert string to address 'foo'"):
            getattr(p, "set" + name)("foo")
    assert p.getHWAddr() == ""
    assert p.setHWAddr("01:02:03:04:05:06") is p and p.getHWAddr() == "01:02:03:04:05:06"
    with pytest.raises(TypeError):
        p.setHWAddr("foo")


def test_pkt4_options_wire_and_text():
    p = kea.Pkt4(kea.DHCPREQUEST, 42)
    assert p.getOption(kea.DHO_DHCP_MESSAGE_TYPE).getBytes() == bytes([kea.DHCPREQUEST])
    assert p.delOption(42) is False
    assert p.addOption(kea.Option(kea.DHO_DOMAIN_NAME).setString("test.org")) is p
    assert p.getOption(kea.DHO_DOMAIN_NAME).getString() == "test.org"
    assert "type=015, len=008" in p.toText()
    with pytest.raises(TypeError, match="must be kea.Option"):
        p.addOption("foo")
    again = kea.Pkt4(p.pack())
    assert again.unpack() is None
    assert again.getOption(kea.DHO_DOMAIN_NAME).getString() == "test.org"


def test_option_values_and_sub_options():
    o = kea.Option(42)
    assert o.getType() == 42
    assert o.setUint8(0xfe).getUint8() == 0xfe
    assert o.setUint16(0xfeed).getBytes() == b"\xfe\xed"
    assert o.setUint32(0x01020304).getUint32() == 0x01020304
    assert o.setString("Pokémon").getString() == "Pokémon"
    o = kea.Option(42).addOption(kea.Option(2).setUint8(0xef))
    assert o.getOption(2).getUint8() == 0xef
    assert o.pack().hex() == "2a030201ef"
    assert o.toText().startswith("type=042, len=003")
    with pytest.raises(TypeError):
        kea.Option("foo")


def test_lease4_attributes_and_element():
    x = kea.Lease4()
    assert (x.addr, x.valid_lft, x.hostname, x.hwaddr, x.client_id) == ("0.0.0.0", 0, None, None, None)
    with pytest.raises(RuntimeError, match="hwaddr must not be empty"):
        x.toElement()
    with pytest.raises(TypeError, match="Failed to convert string to address 'bogus'"):
        x.addr = "bogus"
    with pytest.raises(TypeError, match="the addr attribute value must be a str"):
        x.addr = 0
    with pytest.raises(TypeError, match="the valid_lft attribute value must be an int"):
        x.valid_lft = "bogus"
    with pytest.raises(TypeError, match="the fqdn_fwd attribute value must be a bool"):
        x.fqdn_fwd = "bogus"
    x.addr, x.hwaddr, x.client_id = "192.168.0.1", "01:02:03:04:05:06", "02:03:04:05:06:07"
    x.cltt, x.valid_lft, x.subnet_id, x.state = 3600, 1800, 4, 1
    x.hostname, x.fqdn_fwd = "example.com", True
    assert x.setContext({"foo": "bar"}) is x and x.getContext() == {"foo": "bar"}
    element = x.toElement()
    assert element["ip-address"] == "192.168.0.1" and element["hw-address"] == "01:02:03:04:05:06"
    assert element["client-id"] == "02:03:04:05:06:07" and element["hostname"] == "example.com"
    assert (element["valid-lft"], element["cltt"], element["subnet-id"]) == (1800, 3600, 4)
    x.hostname = None
    assert x.hostname is None


def test_lease_manager_without_a_database_is_kea_pythons_type_error(hooks):
    with pytest.raises(TypeError, match="no current lease manager is available"):
        kea.LeaseMgr()


@pytest.mark.requires_kea(feature="lease-database")
def test_lease_manager(hooks):
    leasemgr.open_for_testing("type=memfile persist=false universe=4")
    try:
        lease = kea.Lease4()
        lease.addr, lease.hwaddr, lease.client_id = "192.0.2.5", "1a:1b:1c:1d:1e:1f", "01:02:03"
        lease.subnet_id, lease.valid_lft, lease.cltt = 5, 4000, int(time.time())
        mgr = kea.LeaseMgr()
        assert mgr.addLease(lease) is None
        assert mgr.getLease4(addr="192.0.2.5").hwaddr == "1a:1b:1c:1d:1e:1f"
        assert mgr.getLease4(hwaddr="1a:1b:1c:1d:1e:1f", subnet_id=5).addr == "192.0.2.5"
        assert mgr.getLease4(client_id="01:02:03", subnet_id=5).addr == "192.0.2.5"
        assert [l.addr for l in mgr.getLease4(hwaddr="1a:1b:1c:1d:1e:1f")] == ["192.0.2.5"]
        assert [l.addr for l in mgr.getLeases4(subnet_id=5)] == ["192.0.2.5"]
        assert [l.addr for l in mgr.getLeases4()] == ["192.0.2.5"]
        assert [l.addr for l in mgr.getLeases4(lower_bound_address="0.0.0.0", page_size=5)] == ["192.0.2.5"]
        assert mgr.getLease4(addr="192.0.2.6") is None
        with pytest.raises(TypeError, match="invalid argument combination"):
            mgr.getLease4(addr="192.0.2.5", subnet_id=5)
        assert mgr.deleteLease(mgr.getLease4(addr="192.0.2.5")) is True
        assert mgr.wipeLeases4(5) == 0
    finally:
        leasemgr.close_for_testing()


def test_constants_match_kea():
    assert (kea.NEXT_STEP_CONTINUE, kea.NEXT_STEP_SKIP, kea.NEXT_STEP_DROP) == (
        NextStep.CONTINUE, NextStep.SKIP, NextStep.DROP)
    assert (kea.DHCPDISCOVER, kea.DHCPACK, kea.DHCPNAK, kea.DHCPINFORM) == (1, 5, 6, 8)
    checked = 0
    for name in kea.__all__:
        if name.startswith("DHO_") and name not in ("DHO_PAD", "DHO_END"):
            option = name[4:].lower().replace("_", "-")
            code = getattr(DHCP4Option, name[4:], None)
            if code is not None:
                assert int(code) == getattr(kea, name), (name, option)
                checked += 1
    assert checked > 50


def test_star_import_gives_only_kea_python_names():
    namespace = {}
    exec("from pykea.compat.kea_python import *", namespace)
    names = set(namespace) - {"__builtins__"}
    assert {"CalloutHandle", "Pkt4", "Option", "Lease4", "LeaseMgr", "HostMgr", "CfgMgr",
            "NEXT_STEP_SKIP", "DHO_ROUTERS", "DHCPREQUEST", "logger"} <= names
    assert not {n for n in names if n[0].islower() and n not in ("logger",)}
    assert all(isinstance(namespace[n], int) for n in names if n.startswith("DHCP"))

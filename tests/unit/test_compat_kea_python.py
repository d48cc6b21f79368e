"""The kea_python compatibility layer ("compat": "kea_python") in Kea's real hooks framework:
a hook written against kea_python's 'kea' module loads, its callouts see kea_python's API on
pykea's objects, and without the parameter there is no 'kea' module."""

import os
import re
import socket
import sys
import time

import pytest

from pykea import (HWAddr, InvalidArgumentError, Lease4, MessageType, NextStep, Option, Pkt4,
                   DHCP4Option, leasemgr, runtime)
from pykea import features as pykea_features
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


# ---- objects Kea makes, and the configuration backend (pykea.cb) ------------------------------

needs_cb = pytest.mark.requires_kea(feature="config-backend")


@pytest.mark.parametrize("cls", [kea.CfgSubnets4, kea.SrvConfig, kea.CfgMgr, kea.HostMgr,
                                 kea.ConfigBackendDHCPv4Mgr, kea.ConfigBackendPoolDHCPv4])
def test_objects_kea_makes_cannot_be_made(cls):
    with pytest.raises(TypeError, match=rf"^cannot create 'kea\.{cls.__name__}' instances$"):
        cls()


def test_handles_cannot_be_made_and_the_refusal_says_how_to_test():
    with pytest.raises(TypeError,
                       match=r"cannot create 'kea\.CalloutHandle' instances: .*KeaHooks"):
        kea.CalloutHandle(object())
    with pytest.raises(TypeError, match=r"cannot create 'kea\.Host' instances: .*parse"):
        kea.Host()


@pytest.fixture
def kea_logging(hooks):
    """Kea's parsers log, which needs Kea's logging started (the hooks fixture does that)."""


@needs_cb
def test_subnet4_from_kea_python_arguments_is_parsed_by_kea(kea_logging):
    subnet = kea.Subnet4("192.0.2.0", 24, 900, 1800, 3600, 5)
    element = subnet.toElement()
    assert (element["id"], element["subnet"]) == (5, "192.0.2.0/24")
    assert (element["renew-timer"], element["rebind-timer"], element["valid-lifetime"]) == \
        (900, 1800, 3600)
    assert "shared-network-name" not in element           # Kea's Subnet4::toElement
    assert (subnet.getID(), subnet.getValid(), subnet.toText()) == (5, 3600, "192.0.2.0/24")
    assert subnet.inRange("192.0.2.77") and not subnet.inRange("198.51.100.1")
    unspecified = kea.Subnet4("198.51.100.0", 25, None, None, None, 6).toElement()
    assert not {"renew-timer", "rebind-timer", "valid-lifetime"} & set(unspecified)
    assert unspecified["subnet"] == "198.51.100.0/25"


@needs_cb
def test_subnet4_arguments_are_checked_and_kea_refusals_are_type_errors(kea_logging):
    with pytest.raises(TypeError, match="argument 1 must be str, not int"):
        kea.Subnet4(1, 24, None, None, None, 1)
    with pytest.raises(TypeError, match="'t2' must be int or None"):
        kea.Subnet4("192.0.2.0", 24, None, "x", None, 1)
    with pytest.raises(TypeError, match="cannot be interpreted as an integer"):
        kea.Subnet4("192.0.2.0", 24, None, None, None, "one")
    with pytest.raises(TypeError, match="'oops'"):               # Kea's own words
        kea.Subnet4("oops", 24, None, None, None, 1)
    with pytest.raises(TypeError, match="prefix length"):
        kea.Subnet4("192.0.2.0", 33, None, None, None, 1)


@needs_cb
def test_built_subnet4_shared_network_and_server_tags(kea_logging):
    subnet = kea.Subnet4("192.0.2.0", 24, None, None, 3600, 5)
    assert subnet.getSharedNetworkName() == ""
    subnet.setSharedNetworkName("floor3")
    assert subnet.getSharedNetworkName() == "floor3"
    assert subnet.toElement()["valid-lifetime"] == 3600            # the rest kept
    with pytest.raises(TypeError, match="argument 1 must be str, not int"):
        subnet.setSharedNetworkName(3)
    assert subnet.getServerTags() == set() and subnet.getMetadata() == {"server-tags": []}
    subnet.setServerTag("two")
    subnet.setServerTag("one")
    assert subnet.getServerTags() == {"one", "two"}
    assert subnet.getMetadata() == {"server-tags": ["one", "two"]}
    subnet.delServerTag("two")
    assert subnet.getServerTags() == {"one"}
    with pytest.raises(TypeError, match="'two' is not set"):
        subnet.delServerTag("two")
    with pytest.raises(TypeError, match="server-tag"):
        subnet.setServerTag("")
    with pytest.raises(TypeError, match="'any' is reserved"):
        subnet.setServerTag("any")
    subnet.setServerTag(" Floor3 ")                       # as Kea's ServerTag holds it
    assert subnet.getServerTags() == {"one", "floor3"}


@needs_cb
def test_subnet4_config_parser_uses_kea_s_parser(kea_logging):
    parser = kea.Subnet4ConfigParser()
    subnet = parser.parse({"subnet": "192.0.2.0/24", "id": 7,
                           "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]})
    assert isinstance(subnet, kea.Subnet4)
    element = subnet.toElement()
    assert (element["id"], element["pools"][0]["pool"]) == (7, "192.0.2.10-192.0.2.20")
    with pytest.raises(TypeError, match="spurious 'color'"):
        parser.parse({"subnet": "192.0.2.0/24", "id": 7, "color": "blue"})
    with pytest.raises(TypeError):
        parser.parse(None)


@needs_cb
def test_server_holds_its_tag_and_description(kea_logging):
    server = kea.Server("kea", "the lab's server")
    assert (server.getServerTagAsText(), server.getDescription()) == ("kea", "the lab's server")
    assert server.toElement() == {"server-tag": "kea", "description": "the lab's server"}
    with pytest.raises(TypeError, match="argument 2 must be str, not int"):
        kea.Server("kea", 1)
    with pytest.raises(TypeError):
        kea.Server("", "no tag")                                   # Kea's ServerTag refuses it


@needs_cb
def test_client_classes_are_parsed_into_a_dictionary_in_order(kea_logging):
    classes = kea.ClientClassDictionary()
    assert classes.getClasses() == []
    parser = kea.ClientClassDefParser()
    assert parser.parse(classes, {"name": "lab", "test": "option[60].text == 'lab'",
                                  "option-data": [{"name": "domain-name",
                                                   "data": "lab.example.org"}]}) is None
    parser.parse(classes, {"name": "guests"})
    assert [c.getName() for c in classes.getClasses()] == ["lab", "guests"]
    lab_class = classes.getClasses()[0].toElement()
    assert lab_class["test"] == "option[60].text == 'lab'"
    assert lab_class["option-data"][0]["data"] == "lab.example.org"
    with pytest.raises(TypeError, match="Client Class: lab has already been defined"):
        parser.parse(classes, {"name": "lab"})
    with pytest.raises(TypeError, match="argument 1 must be kea.ClientClassDictionary"):
        parser.parse(None, {"name": "x"})
    with pytest.raises(TypeError):                                  # Kea's evaluator refuses it
        parser.parse(classes, {"name": "bad", "test": "option[60].text =="})
    with pytest.raises(RuntimeError, match="ClientClassDef object is not initialized"):
        kea.ClientClassDef().toElement()
    v6 = {"name": "lab6", "option-data": [{"name": "dns-servers", "data": "2001:db8::53"}]}
    kea.ClientClassDefParser().parse(classes, v6, socket.AF_INET6)    # DHCPv6's option names
    assert classes.getClasses()[2].toElement()["option-data"][0]["space"] == "dhcp6"
    with pytest.raises(TypeError, match="dns-servers"):
        kea.ClientClassDefParser().parse(kea.ClientClassDictionary(), v6)   # not a DHCPv4 option


@needs_cb
def test_pool_without_a_backend_finds_nothing_and_refuses_writes_as_kea_does(kea_logging):
    manager = kea.ConfigBackendDHCPv4Mgr.instance()
    assert isinstance(manager, kea.ConfigBackendDHCPv4Mgr)
    pool = manager.getPool()
    assert isinstance(pool, kea.ConfigBackendPoolDHCPv4)
    assert pool.getSubnet4("unspec", "all", 1) is None
    assert pool.getSubnet4("unspec", ["one", "two"], 1) is None
    assert pool.getAllSubnets4("unspec", "any") == []
    assert pool.getClientClass4("unspec", "one", "lab") is None
    assert pool.getAllClientClasses4("unspec", "unassigned") == []
    with pytest.raises(TypeError, match="no such database found for selector: unspecified"):
        pool.getAllServers4("unspec")                  # Kea reads servers from one backend
    subnet = kea.Subnet4("192.0.2.0", 24, None, None, None, 1)
    with pytest.raises(TypeError, match="no such database found for selector: unspecified"):
        pool.createUpdateSubnet4("unspec", "all", subnet)
    with pytest.raises(TypeError, match="no such database found for selector: type=mysql"):
        pool.createUpdateServer4("mysql", kea.Server("kea", "kea server"))
    with pytest.raises(TypeError, match="no such database found for selector: unspecified"):
        pool.deleteSubnet4("unspec", "all", 1)
    with pytest.raises(TypeError, match="no such database found"):
        pool.deleteServer4("postgresql", "kea")
    cls = kea.ClientClassDictionary()
    kea.ClientClassDefParser().parse(cls, {"name": "lab"})
    with pytest.raises(TypeError, match="no such database found"):
        pool.createUpdateClientClass4("unspec", "all", cls.getClasses()[0])
    with pytest.raises(TypeError, match="no such database found"):
        pool.deleteClientClass4("unspec", "all", "lab")


@needs_cb
def test_pool_checks_backend_and_server_selectors(kea_logging):
    pool = kea.ConfigBackendDHCPv4Mgr.instance().getPool()
    subnet = kea.Subnet4("192.0.2.0", 24, None, None, None, 1)
    with pytest.raises(TypeError, match="unrecognised selector: all"):
        pool.getAllServers4("all")
    with pytest.raises(TypeError, match="argument 1 must be str, not int"):
        pool.getAllSubnets4(1, "all")
    with pytest.raises(TypeError, match="server selector must be string or list of strings"):
        pool.createUpdateSubnet4("unspec", 1, subnet)
    with pytest.raises(TypeError, match="argument 3 must be kea.Subnet4, not int"):
        pool.createUpdateSubnet4("unspec", "all", 1)
    with pytest.raises(TypeError, match="ServerSelector: expecting at least one server tag"):
        pool.getSubnet4("unspec", [], 1)
    with pytest.raises(TypeError, match="expected string for server selector element 1"):
        pool.getAllSubnets4("unspec", ["one", 2])
    with pytest.raises(TypeError, match="cannot be interpreted as an integer"):
        pool.deleteSubnet4("unspec", "all", "one")
    with pytest.raises(TypeError, match="argument 3 must be kea.ClientClassDef, not str"):
        pool.createUpdateClientClass4("unspec", "all", "lab")
    with pytest.raises(RuntimeError, match="not initialized"):
        pool.createUpdateClientClass4("unspec", "all", kea.ClientClassDef())
    with pytest.raises(TypeError, match="config-control"):
        kea.ConfigBackendDHCPv4Mgr.instance().addBackend("type=mysql")


@pytest.mark.requires_kea(feature="config-backend", available=False)
def test_without_the_configuration_backend_the_classes_say_why():
    reason = pykea_features.feature("config-backend").reason
    with pytest.raises(TypeError, match=re.escape(reason)):
        kea.ConfigBackendDHCPv4Mgr.instance()
    with pytest.raises(TypeError, match=re.escape(reason)):
        kea.Subnet4("192.0.2.0", 24, None, None, None, 1)
    with pytest.raises(TypeError, match=re.escape(reason)):
        kea.Server("kea", "kea server")
    with pytest.raises(TypeError, match=re.escape(reason)):
        kea.ClientClassDefParser().parse(kea.ClientClassDictionary(), {"name": "lab"})

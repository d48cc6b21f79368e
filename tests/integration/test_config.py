"""Subnets, shared networks and the server configuration seen from a hook in a real kea-dhcp4
and kea-dhcp6: what dhcp4_srv_configured's server_config holds, Kea's subnet selection, a hook
that steers a client to another subnet (checked on the wire), DDNS parameters."""

import json
import re
import subprocess

import pytest

from pykea import features
from pykea.tools import lab

from testsupport import hook
from testsupport import client as client6

pytestmark = pytest.mark.requires_kea(feature="subnets")
needs_server_config = pytest.mark.requires_kea(feature="server-config")

OTHER = "198.51.100.0/24"


def boost_mismatch():
    """Why Kea's subnet collections cannot reach pykea, or None: a multi_index container's C++
    type depends on the Boost release, and CalloutHandle::getArgument needs the exact type, so
    the collection arguments are unreadable when Kea was built with another Boost than the
    headers pykea was built with (Debian sid had Kea 3.0.4 built with Boost 1.90, libboost-dev
    1.92)."""
    built = re.search(r"BOOST_VERSION:\s*(\d+)\.(\d+)|Boost:\s*(\d+)_(\d+)",
                      subprocess.run(["kea-dhcp4", "-W"], capture_output=True, text=True).stdout)
    with open("/usr/include/boost/version.hpp") as header:
        ours = re.search(r'BOOST_LIB_VERSION "(\d+)_(\d+)"', header.read()).groups()
    theirs = tuple(part for part in built.groups() if part) if built else None
    if theirs and theirs != ours:
        return (f"Kea was built with Boost {'.'.join(theirs)} and pykea with Boost "
                f"{'.'.join(ours)}: Kea's subnet collections have another C++ type")
    return None


def readable_collection(select):
    """The subnet ids of the collection argument, or a skip where Boost releases differ."""
    collection = select["collection"]
    if isinstance(collection, dict):
        reason = boost_mismatch()
        assert reason and "WrongTypeError" in collection["error"], collection
        pytest.skip(reason)
    return collection


def classes(names):
    """Kea 3.0 spells a subnet's classes client-classes, earlier Kea client-class."""
    if lab.kea_release() >= (3, 0, 0):
        return {"client-classes": names}
    return {"client-class": names[0]}


def dhcp4_overrides(network):
    """The lab's subnet 1, subnet 3 (another prefix, with a user context, a relay and a class)
    and subnet 2 in the shared network "backup"."""
    base = lab.dhcp4_config(network)["Dhcp4"]["subnet4"]
    other = {"id": 3, "subnet": OTHER, "pools": [{"pool": "198.51.100.100 - 198.51.100.199", "pool-id": 7}],
             "user-context": {"site": "b"}, "relay": {"ip-addresses": ["192.0.2.254"]},
             "option-data": [{"name": "domain-name", "data": "other.example.org"}],
             **classes(["ALL"])}
    backup = {"name": "backup", "subnet4": [
        {"id": 2, "subnet": "203.0.113.0/24", "pools": [{"pool": "203.0.113.10 - 203.0.113.20"}]}]}
    return {"subnet4": base + [other], "shared-networks": [backup]}


@pytest.fixture
def run4(network, tmp_path):
    """Starts kea-dhcp4 with the config hook, runs the client; returns (records, exchanges)."""
    def run(*client_arguments, steer_to=None, **overrides):
        path = tmp_path / "record.json"
        parameters = {"module": hook("config_hook.py"), "record": str(path)}
        if steer_to is not None:
            parameters["steer-to"] = steer_to
        config = lab.dhcp4_config(network, parameters, **dhcp4_overrides(network), **overrides)
        with lab.KeaServer(network, config, name=f"pykea-config-{network.server}") as kea:
            exchanges = lab.run_client(network, "dora", *client_arguments)
            log = kea.log()
        assert "Traceback" not in log, log[-4000:]
        return json.loads(path.read_text()), exchanges
    return run


def test_a_hook_steers_the_client_to_another_subnet_of_the_collection(run4):
    records, (exchange,) = run4("--mac", "02:00:00:00:03:01", steer_to=3)
    select = records["subnet4_select"]
    assert select["chosen"]["id"] == 1 and select["chosen"]["prefix"] == "192.0.2.0/24"
    assert sorted(readable_collection(select)) == [1, 2, 3]
    assert records["lease4_select"]["subnet"] == 3
    assert exchange["offer"]["yiaddr"].startswith("198.51.100.")
    assert exchange["ack"]["yiaddr"] == exchange["offer"]["yiaddr"]


def test_subnet_objects_read_kea_configuration(run4):
    records, _ = run4("--mac", "02:00:00:00:03:02")
    chosen = records["subnet4_select"]["chosen"]
    assert chosen["pools"] == [["192.0.2.100", "192.0.2.199", None, 0]]
    assert (chosen["valid"], chosen["t1"], chosen["t2"]) == (3600, 900, 1800)
    assert chosen["shared_network"] is None and chosen["classes"] == []
    assert chosen["options"][0]["name"] == "routers"
    assert chosen["dict_subnet"] == "192.0.2.0/24"


@needs_server_config
def test_server_config_at_dhcp4_srv_configured(run4):
    records, _ = run4("--mac", "02:00:00:00:03:03")
    configured = records["dhcp4_srv_configured"]
    assert configured["enabled"] is True
    seen = configured["config"]
    assert "Dhcp4" in seen["top"]
    subnets = {s["id"]: s for s in seen["subnets"]}
    assert set(subnets) == {1, 2, 3}
    other = subnets[3]
    assert other["prefix"] == OTHER and other["context"] == {"site": "b"}
    assert other["pools"] == [["198.51.100.100", "198.51.100.199", None, 7]]    # its pool-id
    assert other["relays"] == ["192.0.2.254"] and other["classes"] == ["ALL"]
    assert other["options"][0]["data"] == "other.example.org"
    assert subnets[2]["shared_network"] == "backup"
    assert (seen["by_id"], seen["by_prefix"], seen["for_address"]) == (1, 3, 3)
    assert seen["missing"] is None
    assert seen["networks"] == {"backup": [2]} and seen["network_dict"] == ["backup"]
    assert seen["valid_global"] == 3600


@needs_server_config
def test_select_subnet_agrees_with_kea(run4):
    records, _ = run4("--mac", "02:00:00:00:03:04")
    select = records["subnet4_select"]
    assert select["kea_would_select"] == select["chosen"]["id"] == 1
    assert select["same"] is True


def test_ddns_params_at_ddns4_update(run4):
    records, (exchange,) = run4("--mac", "02:00:00:00:03:06", "--option", "hostname=box1",
                                **{"dhcp-ddns": {"enable-updates": True},
                                   "ddns-qualifying-suffix": "example.org.",
                                   "ddns-send-updates": True})
    update = records["ddns4_update"]
    params = update["params"]
    assert params["enable_updates"] is True
    assert params["qualifying_suffix"] == "example.org."
    assert params["replace_client_name"] == "never"
    assert params["subnet_id"] == update["subnet"] == 1
    assert update["hostname"] == "box1.example.org"
    assert exchange["ack"] is not None


def test_dhcpv6_subnet_and_server_config(network, tmp_path):
    path = tmp_path / "record6.json"
    config = lab.dhcp6_config(network, {"module": hook("config_hook.py"), "record": str(path)})
    with lab.KeaServer(network, config, name=f"pykea-config6-{network.server}") as kea:
        reply, = client6(network, "sarr", "--mac", "02:00:00:00:03:10")
        log = kea.log()
    assert reply["reply"]["leases"], log[-4000:]
    assert "Traceback" not in log, log[-4000:]
    records = json.loads(path.read_text())
    chosen = records["subnet6_select"]["chosen"]
    assert chosen["id"] == 1 and chosen["prefix"] == lab.SUBNET6
    assert (chosen["preferred"], chosen["valid"]) == (3000, 4000)
    assert chosen["pools"] == [["2001:db8:1::100", "2001:db8:1::1ff", None, 0]]
    assert chosen["pd_pools"] == [["2001:db8:8000::", "2001:db8:8000:ffff:ffff:ffff:ffff:ffff", 56, 0]]
    if not boost_mismatch():
        assert records["subnet6_select"]["collection"] == [1]
    configured = records["dhcp6_srv_configured"]
    assert configured["enabled"] is True
    if features.feature("server-config").available:
        assert records["subnet6_select"]["kea_would_select"] == 1
        assert "Dhcp6" in configured["config"]["top"]
        assert [s["id"] for s in configured["config"]["subnets"]] == [1]
    else:
        assert "server configuration is unavailable" in configured["config"]["error"]

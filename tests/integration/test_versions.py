"""pykea's table of hook points (pykea.hooks) against the kea-dhcp4 it was built for: a callout
at every hook point records what Kea really passes during a DORA and a control command, and
what Python reads from it. Version-specific behaviour is tested where it applies and skipped,
with the reason, elsewhere."""

import json
import os

import pytest

from pykea import features, hooks
from pykea.tools import lab

from testsupport import hook
from test_config import boost_mismatch

KEA_2_6 = 20600
DORA_HOOKS = {"dhcp4_srv_configured", "buffer4_receive", "pkt4_receive", "subnet4_select",
              "lease4_select", "leases4_committed", "pkt4_send", "buffer4_send",
              "command_processed"}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """What the recorder saw, the DORA's result and Kea's log."""
    record = tmp_path_factory.mktemp("recorder") / "record.json"
    with lab.Network() as network:
        config = lab.dhcp4_config(network, {"module": hook("argument_recorder.py"),
                                            "record": str(record)})
        with lab.KeaServer(network, config, name=f"pykea-versions-{network.server}") as kea:
            exchange, = lab.run_client(network, "dora", "--mac", "02:00:00:00:00:31")
            assert kea.command("config-get")["result"] == 0
            log = kea.log()
    return json.loads(record.read_text()), exchange, log


def test_kea_passes_the_arguments_the_table_lists(recorded):
    records, exchange, log = recorded
    assert exchange["ack"] is not None, log[-4000:]
    version = features.kea_hooks_version()
    points = hooks.hook_points(4, version)
    expected_calls = DORA_HOOKS | ({"lease4_offer"} if version >= KEA_2_6 else set())
    assert expected_calls <= set(records), f"not called: {expected_calls - set(records)}"
    for name, arguments in records.items():
        listed = {argument.name for argument in points[name].arguments}
        assert set(arguments) == listed, f"{name} at KEA_HOOKS_VERSION {version}"


def test_every_argument_reads_or_says_why_not(recorded):
    records, _, _ = recorded
    subnets = features.feature("subnets")
    server_config = features.feature("server-config")
    for name, arguments in records.items():
        for argument, result in arguments.items():
            error = result.get("error", "")
            where = f"{name}.{argument}: {error}"
            if not error:
                continue
            if error.startswith("UnsupportedError: subnets are unavailable"):
                assert not subnets.available and subnets.reason in error, where
            elif argument.endswith("collection") and error.startswith("WrongTypeError"):
                assert boost_mismatch(), where
            elif error.startswith("UnsupportedError: the server configuration is unavailable"):
                assert not server_config.available and server_config.reason in error, where
            else:
                # An argument kind pykea cannot convert yet (a subnet collection, an IOService).
                assert error.startswith("UnsupportedError") and "in this pykea yet" in error, where


@pytest.mark.requires_kea(feature="subnets")
def test_subnet_arguments_name_the_selected_subnet(recorded):
    records, _, _ = recorded
    selected = "<Subnet4 1 192.0.2.0/24>"
    assert records["subnet4_select"]["subnet4"]["repr"] == selected
    assert records["lease4_select"]["subnet4"]["repr"] == selected
    assert records["pkt4_send"]["subnet4"]["repr"] == selected


@pytest.mark.requires_kea(feature="subnets", available=False)
def test_without_subnets_the_reason_is_given_and_the_rest_works(recorded):
    records, exchange, _ = recorded
    assert "cfg_globals.h" in records["lease4_select"]["subnet4"]["error"]
    assert records["lease4_select"]["lease4"]["type"] == "Lease4"
    assert exchange["ack"]["yiaddr"].startswith("192.0.2.")


@pytest.mark.requires_kea(since=KEA_2_6, why="lease4_offer is a hook point from Kea 2.6")
def test_lease4_offer_sees_the_offered_lease(recorded):
    records, _, _ = recorded
    offer = records["lease4_offer"]
    assert offer["leases4"]["type"] == "list" and "192.0.2." in offer["leases4"]["repr"]
    assert offer["offer_lifetime"]["type"] == "int"


@pytest.mark.requires_kea(before=KEA_2_6, why="Kea 2.6 passes offer_lft at lease4_select")
def test_lease4_select_has_no_offer_lifetime_before_kea_2_6(recorded):
    records, _, _ = recorded
    assert "offer_lft" not in records["lease4_select"]

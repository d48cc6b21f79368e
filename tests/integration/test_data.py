"""Kea's lease database and statistics from Python, through commands sent to the real control
socket of kea-dhcp4 and kea-dhcp6 after real exchanges (tests/hooks/data_hook.py)."""

import pytest

from pykea.tools import lab

from testsupport import hook
from testsupport import client as client6

LEASE_CMDS = {"library": "libdhcp_lease_cmds.so"}
needs_lease_database = pytest.mark.requires_kea(feature="lease-database")
MAC = "02:00:00:00:03:01"
CLIENT_ID = "pykea-cid"


def answered(response):
    assert response["result"] == 0, response
    return response.get("arguments")


@pytest.fixture
def kea4(start_kea):
    return start_kea({"module": hook("data_hook.py")}, extra_libraries=[LEASE_CMDS])


def dora(network, mac, *options, retransmit=True):
    """The address a DORA got. ``retransmit=False``: each message is sent once, however long
    the client waits, for a test that counts what Kea saw."""
    exchange, = lab.run_client(network, "dora", "--mac", mac,
                               *(f"--option={option}" for option in options),
                               *(() if retransmit else ("--retransmit", "0")))
    assert exchange["ack"], exchange
    return exchange["ack"]["yiaddr"]


@needs_lease_database
def test_a_command_finds_the_lease_the_client_got(network, kea4):
    address = dora(network, MAC, f"client_id={CLIENT_ID}", "hostname=dora-host")
    other = dora(network, "02:00:00:00:03:02")
    found = answered(kea4.command("pykea-lease-lookup", {"hwaddr": MAC}))["leases"]
    assert [lease["address"] for lease in found] == [address]
    assert found[0]["hwaddr"] == MAC and found[0]["subnet-id"] == 1
    assert found[0]["client-id"] == CLIENT_ID.encode().hex()
    in_subnet = answered(kea4.command("pykea-lease-lookup", {"hwaddr": MAC, "subnet-id": 1}))
    assert [lease["address"] for lease in in_subnet["leases"]] == [address]
    assert answered(kea4.command("pykea-lease-lookup", {"hwaddr": MAC, "subnet-id": 2})) == \
        {"leases": []}
    by_client_id = answered(kea4.command("pykea-lease-lookup",
                                         {"client-id": CLIENT_ID.encode().hex()}))
    assert [lease["address"] for lease in by_client_id["leases"]] == [address]
    by_address = answered(kea4.command("pykea-lease-lookup", {"address": other}))
    assert by_address["leases"][0]["hwaddr"] == "02:00:00:00:03:02"
    subnet = answered(kea4.command("pykea-lease-lookup", {"subnet-id": 1}))
    assert sorted(lease["address"] for lease in subnet["leases"]) == sorted([address, other])
    paged = answered(kea4.command("pykea-lease-lookup", {}))
    assert [lease["address"] for lease in paged["leases"]] == \
        sorted([address, other], key=lambda text: tuple(map(int, text.split("."))))


@needs_lease_database
def test_leases_changed_from_python_are_what_lease4_get_reports(kea4):
    lease = {"address": "192.0.2.50", "hwaddr": "02:00:00:00:03:50", "hostname": "added"}
    assert answered(kea4.command("pykea-lease-add", lease)) == {"added": True}
    assert answered(kea4.command("pykea-lease-add", lease)) == {"added": False}
    seen = answered(kea4.command("lease4-get", {"ip-address": "192.0.2.50"}))
    assert (seen["hw-address"], seen["hostname"], seen["subnet-id"]) == \
        ("02:00:00:00:03:50", "added", 1)

    updated = answered(kea4.command("pykea-lease-update", {"address": "192.0.2.50",
                                                           "hostname": "renamed"}))
    assert updated["hostname"] == "renamed"
    assert answered(kea4.command("lease4-get", {"ip-address": "192.0.2.50"}))["hostname"] == \
        "renamed"

    missing = kea4.command("pykea-lease-update", {"address": "192.0.2.99", "hostname": "x"})
    assert missing["result"] == 1
    assert missing["text"].startswith("NotFoundError: ") and "192.0.2.99" in missing["text"]

    assert answered(kea4.command("pykea-lease-delete", {"address": "192.0.2.50"})) == \
        {"deleted": True}
    assert kea4.command("lease4-get", {"ip-address": "192.0.2.50"})["result"] == 3   # empty
    assert answered(kea4.command("pykea-lease-delete", {"address": "192.0.2.50"})) == \
        {"deleted": False}


@needs_lease_database
def test_wipe_empties_a_subnet_as_lease4_get_all_sees(network, kea4):
    dora(network, MAC)
    assert answered(kea4.command("lease4-get-all"))["leases"]
    assert answered(kea4.command("pykea-lease-wipe", {"subnet-id": 1})) == {"wiped": 1}
    assert kea4.command("lease4-get-all")["result"] == 3


def test_a_raising_handler_answers_result_1_with_the_exception_text(kea4):
    response = kea4.command("pykea-raise", {"why": "testing"})
    assert response == {"result": 1,
                        "text": "RuntimeError: asked to fail with {'why': 'testing'}"}
    assert kea4.alive()


def test_a_callout_statistic_is_read_with_statistic_get(network, kea4):
    first = dora(network, "02:00:00:00:03:10", retransmit=False)
    second = dora(network, "02:00:00:00:03:11", retransmit=False)
    committed = answered(kea4.command("statistic-get", {"name": "pykea.committed-leases"}))
    assert [sample[0] for sample in committed["pykea.committed-leases"]][:2] == [2, 1]
    last = answered(kea4.command("statistic-get", {"name": "pykea.last-committed-address"}))
    assert last["pykea.last-committed-address"][0][0] == second != first
    addresses = answered(kea4.command("statistic-get", {"name": "pykea.committed-addresses"}))
    assert addresses["pykea.committed-addresses"][0][0] == f"{first} {second} "
    everything = answered(kea4.command("statistic-get-all"))
    assert everything["pykea.committed-leases"][0][0] == 2
    assert everything["pkt4-ack-sent"][0][0] == 2          # Kea's own, alongside


@needs_lease_database
def test_dhcpv6_lease_by_duid_and_iaid_after_sarr(network):
    config = lab.dhcp6_config(network, {"module": hook("data_hook.py")})
    config["Dhcp6"]["hooks-libraries"].append(LEASE_CMDS)
    mac = "02:00:00:00:03:60"
    duid = "00030001" + mac.replace(":", "")
    with lab.KeaServer(network, config, name=f"pykea-test6-{network.server}") as kea:
        address, = client6(network, "sarr", "--mac", mac)[0]["reply"]["leases"]
        prefix, = client6(network, "sarr", "--pd", "--mac", mac)[0]["reply"]["leases"]
        by_iaid = answered(kea.command("pykea-lease-lookup", {"duid": duid, "iaid": 1}))
        in_subnet = answered(kea.command("pykea-lease-lookup",
                                         {"duid": duid, "iaid": 1, "subnet-id": 1}))
        pd = answered(kea.command("pykea-lease-lookup", {"duid": duid, "iaid": 1, "type": "PD"}))
        every = answered(kea.command("pykea-lease-lookup", {"duid": duid}))
        by_address = answered(kea.command("pykea-lease-lookup", {"address": address}))
        kea_view = answered(kea.command("lease6-get", {"ip-address": address}))
        committed = answered(kea.command("statistic-get", {"name": "pykea.committed-addresses"}))
        assert kea.alive()
    assert [lease["address"] for lease in by_iaid["leases"]] == [address]
    assert by_iaid["leases"][0]["duid"] == duid and by_iaid["leases"][0]["type"] == "NA"
    assert in_subnet == by_iaid
    assert pd["leases"][0]["address"] + "/56" == prefix
    assert sorted(lease["type"] for lease in every["leases"]) == ["NA", "PD"]
    assert by_address == by_iaid
    assert kea_view["duid"].replace(":", "") == duid and kea_view["iaid"] == 1
    # Kea 2.6.3 passes a new lease twice in leases6 (it logs DHCP6_LEASE_ALLOC twice as well),
    # so the addresses are compared as a set. Newest sample first; a REQUEST the client sent
    # again (a busy machine) adds a sample of the same addresses.
    samples = [sample[0] for sample in committed["pykea.committed-addresses"]]
    assert set(samples[0].split()) == {address, prefix.split("/")[0]}
    assert set(samples[-1].split()) == {address}
    assert all(newer.startswith(older) for newer, older in zip(samples, samples[1:]))  # appended to

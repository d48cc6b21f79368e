"""Host reservations through Kea's HostMgr from a pykea hook, stored in a real PostgreSQL
hosts-database that the test starts, and seen by real clients on the wire."""

import ipaddress

import pytest

from pykea.tools import lab

from testsupport import hook
from postgres import PostgresCluster
from testsupport import client as client6

pytestmark = pytest.mark.requires_kea(feature="host-manager")

MAC = "02:00:00:00:07:01"
RESERVED = "192.0.2.42"            # outside the pool 192.0.2.100 - 192.0.2.199
DUID = "00:03:00:01:02:00:00:00:07:06"     # DUID-LL of the v6 client's MAC below
MAC6 = "02:00:00:00:07:06"
RESERVED6 = "2001:db8:1::42"
PREFIX6 = "2001:db8:9000::/56"


@pytest.fixture(scope="module")
def postgres():
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture
def hosts_database(postgres, request):
    """A fresh database with Kea's schema for each test: Kea's access parameters for it."""
    name = f"kea_{request.node.name.replace('test_', '')[:40]}"
    return postgres.create_database(name, f"{name}_user", "kea-secret")


def pgsql_libraries():
    """Kea 3.0 has its PostgreSQL backends in a hook library; 2.6 has them built in."""
    return [{"library": "libdhcp_pgsql.so"}] if lab.kea_release() >= (3, 0, 0) else []


def command(kea, name, arguments=None):
    response = kea.command(name, arguments)
    assert response["result"] == 0, response
    return response.get("arguments")


def test_reservation_added_through_hostmgr_is_served_looked_up_and_deleted(
        network, start_kea, hosts_database, postgres):
    kea = start_kea({"module": hook("hosts_hook.py")}, extra_libraries=pgsql_libraries(),
                    **{"hosts-database": hosts_database})
    added = command(kea, "hosts-test-reserve", {"hw-address": MAC, "subnet-id": 1,
                                                "ip-address": RESERVED, "hostname": "printer",
                                                "domain-name": "hosts.example.org"})
    assert added["writable"] is True
    # The reservation is a row in PostgreSQL, not something the hook keeps.
    rows = postgres.psql("SELECT encode(dhcp_identifier, 'hex'), dhcp4_subnet_id, "
                         "ipv4_address, hostname FROM hosts", hosts_database["name"],
                         hosts_database["user"], hosts_database["password"])
    assert rows.split() == [f"{MAC.replace(':', '')}|1|{int(ipaddress.IPv4Address(RESERVED))}|printer"]

    served, = lab.run_client(network, "dora", "--mac", MAC)
    assert served["offer"]["yiaddr"] == RESERVED
    assert served["ack"]["yiaddr"] == RESERVED
    assert served["ack"]["options"]["domain"] == "hosts.example.org"

    found = command(kea, "hosts-test-get", {"hw-address": MAC, "subnet-id": 1,
                                            "ip-address": RESERVED})
    for host in (found["by-identifier"], found["by-address"], *found["all-by-identifier"],
                 *found["all-in-subnet"]):
        assert host["identifier"] == MAC
        assert host["identifier-type"] == "HWADDR"
        assert host["ipv4-reservation"] == RESERVED
        assert host["hostname"] == "printer"
        assert host["writable"] is False
    assert len(found["all-by-identifier"]) == len(found["all-in-subnet"]) == 1
    as_config = found["by-identifier"]["dict4"]
    assert as_config["hw-address"] == MAC
    assert as_config["ip-address"] == RESERVED
    assert as_config["hostname"] == "printer"
    option, = as_config["option-data"]
    assert (option["code"], option["space"], option["always-send"]) == (15, "dhcp4", True)
    assert bytes.fromhex(option["data"]) == b"hosts.example.org"

    assert command(kea, "hosts-test-delete", {"hw-address": MAC, "subnet-id": 1}) == {"deleted": True}
    assert command(kea, "hosts-test-delete", {"hw-address": MAC, "subnet-id": 1}) == {"deleted": False}
    gone = command(kea, "hosts-test-get", {"hw-address": MAC, "subnet-id": 1, "ip-address": RESERVED})
    assert gone == {"by-identifier": None, "by-address": None, "all-by-identifier": [],
                    "all-in-subnet": []}
    again, = lab.run_client(network, "dora", "--mac", MAC)
    assert again["ack"]["yiaddr"] != RESERVED
    first, last = (ipaddress.IPv4Address(part.strip()) for part in lab.POOL.split("-"))
    assert first <= ipaddress.IPv4Address(again["ack"]["yiaddr"]) <= last
    assert "domain" not in again["ack"]["options"]
    assert "Traceback" not in kea.log()


def test_delete_by_address_and_errors_answer_the_command(network, start_kea, hosts_database):
    kea = start_kea({"module": hook("hosts_hook.py")}, extra_libraries=pgsql_libraries(),
                    **{"hosts-database": hosts_database})
    reservation = {"hw-address": MAC, "subnet-id": 1, "ip-address": RESERVED}
    command(kea, "hosts-test-reserve", reservation)
    duplicate = kea.command("hosts-test-reserve", reservation)
    assert duplicate["result"] == 1
    assert duplicate["text"] == "KeaError: Database duplicate entry error", duplicate
    assert command(kea, "hosts-test-delete", {"subnet-id": 1, "ip-address": RESERVED}) == {"deleted": True}
    assert command(kea, "hosts-test-get", reservation)["by-identifier"] is None
    served, = lab.run_client(network, "dora", "--mac", MAC)
    assert served["ack"]["yiaddr"] != RESERVED


def test_adding_without_a_hosts_database_fails_clearly(network, start_kea):
    kea = start_kea({"module": hook("hosts_hook.py")})
    response = kea.command("hosts-test-reserve", {"hw-address": MAC, "subnet-id": 1,
                                                  "ip-address": RESERVED})
    assert response["result"] == 1
    assert response["text"] == ("KeaError: Unable to add new host because there is no "
                                "hosts-database configured."), response
    served, = lab.run_client(network, "dora", "--mac", MAC)
    assert served["ack"]["yiaddr"] != RESERVED


@pytest.mark.requires_kea(since=20600, why="lease4_offer is a hook point from Kea 2.6")
def test_lease4_offer_sees_the_reservation_as_its_host_argument(network, start_kea, hosts_database):
    kea = start_kea({"module": hook("hosts_hook.py")}, extra_libraries=pgsql_libraries(),
                    **{"hosts-database": hosts_database})
    command(kea, "hosts-test-reserve", {"hw-address": MAC, "subnet-id": 1, "ip-address": RESERVED,
                                        "hostname": "printer"})
    other = "02:00:00:00:07:02"
    reserved, unreserved = lab.run_client(network, "dora", "--mac", MAC, "--count", "2")
    assert reserved["ack"]["yiaddr"] == RESERVED
    assert unreserved["mac"] == other
    offers = command(kea, "hosts-test-offers")
    assert set(offers) == {MAC, other}
    assert offers[other] is None
    if lab.kea_release() < (3, 0, 0):
        # Kea 2.6 does not pass "host": handle.get("host") answers None.
        assert offers[MAC] is None
        return
    host = offers[MAC]
    assert host["identifier"] == MAC
    assert host["ipv4-reservation"] == RESERVED
    assert host["hostname"] == "printer"
    assert host["writable"] is False


def test_dhcpv6_reservation_by_duid(network, hosts_database):
    config = lab.dhcp6_config(network, {"module": hook("hosts_hook.py")},
                              **{"hosts-database": hosts_database})
    config["Dhcp6"]["hooks-libraries"].extend(pgsql_libraries())
    with lab.KeaServer(network, config, name=f"pykea-test6-{network.server}") as kea:
        added = command(kea, "hosts-test-reserve", {"duid": DUID, "subnet-id": 1,
                                                    "ip-addresses": [RESERVED6],
                                                    "prefixes": [PREFIX6]})
        assert added["reservations6"] == [["ADDRESS", RESERVED6, 128],
                                          ["PREFIX", PREFIX6.split("/")[0], 56]]
        address, = client6(network, "sarr", "--mac", MAC6)
        prefix, = client6(network, "sarr", "--pd", "--mac", MAC6)
        found = command(kea, "hosts-test-get", {"duid": DUID, "subnet-id": 1,
                                                "ip-address": RESERVED6})
        assert command(kea, "hosts-test-delete", {"duid": DUID, "subnet-id": 1}) == {"deleted": True}
        after = command(kea, "hosts-test-get", {"duid": DUID, "subnet-id": 1,
                                                "ip-address": RESERVED6})
        log = kea.log()
    assert address["reply"]["leases"] == [RESERVED6]
    assert prefix["reply"]["leases"] == [PREFIX6]
    for host in (found["by-identifier"], found["by-address"]):
        assert host["identifier"] == DUID
        assert host["identifier-type"] == "DUID"
        assert host["ipv6-subnet-id"] == 1
        assert host["dict6"]["duid"] == DUID
        assert host["dict6"]["ip-addresses"] == [RESERVED6]
        assert host["dict6"]["prefixes"] == [PREFIX6]
    assert after["by-identifier"] is None and after["by-address"] is None
    assert "Traceback" not in log

"""Host objects against the real library, and HostMgr in a process without a server (no
hosts-database). The hosts-database itself is tested in tests/integration/test_hosts.py."""

import ipaddress

import pytest

from pykea import (ClientId, HWAddr, IdentifierType, InvalidArgumentError, KeaError, Option,
                   UnsupportedError, features, hosts)
from pykea.hosts import Host, Reservation6, ReservationType
from pykea.testing import KeaHooks

MAC = HWAddr.parse("02:00:00:00:00:42")
needs_host_manager = pytest.mark.requires_kea(feature="host-manager")


def test_a_new_host_holds_what_it_was_given():
    host = Host(MAC, ipv4_subnet_id=1, ipv4_reservation="192.0.2.42", hostname="printer",
                client_classes4=["printers"], options=[Option.from_str(15, "example.org")])
    assert host.identifier_type is IdentifierType.HWADDR
    assert host.identifier == MAC.address
    assert (host.ipv4_subnet_id, host.ipv6_subnet_id) == (1, None)
    assert host.ipv4_reservation == ipaddress.IPv4Address("192.0.2.42")
    assert host.hostname == "printer"
    assert host.client_classes4 == ["printers"]
    assert host.writable
    assert host.to_dict(4) == {"hw-address": "02:00:00:00:00:42", "ip-address": "192.0.2.42",
                               "hostname": "printer", "client-classes": ["printers"],
                               "next-server": "0.0.0.0", "server-hostname": "",
                               "boot-file-name": "", "option-data": host.to_dict()["option-data"]}
    option, = host.to_dict()["option-data"]
    assert (option["code"], option["space"]) == (15, "dhcp4")
    assert repr(host) == "<Host hwaddr=02:00:00:00:00:42>"


def test_ipv6_reservations_and_duid():
    duid = bytes.fromhex("000300010200000000aa")
    host = Host(duid, IdentifierType.DUID, ipv6_subnet_id=7,
                reservations6=["2001:db8:1::42", "2001:db8:9000::/56", ("2001:db8:a000::", 48)])
    assert host.identifier_type is IdentifierType.DUID
    assert host.reservations6 == [
        Reservation6(ReservationType.ADDRESS, ipaddress.IPv6Address("2001:db8:1::42"), 128),
        Reservation6(ReservationType.PREFIX, ipaddress.IPv6Address("2001:db8:9000::"), 56),
        Reservation6(ReservationType.PREFIX, ipaddress.IPv6Address("2001:db8:a000::"), 48)]
    as_config = host.to_dict(6)
    assert as_config["duid"] == duid.hex(":")
    assert as_config["ip-addresses"] == ["2001:db8:1::42"]
    assert as_config["prefixes"] == ["2001:db8:9000::/56", "2001:db8:a000::/48"]


def test_client_id_identifier_and_removing_the_ipv4_reservation():
    host = Host(ClientId.parse("01:02:00:00:00:00:42"), ipv4_reservation="192.0.2.7")
    assert host.identifier_type is IdentifierType.CLIENT_ID
    host.ipv4_reservation = None
    assert host.ipv4_reservation is None
    assert "ip-address" not in host.to_dict()


def test_bad_values_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="needs its identifier_type"):
        Host(b"\x01\x02")
    with pytest.raises(TypeError, match="HWAddr, a ClientId or bytes"):
        Host("02:00:00:00:00:42")
    with pytest.raises(InvalidArgumentError, match="cannot be empty"):
        Host(b"", IdentifierType.FLEX)
    with pytest.raises(InvalidArgumentError, match="identifier type 9"):
        Host(b"\x01", 9)
    host = Host(MAC)
    with pytest.raises(InvalidArgumentError, match="255.255.255.255"):
        host.ipv4_reservation = "255.255.255.255"
    with pytest.raises(InvalidArgumentError):
        host.add_reservation6("ff02::1")


def test_a_copy_is_independent():
    original = Host(MAC, ipv4_reservation="192.0.2.42")
    copy = original.copy()
    copy.hostname = "copy"
    assert original.hostname == ""
    assert copy.ipv4_reservation == original.ipv4_reservation


@pytest.fixture
def kea():
    """Kea's logging started, as in a server (HostMgr logs)."""
    return KeaHooks(server=4)


def test_global_and_no_subnet():
    host = Host(MAC, ipv4_subnet_id=0)
    assert (host.ipv4_subnet_id, host.ipv6_subnet_id) == (0, None)
    host.ipv4_subnet_id = None
    assert host.ipv4_subnet_id is None
    with pytest.raises(ValueError, match="not 4294967295"):
        host.ipv6_subnet_id = 0xFFFFFFFF


@needs_host_manager
def test_lookups_without_reservations_find_nothing(kea):
    assert hosts.get4(1, MAC) is None
    assert hosts.get6(1, b"\x00\x03\x00\x01" + MAC.address, IdentifierType.DUID) is None
    assert hosts.get_by_address(1, "192.0.2.42") is None
    assert hosts.get_all(MAC) == []
    assert hosts.get_all4(1) == []


@needs_host_manager
def test_changes_need_a_hosts_database(kea):
    with pytest.raises(KeaError, match="hosts-database"):
        hosts.add(Host(MAC, ipv4_subnet_id=1, ipv4_reservation="192.0.2.42"))


@pytest.mark.requires_kea(feature="host-manager", available=False)
def test_without_the_host_manager_calls_name_the_reason(kea):
    reason = features.feature("host-manager").reason
    assert "dhcpsrv/host_mgr.h" in reason
    with pytest.raises(UnsupportedError, match=r"Kea 2\.2.*host_mgr\.h"):
        hosts.get4(1, MAC)
    with pytest.raises(UnsupportedError, match=r"Kea 2\.2"):
        hosts.add(Host(MAC))


@needs_host_manager
def test_parse_reads_a_reservation_with_kea_parser():
    KeaHooks(server=4)
    host = hosts.parse({"hw-address": "02:00:00:00:00:42", "ip-address": "192.0.2.42",
                        "hostname": "printer", "next-server": "192.0.2.2",
                        "option-data": [{"name": "domain-name-servers", "data": "192.0.2.53"}]},
                       4, subnet_id=1)
    assert (host.ipv4_subnet_id, str(host.ipv4_reservation)) == (1, "192.0.2.42")
    described = host.to_dict(4)
    assert described["next-server"] == "192.0.2.2"
    assert described["option-data"][0]["data"] == "192.0.2.53"       # as text, not hex
    assert host.writable and host.id == 0
    with pytest.raises(InvalidArgumentError, match="color"):
        hosts.parse({"hw-address": "02:00:00:00:00:42", "color": "blue"})


def test_identifiers_as_reservations_write_them():
    assert hosts.parse_identifier("01:02:0a") == hosts.parse_identifier("01020a") == b"\x01\x02\x0a"
    assert hosts.parse_identifier("'tag'") == b"tag"
    with pytest.raises(InvalidArgumentError):
        hosts.parse_identifier("x:y")

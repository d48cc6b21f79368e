"""pykea.leasemgr against Kea's own memfile lease database, opened in this process."""

import ipaddress
import os
import time

import pytest

from pykea import (ClientId, HWAddr, InvalidArgumentError, KeaError, Lease4, Lease6, LeaseType,
                   NotFoundError, UnsupportedError, leasemgr)
from pykea.testing import KeaHooks

needs_lease_database = pytest.mark.requires_kea(feature="lease-database")
DUID = bytes.fromhex("000300010200000000a1")


@pytest.fixture
def memfile4():
    KeaHooks(server=4)          # starts Kea's logging, which the lease database uses
    leasemgr.open_for_testing("type=memfile persist=false universe=4")
    yield
    leasemgr.close_for_testing()


@pytest.fixture
def memfile6():
    KeaHooks(server=4)
    leasemgr.open_for_testing("type=memfile persist=false universe=6")
    yield
    leasemgr.close_for_testing()


def lease4(address, mac="02:00:00:00:00:01", subnet_id=1, client_id=None):
    lease = Lease4(address)
    lease.hwaddr = mac
    lease.subnet_id = subnet_id
    lease.valid_lft = 3600
    lease.cltt = int(time.time())
    if client_id:
        lease.client_id = client_id
    return lease


def lease6(address, iaid=1, subnet_id=1, type=LeaseType.NA, prefix_length=128):
    lease = Lease6(address, duid=DUID, iaid=iaid, type=type, prefix_length=prefix_length)
    lease.subnet_id = subnet_id
    lease.valid_lft = 4000
    lease.preferred_lft = 3000
    lease.cltt = int(time.time())
    return lease


@pytest.mark.requires_kea(feature="lease-database", available=False)
def test_kea_2_2_names_itself_and_the_missing_header():
    with pytest.raises(UnsupportedError, match=r"Kea 2\.2.*cfg_globals\.h"):
        leasemgr.get4("192.0.2.10")


@needs_lease_database
def test_without_a_database_every_call_says_how_one_is_opened():
    assert not leasemgr.available()
    with pytest.raises(KeaError, match="no lease database is open.*lease-database"):
        leasemgr.get4("192.0.2.10")


@needs_lease_database
def test_add_get_and_add_again(memfile4):
    assert leasemgr.available()
    lease = lease4("192.0.2.10", client_id=b"\x01\x02\x00\x00\x00\x00\x01")
    lease.hostname = "host10"
    assert leasemgr.add(lease)
    assert not leasemgr.add(lease4("192.0.2.10", mac="02:00:00:00:00:99"))
    found = leasemgr.get4("192.0.2.10")
    assert isinstance(found, Lease4)
    assert (found.address, found.hwaddr, found.hostname, found.subnet_id, found.valid_lft) == \
        (ipaddress.ip_address("192.0.2.10"), HWAddr.parse("02:00:00:00:00:01"), "host10", 1, 3600)
    assert found.client_id == ClientId(b"\x01\x02\x00\x00\x00\x00\x01")
    assert leasemgr.get4("192.0.2.11") is None


@needs_lease_database
def test_lookups_by_hwaddr_client_id_and_subnet(memfile4):
    leasemgr.add(lease4("192.0.2.10", subnet_id=1, client_id=b"\x01\xaa\xbb"))
    leasemgr.add(lease4("192.0.3.10", subnet_id=2, client_id=b"\x01\xaa\xbb"))
    leasemgr.add(lease4("192.0.2.20", mac="02:00:00:00:00:02", subnet_id=1))
    by_mac = leasemgr.by_hwaddr("02:00:00:00:00:01")
    assert sorted(str(lease.address) for lease in by_mac) == ["192.0.2.10", "192.0.3.10"]
    assert [str(l.address) for l in leasemgr.by_hwaddr(HWAddr.parse("02:00:00:00:00:01"), 2)] == \
        ["192.0.3.10"]
    assert leasemgr.by_hwaddr("02:00:00:00:00:01", subnet_id=3) == []
    assert len(leasemgr.by_client_id("01:aa:bb")) == 2
    assert [str(l.address) for l in leasemgr.by_client_id(ClientId(b"\x01\xaa\xbb"), 1)] == \
        ["192.0.2.10"]
    assert sorted(str(l.address) for l in leasemgr.in_subnet4(1)) == ["192.0.2.10", "192.0.2.20"]
    assert leasemgr.in_subnet4(7) == []


@needs_lease_database
def test_pages_and_iteration(memfile4):
    addresses = [f"192.0.2.{n}" for n in (50, 10, 40, 20, 30)]
    for index, address in enumerate(addresses):
        leasemgr.add(lease4(address, mac=f"02:00:00:00:01:{index:02x}"))
    first = leasemgr.page4(size=2)
    assert [str(l.address) for l in first] == ["192.0.2.10", "192.0.2.20"]
    assert [str(l.address) for l in leasemgr.page4(after=first[-1].address, size=2)] == \
        ["192.0.2.30", "192.0.2.40"]
    assert [str(l.address) for l in leasemgr.all4(page_size=2)] == sorted(addresses)
    with pytest.raises(KeaError, match="page size"):
        leasemgr.page4(size=0)


@needs_lease_database
def test_update_writes_back_and_a_missing_lease_is_a_clear_error(memfile4):
    leasemgr.add(lease4("192.0.2.10"))
    found = leasemgr.get4("192.0.2.10")
    found.hostname = "renamed"
    found.valid_lft = 7200
    assert leasemgr.get4("192.0.2.10").hostname == ""      # a copy until update()
    leasemgr.update(found)
    again = leasemgr.get4("192.0.2.10")
    assert (again.hostname, again.valid_lft) == ("renamed", 7200)
    found.hostname = "twice"                 # the same copy can be written again
    leasemgr.update(found)
    assert leasemgr.get4("192.0.2.10").hostname == "twice"
    with pytest.raises(NotFoundError, match="192.0.2.99.*add\\(\\)"):
        leasemgr.update(lease4("192.0.2.99"))


@needs_lease_database
def test_delete_and_wipe(memfile4):
    for address, subnet_id in (("192.0.2.10", 1), ("192.0.2.11", 1), ("192.0.3.10", 2)):
        leasemgr.add(lease4(address, mac=f"02:00:00:00:02:{address[-2:]}", subnet_id=subnet_id))
    assert leasemgr.delete(leasemgr.get4("192.0.2.10"))
    assert leasemgr.get4("192.0.2.10") is None
    assert not leasemgr.delete(lease4("192.0.2.10"))
    assert leasemgr.wipe4(1) == 1
    assert [str(l.address) for l in leasemgr.all4()] == ["192.0.3.10"]


@needs_lease_database
def test_wipe_of_subnet_0_empties_every_subnet(memfile4):
    for subnet_id in (1, 2, 3):
        leasemgr.add(lease4(f"192.0.{subnet_id}.10", mac=f"02:00:00:00:03:0{subnet_id}",
                            subnet_id=subnet_id))
    assert leasemgr.wipe4(0) == 3
    assert list(leasemgr.all4()) == []


@needs_lease_database
def test_wrong_addresses_are_refused(memfile4):
    with pytest.raises(InvalidArgumentError, match="IPv4 address, not 2001:db8::1"):
        leasemgr.get4("2001:db8::1")
    with pytest.raises(ValueError):
        leasemgr.get4("not-an-address")
    with pytest.raises(ValueError, match="subnet_id needs iaid"):
        leasemgr.by_duid(DUID, subnet_id=1)


@needs_lease_database
def test_dhcpv6_leases_by_address_duid_iaid_and_subnet(memfile6):
    assert leasemgr.add(lease6("2001:db8:1::10", iaid=1))
    assert leasemgr.add(lease6("2001:db8:1::11", iaid=2))
    assert leasemgr.add(lease6("2001:db8:8000::", iaid=3, type=LeaseType.PD, prefix_length=56))
    assert leasemgr.add(lease6("2001:db8:2::10", iaid=1, subnet_id=2))
    found = leasemgr.get6("2001:db8:1::10")
    assert isinstance(found, Lease6)
    assert (found.duid, found.iaid, found.type, found.preferred_lft) == (DUID, 1, LeaseType.NA, 3000)
    assert leasemgr.get6("2001:db8:8000::", LeaseType.PD).prefix_length == 56
    assert leasemgr.get6("2001:db8:8000::") is None            # not an NA lease
    assert len(leasemgr.by_duid(DUID)) == 4
    assert sorted(str(l.address) for l in leasemgr.by_duid(DUID.hex(":"), iaid=1)) == \
        ["2001:db8:1::10", "2001:db8:2::10"]
    assert [str(l.address) for l in leasemgr.by_duid(DUID, iaid=1, subnet_id=2)] == ["2001:db8:2::10"]
    assert [str(l.address) for l in leasemgr.by_duid(DUID, iaid=3, type=LeaseType.PD)] == \
        ["2001:db8:8000::"]
    assert len(leasemgr.in_subnet6(1)) == 3
    assert [str(l.address) for l in leasemgr.all6(page_size=1)] == \
        ["2001:db8:1::10", "2001:db8:1::11", "2001:db8:2::10", "2001:db8:8000::"]
    leased = leasemgr.get6("2001:db8:1::11")
    leased.hostname = "six"
    leasemgr.update(leased)
    assert leasemgr.get6("2001:db8:1::11").hostname == "six"
    assert leasemgr.delete(leased)
    assert leasemgr.wipe6(2) == 1
    assert len(leasemgr.by_duid(DUID)) == 2
    assert leasemgr.wipe6(0) == 2
    assert list(leasemgr.all6()) == []


@needs_lease_database
def test_a_lease_built_from_scratch_overwrites_the_stored_one(memfile4):
    leasemgr.add(lease4("192.0.2.30"))
    fresh = lease4("192.0.2.30", mac="02:00:00:00:00:30")
    fresh.cltt = int(time.time()) - 100        # another expiration than the stored one
    with pytest.raises(NotFoundError, match="overwrite=True"):
        leasemgr.update(fresh)                 # Kea's guard: the stored lease is not this copy's
    leasemgr.update(fresh, overwrite=True)
    assert leasemgr.get4("192.0.2.30").hwaddr == "02:00:00:00:00:30"
    with pytest.raises(NotFoundError):
        leasemgr.update(lease4("192.0.2.31"), overwrite=True)   # nothing stored to overwrite


@needs_lease_database
def test_leases_by_hostname_and_in_kea_json(memfile4):
    lease = lease4("192.0.2.40", client_id=b"\x01\x02\x00\x00\x00\x00\x40")
    lease.hostname = "host40.example.org"
    lease.valid_lft, lease.cltt = 600, 1999999400
    leasemgr.add(lease)
    leasemgr.add(lease4("192.0.2.41"))
    found, = leasemgr.by_hostname4("host40.example.org")
    assert found.to_dict() == {
        "ip-address": "192.0.2.40", "hw-address": "02:00:00:00:00:01",
        "client-id": "01:02:00:00:00:00:40", "valid-lft": 600, "cltt": 1999999400,
        "subnet-id": 1, "state": 0, "fqdn-fwd": False, "fqdn-rev": False,
        "hostname": "host40.example.org"} | ({"pool-id": 0} if "pool-id" in found.to_dict() else {})
    assert leasemgr.by_hostname4("nobody.example.org") == []


@needs_lease_database
def test_write_goes_to_kea_data_directory_only(memfile4, tmp_path):
    # Debian's service has systemd make Kea's state directory (StateDirectory=kea); Kea 3.0.4-2's
    # package no longer ships it, and this test runs without the service.
    os.makedirs("/var/lib/kea", exist_ok=True)
    leasemgr.add(lease4("192.0.2.50"))
    written = leasemgr.write4("pykea-unit-leases4.csv")       # a bare name: Kea's data directory
    try:
        assert written == "/var/lib/kea/pykea-unit-leases4.csv"
        assert "192.0.2.50" in open(written).read()
    finally:
        os.unlink(written)
    with pytest.raises(InvalidArgumentError, match="supported path is '/var/lib/kea'"):
        leasemgr.write4(str(tmp_path / "leases4.csv"))


@needs_lease_database
@pytest.mark.requires_kea(feature="server-config")
def test_statistics_change_only_when_asked_and_as_lease_cmds_changes_them(memfile4):
    # No configuration in this process: no subnet, so no pool counts, only subnet and global ones.
    from pykea import LeaseState, stats

    def counts():
        return {name: stats.get(name, 0) for name in (
            "subnet[31].assigned-addresses", "subnet[32].assigned-addresses",
            "subnet[31].declined-addresses", "subnet[32].declined-addresses",
            "declined-addresses")}

    for name in counts():
        stats.set(name, 0)
    leasemgr.add(lease4("192.0.2.31", subnet_id=31))
    assert set(counts().values()) == {0}
    assert leasemgr.add(lease4("192.0.2.32", subnet_id=31), update_stats=True)
    declined = lease4("192.0.2.33", subnet_id=31)
    declined.state = LeaseState.DECLINED
    assert leasemgr.add(declined, update_stats=True)
    assert not leasemgr.add(lease4("192.0.2.33", subnet_id=31), update_stats=True)
    assert counts() == {"subnet[31].assigned-addresses": 2, "subnet[32].assigned-addresses": 0,
                        "subnet[31].declined-addresses": 1, "subnet[32].declined-addresses": 0,
                        "declined-addresses": 1}
    # Within the subnet only the declined counts follow the state; to another, everything moves.
    declined.state = LeaseState.DEFAULT
    leasemgr.update(declined, update_stats=True)
    assert (counts()["subnet[31].assigned-addresses"], counts()["declined-addresses"]) == (2, 0)
    declined.state, declined.subnet_id = LeaseState.DECLINED, 32
    leasemgr.update(declined, update_stats=True)
    assert counts() == {"subnet[31].assigned-addresses": 1, "subnet[32].assigned-addresses": 1,
                        "subnet[31].declined-addresses": 0, "subnet[32].declined-addresses": 1,
                        "declined-addresses": 1}
    assert leasemgr.delete(declined, update_stats=True)
    assert not leasemgr.delete(declined, update_stats=True)
    reclaimed = leasemgr.get4("192.0.2.32")
    reclaimed.state = LeaseState.EXPIRED_RECLAIMED
    leasemgr.update(reclaimed, update_stats=True)
    assert leasemgr.delete(reclaimed, update_stats=True)
    # As with Kea's lease4-update: within its subnet a lease that becomes expired-reclaimed keeps
    # its assigned count, and deleting it then takes nothing.
    assert counts() == {"subnet[31].assigned-addresses": 1, "subnet[32].assigned-addresses": 0,
                        "subnet[31].declined-addresses": 0, "subnet[32].declined-addresses": 0,
                        "declined-addresses": 0}

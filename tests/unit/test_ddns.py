"""pykea.ddns in-process: Kea's D2ClientMgr as this process has it (no server: DHCP-DDNS
disabled, as in a configuration without "dhcp-ddns"), queueing, bad input, and the reason given
where a Kea build cannot reach the client. tests/integration/test_example_lease_cmds.py sends
NameChangeRequests from a server with updates enabled."""

import time

import pytest

from pykea import InvalidArgumentError, Lease4, Lease6, LeaseType, UnsupportedError, ddns, features
from pykea.testing import KeaHooks

needs_ddns = pytest.mark.requires_kea(feature="ddns")


@pytest.fixture(scope="module", autouse=True)
def kea():
    """Kea's logging must be up before Kea's configuration code logs (KeaHooks starts it)."""
    return KeaHooks(server=4)


def named_lease4():
    lease = Lease4("192.0.2.10")
    lease.hwaddr = "02:00:00:00:00:10"
    lease.hostname = "host10.example.org"
    lease.fqdn_fwd = lease.fqdn_rev = True
    lease.valid_lft, lease.cltt, lease.subnet_id = 3600, int(time.time()), 1
    return lease


@needs_ddns
def test_updates_are_disabled_without_a_dhcp_ddns_configuration():
    assert ddns.enabled() is False


@needs_ddns
@pytest.mark.parametrize("change", [ddns.Change.ADD, ddns.Change.REMOVE])
def test_queueing_while_disabled_does_nothing_as_kea_does(change):
    ddns.queue(named_lease4(), change)
    duid = bytes.fromhex("000300010200000000a1")
    lease6 = Lease6("2001:db8::10", duid=duid, iaid=1)
    lease6.hostname, lease6.fqdn_fwd = "host10.example.org", True
    ddns.queue(lease6, change)
    ddns.queue(Lease6("2001:db8:1::", duid=duid, iaid=2, type=LeaseType.PD, prefix_length=56))
    assert ddns.enabled() is False


@needs_ddns
def test_bad_arguments_are_refused_with_what_is_wrong():
    with pytest.raises(InvalidArgumentError, match="change must be PYKEA_DDNS_CHANGE_ADD or "
                                                   "PYKEA_DDNS_CHANGE_REMOVE, not 7"):
        ddns.queue(named_lease4(), 7)
    with pytest.raises(TypeError, match="a Lease4 or Lease6, not str"):
        ddns.queue("192.0.2.10")


@pytest.mark.requires_kea(feature="ddns", available=False)
def test_without_the_server_configuration_both_calls_say_why():
    reason = features.feature("ddns").reason
    assert "cfg_globals.h" in reason
    with pytest.raises(UnsupportedError, match=r"DHCP-DDNS client is unavailable with Kea 2\.2.*cfgmgr\.h"):
        ddns.enabled()
    with pytest.raises(UnsupportedError, match="DHCP-DDNS client is unavailable"):
        ddns.queue(named_lease4())

"""pykea.config in-process: Kea's CfgMgr as this process has it (no server: an empty
configuration), subnet arguments in Kea's real hooks framework, bad input, and the reasons given
where a Kea build lacks subnets or the server configuration. tests/integration/test_config.py
reads real configurations."""

import pytest

from pykea import MessageType, Pkt4, UnsupportedError, config, features
from pykea.testing import KeaHooks

needs_subnets = pytest.mark.requires_kea(feature="subnets")
needs_server_config = pytest.mark.requires_kea(feature="server-config")


@pytest.fixture(scope="module", autouse=True)
def kea():
    """Kea's logging must be up before Kea's configuration code logs (KeaHooks starts it)."""
    return KeaHooks(server=4)


@needs_server_config
def test_an_empty_running_configuration_has_no_subnets():
    running = config.current_config()
    assert "Dhcp4" in config.current()
    assert running.subnets() == [] and running.shared_networks() == []
    assert running.subnet(1) is None
    assert running.subnet_by_prefix("192.0.2.0/24") is None
    assert running.subnet_for_address("192.0.2.7") is None
    assert running.shared_network("backup") is None
    assert running.select_subnet(Pkt4(MessageType.DISCOVER, 1)) is None
    assert running.get_global("valid-lifetime") is None
    assert "Dhcp4" in config.staging()


@needs_server_config
def test_bad_lookups_say_what_is_wrong():
    with pytest.raises(ValueError, match="a subnet id is 0 to 4294967295, not -1"):
        config.subnet(-1)
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 network"):
        config.subnet_by_prefix("not a prefix")


@needs_subnets
@pytest.mark.parametrize("hook", ["subnet4_select", "lease4_select", "pkt4_send"])
def test_no_subnet_reads_back_as_none_with_the_type_kea_passes(kea, hook):
    if kea.points.get(hook) is None or not kea.points[hook].argument("subnet4"):
        pytest.skip(f"{hook} passes no subnet4 with Kea {features.kea_version()}")
    handle = kea.handle()
    handle.set(hook, "subnet4", None)
    assert handle.get(hook, "subnet4") is None


@needs_subnets
def test_a_subnet_argument_takes_only_a_subnet_of_its_family(kea):
    handle = kea.handle()
    with pytest.raises(TypeError, match="subnet4 takes a Subnet4 or None, not str"):
        handle.set("subnet4_select", "subnet4", "192.0.2.0/24")


@pytest.mark.requires_kea(feature="subnets", available=False)
def test_without_subnets_every_call_names_the_kea_release_and_the_reason(kea):
    reason = f"subnets are unavailable with Kea {features.kea_version()[:3]}: .*cfg_globals.h"
    with pytest.raises(UnsupportedError, match=reason):
        kea.handle().get("subnet4_select", "subnet4")
    with pytest.raises(UnsupportedError, match="server configuration is unavailable with Kea 2.2"):
        config.current()


@pytest.mark.requires_kea(feature="subnets")
@pytest.mark.requires_kea(feature="server-config", available=False)
def test_without_the_server_configuration_the_reason_says_how_to_get_it():
    with pytest.raises(UnsupportedError, match="install libssl-dev and rebuild pykea"):
        config.current()

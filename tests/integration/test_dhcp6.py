"""kea-dhcp6 with pykea: Pkt6, Lease6 and IA options seen and changed by a hook, on the wire."""

from pykea.tools import lab

from testsupport import client as client6, hook


def test_dhcpv6_hook_picks_an_address_and_adds_an_option(network):
    config = lab.dhcp6_config(network, {"module": hook("v6_hook.py")})
    with lab.KeaServer(network, config, name=f"pykea-test6-{network.server}") as kea:
        picked, = client6(network, "sarr", "--mac", "02:00:00:00:01:0a")
        other, = client6(network, "sarr", "--mac", "02:00:00:00:01:0b")
        prefix, = client6(network, "sarr", "--pd", "--mac", "02:00:00:00:01:0c")
        log = kea.log()
    assert picked["reply"]["leases"] == ["2001:db8:1::150"]
    assert picked["reply"]["options"]["65000"] == b"pykea".hex()
    assert other["reply"]["leases"][0] != "2001:db8:1::150"
    assert prefix["reply"]["leases"][0].endswith("/56")
    assert "v6_hook: pkt6_receive SOLICIT duid=0003000102000000010a relays=0" in log
    assert "v6_hook: lease6_select NA" in log and "fake=True" in log and "fake=False" in log
    assert "v6_hook: lease6_select PD 2001:db8:80" in log
    assert "v6_hook: committed 2001:db8:1::150/128" in log
    assert "v6_hook: pkt6_send REPLY iaid=1" in log
    assert "Traceback" not in log


def test_relayed_dhcpv6_reaches_the_hook_with_its_relay_level(network):
    """The client acts as a relay agent: RELAY-FORW with a link address in the subnet and an
    interface-id; the hook reads the relay level, and the REPLY comes back in a RELAY-REPL."""
    config = lab.dhcp6_config(network, {"module": hook("v6_hook.py")})
    with lab.KeaServer(network, config, name=f"pykea-test6r-{network.server}") as kea:
        relayed, = client6(network, "sarr", "--relay", "2001:db8:1::1", "--mac", "02:00:00:00:01:0a")
        log = kea.log()
    assert relayed["reply"]["leases"] == ["2001:db8:1::150"]
    assert relayed["reply"]["relay_interface_id"] == b"pykea-relay".hex()
    assert relayed["reply"]["options"]["65000"] == b"pykea".hex()
    assert "v6_hook: pkt6_receive SOLICIT duid=0003000102000000010a relays=1" in log
    assert "v6_hook: relay level 0 RELAY_FORW link=2001:db8:1::1 peer=fe80::" in log
    assert "interface-id=pykea-relay" in log
    assert "v6_hook: any relay interface-id pykea-relay" in log
    assert "Traceback" not in log

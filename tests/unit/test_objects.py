"""Pkt4, Option, Lease4 and identifiers against the real library, without a server."""

import ipaddress

import pytest

from pykea.identifiers import parse_duid
from pykea import (ClientId, DetachedError, HWAddr, InvalidArgumentError, Lease4, LeaseState,
                   MessageType, Option, Pkt4, UnsupportedError, WrongTypeError)
from pykea import features


def discover(transid=0x1234):
    packet = Pkt4(MessageType.DISCOVER, transid)
    packet.hwaddr = HWAddr.parse("02:00:00:00:00:01")
    return packet


def test_new_packet_has_type_transid_and_op():
    packet = discover()
    assert packet.type is MessageType.DISCOVER
    assert packet.transid == 0x1234
    assert packet.op == 1


def test_header_fields_round_trip():
    packet = discover()
    packet.hops, packet.secs, packet.flags = 3, 7, 0x8000
    packet.ciaddr = "192.0.2.1"
    packet.yiaddr = ipaddress.IPv4Address("192.0.2.2")
    packet.siaddr = "192.0.2.3"
    packet.giaddr = "192.0.2.4"
    packet.sname = b"server"
    packet.file = "boot.img"
    assert (packet.hops, packet.secs, packet.flags) == (3, 7, 0x8000)
    assert packet.ciaddr == ipaddress.IPv4Address("192.0.2.1")
    assert str(packet.yiaddr) == "192.0.2.2"
    assert str(packet.siaddr) == "192.0.2.3"
    assert str(packet.giaddr) == "192.0.2.4"
    assert packet.sname == b"server"
    assert packet.file == b"boot.img"
    assert packet.hwaddr == HWAddr.parse("02:00:00:00:00:01")
    assert (packet.htype, packet.hlen) == (1, 6)


def test_out_of_range_header_field_is_a_clear_error():
    with pytest.raises(InvalidArgumentError, match="hops must be between 0 and 255"):
        discover().hops = 256
    with pytest.raises(InvalidArgumentError, match="IPv4"):
        discover().ciaddr = "2001:db8::1"


def test_addresses_ports_and_interface():
    packet = discover()
    packet.remote_addr = "198.51.100.7"
    packet.local_port, packet.remote_port = 67, 68
    packet.iface = "eth7"
    assert str(packet.remote_addr) == "198.51.100.7"
    assert (packet.local_port, packet.remote_port) == (67, 68)
    assert packet.iface == "eth7"


def test_link_hwaddrs_are_none_until_a_raw_socket_records_them():
    # tests/integration/test_examples.py reads them from packets Kea received and sent.
    packet = discover()
    assert packet.remote_hwaddr is None and packet.local_hwaddr is None
    from pykea import MessageType6, Pkt6
    assert Pkt6(MessageType6.SOLICIT, 1).remote_hwaddr is None
    assert not hasattr(Pkt6, "local_hwaddr")


def test_options_add_get_delete_iterate():
    packet = discover()
    packet.options.add(Option.from_str(12, "client-one"))
    packet.options.add(Option.from_addresses(6, ["192.0.2.53", "192.0.2.54"]))
    assert 12 in packet.options
    assert sorted(packet.options) == [6, 12, 53]
    assert packet.options[12].as_str() == "client-one"
    assert [str(a) for a in packet.options[6].as_addresses()] == ["192.0.2.53", "192.0.2.54"]
    del packet.options[12]
    assert packet.options.get(12) is None
    with pytest.raises(KeyError):
        packet.options[12]


def test_second_option_with_same_code_is_refused_and_replace_works():
    packet = discover()
    packet.options.add(Option.from_int(51, 3600))
    with pytest.raises(Exception):
        packet.options.add(Option.from_int(51, 60))
    packet.options.replace(Option.from_int(51, 60))
    assert packet.options[51].as_int() == 60


def test_option_bytes_wire_and_text():
    option = Option(252, b"http://wpad/")
    assert option.code == 252
    assert option.data == b"http://wpad/"
    assert option.wire == bytes([252, 12]) + b"http://wpad/"
    assert "type=252" in option.text
    option.data = b"x"
    assert option.wire == b"\xfc\x01x"


def test_option_code_out_of_range():
    with pytest.raises(InvalidArgumentError, match="1 to 254"):
        Option(300, b"")


def test_option_82_sub_options():
    relay_info = Option(82)
    relay_info.options.add(Option(1, b"eth0/1"))
    relay_info.options.add(Option(2, b"\x00\x11\x22"))
    assert sorted(relay_info.options) == [1, 2]
    assert relay_info.options[1].data == b"eth0/1"
    assert relay_info.data == b"\x01\x06eth0/1\x02\x03\x00\x11\x22"


def test_pack_and_parse_round_trip_with_option_82():
    packet = discover(0xCAFE)
    relay_info = Option(82)
    relay_info.options.add(Option(1, b"port-7"))
    packet.options.add(relay_info)
    wire = packet.pack()
    parsed = Pkt4.from_wire(wire)
    assert parsed.raw == wire
    parsed.unpack()
    assert parsed.transid == 0xCAFE
    assert parsed.type is MessageType.DISCOVER
    assert parsed.options[82].options[1].data == b"port-7"
    assert parsed.hwaddr == HWAddr.parse("02:00:00:00:00:01")


def test_client_classes():
    packet = discover()
    assert not packet.in_class("gold")
    packet.add_class("gold")
    assert packet.in_class("gold")
    assert "gold" in packet.classes


def test_packet_text_and_label():
    packet = discover()
    assert "DHCPDISCOVER" in packet.text
    assert "02:00:00:00:00:01" in packet.label


def test_lease4_fields():
    lease = Lease4("192.0.2.10")
    lease.valid_lft, lease.cltt, lease.subnet_id = 3600, 1700000000, 7
    lease.hostname = "host.example.org"
    lease.fqdn_fwd, lease.fqdn_rev = True, False
    lease.hwaddr = "02:00:00:00:00:09"
    lease.client_id = ClientId.parse("01:02:00:00:00:00:09")
    lease.state = LeaseState.DECLINED
    lease.user_context = {"owner": "lab"}
    assert lease.address == ipaddress.IPv4Address("192.0.2.10")
    assert (lease.valid_lft, lease.cltt, lease.subnet_id) == (3600, 1700000000, 7)
    assert lease.hostname == "host.example.org"
    assert (lease.fqdn_fwd, lease.fqdn_rev) == (True, False)
    assert str(lease.hwaddr) == "02:00:00:00:00:09"
    assert lease.client_id == ClientId(b"\x01\x02\x00\x00\x00\x00\x09")
    assert lease.state is LeaseState.DECLINED
    assert lease.user_context == {"owner": "lab"}
    assert "192.0.2.10" in lease.text
    lease.client_id = None
    assert lease.client_id is None


@pytest.mark.requires_kea(feature="lease-pool-id")
def test_lease4_pool_id():
    lease = Lease4("192.0.2.11")
    lease.pool_id = 4
    assert lease.pool_id == 4


@pytest.mark.requires_kea(feature="lease-pool-id", available=False)
def test_lease4_pool_id_is_unsupported_before_kea_2_6():
    with pytest.raises(UnsupportedError, match="2.6"):
        Lease4("192.0.2.11").pool_id = 4


@pytest.mark.requires_kea(feature="lease4-remote-relay-id")
def test_lease4_remote_and_relay_id():
    lease = Lease4("192.0.2.13")
    lease.remote_id, lease.relay_id = b"\x01\x02", b"\x03"
    assert (lease.remote_id, lease.relay_id) == (b"\x01\x02", b"\x03")


@pytest.mark.requires_kea(feature="lease4-remote-relay-id", available=False)
def test_lease4_remote_and_relay_id_are_unsupported_before_kea_2_6():
    with pytest.raises(UnsupportedError, match="2.6"):
        Lease4("192.0.2.13").remote_id = b"\x01"


def test_lease_user_context_must_be_a_map():
    with pytest.raises(InvalidArgumentError, match="map"):
        Lease4("192.0.2.12").user_context = [1, 2]


def test_identifiers_parse_as_kea_does_and_print():
    assert str(HWAddr.parse("AA:BB:CC:00:11:22")) == "aa:bb:cc:00:11:22"
    assert str(HWAddr.parse("2:0:0:0:0:1")) == "02:00:00:00:00:01"     # Kea's one-digit groups
    with pytest.raises(ValueError, match="not a valid hexadecimal digit"):   # Kea's own reasons
        HWAddr.parse("zz")
    with pytest.raises(ValueError, match="invalid format"):
        HWAddr.parse("AA-BB-CC-00-11-22")
    assert str(ClientId.parse("01:aa:bb")) == "01:aa:bb"
    with pytest.raises(ValueError, match="is too short"):       # Kea 2.2 says client-id
        ClientId.parse("01")
    assert parse_duid("00:03:00:01:02:00:00:00:00:01") == bytes.fromhex("00030001020000000001")
    with pytest.raises(ValueError):
        parse_duid("xyz")


def test_features_report_reasons_for_what_is_missing():
    for feature in features.available().values():
        assert feature.available or feature.reason
    assert features.kea_hooks_version() > 20000
    assert features.kea_version().count(".") == 2


def test_handles_are_counted_and_freed():
    import gc
    from pykea._bindings import ffi, lib
    gc.collect()
    count = ffi.new("uint64_t *")
    lib.pykea_live_handles(count)
    before = count[0]
    packets = [discover(i) for i in range(50)]
    lib.pykea_live_handles(count)
    assert count[0] == before + 50
    del packets
    gc.collect()
    lib.pykea_live_handles(count)
    assert count[0] == before


def test_detached_handle_raises_a_clear_error():
    from pykea._bindings import ffi, lib
    packet = discover()
    lib.pykea_detach_all(ffi.NULL)
    with pytest.raises(DetachedError, match="unloaded"):
        packet.transid


def test_python_levels_map_to_kea_severities_and_debug_levels():
    import logging
    from pykea._bindings import lib
    from pykea.log import kea_severity
    assert kea_severity(logging.CRITICAL) == (lib.PYKEA_LOG_FATAL, 0)
    assert kea_severity(logging.ERROR) == (lib.PYKEA_LOG_ERROR, 0)
    assert kea_severity(logging.WARNING) == (lib.PYKEA_LOG_WARN, 0)
    assert kea_severity(logging.INFO) == (lib.PYKEA_LOG_INFO, 0)
    assert kea_severity(logging.DEBUG) == (lib.PYKEA_LOG_DEBUG, 0)
    assert kea_severity(logging.DEBUG - 5) == (lib.PYKEA_LOG_DEBUG, 50)
    assert kea_severity(1) == (lib.PYKEA_LOG_DEBUG, 90)


def test_pkt6_ia_options_pack_and_parse():
    from pykea import MessageType6, Pkt6
    packet = Pkt6(MessageType6.SOLICIT, 0x1234)
    packet.options.add(Option(1, bytes.fromhex("00030001020000000001"), universe=6))
    ia = Option.ia(3, iaid=7, t1=100, t2=200)
    ia.options.add(Option.iaaddr("2001:db8::5", preferred=300, valid=400))
    packet.options.add(ia)
    prefix = Option.ia(25, iaid=8)
    prefix.options.add(Option.iaaddr("2001:db8:8000::", 500, 600, prefix_length=56))
    packet.options.add(prefix)
    parsed = Pkt6.from_wire(packet.pack())
    parsed.unpack()
    assert parsed.type is MessageType6.SOLICIT and parsed.transid == 0x1234
    assert parsed.options[3].ia_fields == (7, 100, 200)
    address, length, preferred, valid = parsed.options[3].options[5].iaaddr_fields
    assert (str(address), length, preferred, valid) == ("2001:db8::5", 128, 300, 400)
    assert parsed.options[25].options[26].iaaddr_fields[:2] == (ipaddress.IPv6Address("2001:db8:8000::"), 56)
    assert parsed.relays == ()
    assert parsed.relay_option(18) is None
    with pytest.raises(WrongTypeError, match="not an IAADDR or IAPREFIX"):
        Option.ia(3, 1).iaaddr_fields


def test_relayed_pkt6_levels_and_relay_options():
    from pykea import MessageType6, Pkt6, RelaySearch
    inner = Pkt6(MessageType6.SOLICIT, 0x42)
    inner.options.add(Option(1, b"\x00\x03\x00\x01\x02\x00\x00\x00\x00\x02", universe=6))
    message = inner.pack()
    interface_id = b"\x00\x12\x00\x04eth3"                       # option 18, "eth3"
    relay = (bytes([12, 0]) + ipaddress.IPv6Address("2001:db8:1::1").packed
             + ipaddress.IPv6Address("fe80::2").packed + interface_id
             + (9).to_bytes(2, "big") + len(message).to_bytes(2, "big") + message)
    parsed = Pkt6.from_wire(relay)
    parsed.unpack()
    assert parsed.type is MessageType6.SOLICIT and parsed.transid == 0x42
    level, = parsed.relays
    assert (level.hop_count, str(level.link_address), str(level.peer_address)) == (0, "2001:db8:1::1", "fe80::2")
    assert level.options[18].data == b"eth3"
    assert parsed.relay_option(18, RelaySearch.FIRST).data == b"eth3"


def test_lease6_fields():
    from pykea import Lease6, LeaseType
    lease = Lease6("2001:db8::9", duid=b"\x00\x03\x00\x01\x02\x00\x00\x00\x00\x01", iaid=5)
    lease.preferred_lft, lease.valid_lft, lease.subnet_id = 77, 88, 3
    assert (lease.type, lease.iaid, lease.prefix_length) == (LeaseType.NA, 5, 128)
    assert (lease.preferred_lft, lease.valid_lft, lease.subnet_id) == (77, 88, 3)
    assert lease.duid.hex() == "00030001020000000001"
    assert str(lease.address) == "2001:db8::9"
    prefix = Lease6("2001:db8:8000::", duid=b"\x00\x01\x02", type=LeaseType.PD, prefix_length=56)
    assert (prefix.type, prefix.prefix_length) == (LeaseType.PD, 56)
    with pytest.raises(InvalidArgumentError, match="IPv6"):
        Lease6("192.0.2.1", duid=b"\x00\x01\x02")

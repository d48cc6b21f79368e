"""Typed option values through Kea's option definitions, vendor options and option 82, against
the real library: options are made by Kea's factories, packed and parsed by Kea's Pkt4/Pkt6."""

import ipaddress

import pytest

from pykea import (DHCP4Option, DHCP6Option, InvalidArgumentError, MessageType, MessageType6, NotFoundError, Option,
                   OptionDefinition, Pkt4, Pkt6, WrongTypeError)

IPv4, IPv6 = ipaddress.IPv4Address, ipaddress.IPv6Address


def through_wire(packet):
    """The packet as Kea parses it after packing it: what a peer would see."""
    parsed = type(packet).from_wire(packet.pack())
    parsed.unpack()
    return parsed


def one_line(error):
    text = str(error.value)
    assert "\n" not in text
    return text


# ---- definitions ---------------------------------------------------------------------------------

def test_named_option_codes_are_kea_s_standard_definitions():
    assert (DHCP4Option.DOMAIN_NAME_SERVERS, DHCP4Option.ROUTERS, DHCP4Option.DHCP_MESSAGE_TYPE) == (6, 3, 53)
    assert (DHCP6Option.DNS_SERVERS, DHCP6Option.IA_NA) == (23, 3)
    for codes, universe in ((DHCP4Option, 4), (DHCP6Option, 6)):
        for member in codes:
            name = member.name.lower().replace("_", "-")
            assert OptionDefinition.find(name, universe=universe).code == member
    packet = Pkt4(MessageType.OFFER, 1)
    packet.options.add(Option(DHCP4Option.DOMAIN_NAME, b"example.org"))
    assert packet.options.get(15).data == b"example.org"


def test_find_by_name_and_by_code_gives_the_same_definition():
    by_name = OptionDefinition.find("domain-name-servers")
    by_code = OptionDefinition.find(6)
    assert (by_name.name, by_name.code, by_name.space) == ("domain-name-servers", 6, "dhcp4")
    assert (by_code.name, by_code.type, by_code.array) == ("domain-name-servers", "ipv4-address", True)
    assert by_name.fields == () and by_name.encapsulate == ""


def test_option_43_comes_from_kea_last_resort_definitions():
    definition = OptionDefinition.find(43)
    assert definition.name == "vendor-encapsulated-options"
    assert definition.encapsulate == "vendor-encapsulated-options-space"


def test_packet_options_by_code_or_name():
    packet = Pkt4(MessageType.OFFER, 1)
    packet.options.add(Option.from_values(3, "192.0.2.1"))
    packet.options.set_value("dhcp-lease-time", 600)
    assert "routers" in packet.options and 51 in packet.options
    assert packet.options[3].value == [IPv4("192.0.2.1")]
    del packet.options["routers"]
    assert 3 not in packet.options and 51 in packet.options
    assert packet.options.get_value("routers", "none") == "none"


def test_dhcpv6_record_and_encapsulating_definitions():
    status = OptionDefinition.find("status-code", universe=6)
    assert (status.space, status.code, status.type) == ("dhcp6", 13, "record")
    assert status.fields == ("uint16", "string")
    agent = OptionDefinition.find(82)
    assert (agent.name, agent.type) == ("dhcp-agent-options", "empty")
    assert agent.encapsulate == "dhcp-agent-options-space"


# ---- round trips of every value type -----------------------------------------------------------

V4_CASES = [
    # (name, values given, value read back)
    ("subnet-mask", ("255.255.255.0",), IPv4("255.255.255.0")),
    ("routers", ("192.0.2.1", IPv4("192.0.2.2")), [IPv4("192.0.2.1"), IPv4("192.0.2.2")]),
    ("default-ip-ttl", (64,), 64),                                  # uint8
    ("dhcp-max-message-size", (1500,), 1500),                       # uint16
    ("dhcp-lease-time", (4294967295,), 4294967295),                 # uint32
    ("time-offset", (-3600,), -3600),                               # int32
    ("ip-forwarding", (True,), True),                               # boolean
    ("host-name", ("printer-7",), "printer-7"),                     # string
    ("domain-search", ("example.org", "lab.example.net"),           # fqdn array
     ["example.org.", "lab.example.net."]),
    ("dhcp-client-identifier", (b"\x01\x02\x00\xff",), b"\x01\x02\x00\xff"),  # binary
    ("dhcp-agent-options", (), None),                               # empty
]


@pytest.mark.parametrize("name, given, expected", V4_CASES, ids=[c[0] for c in V4_CASES])
def test_dhcpv4_typed_values_survive_kea_packing_and_parsing(name, given, expected):
    packet = Pkt4(MessageType.OFFER, 1)
    packet.options.add(Option.from_values(name, *given))
    parsed = through_wire(packet)
    assert parsed.options.get_value(name) == expected
    option = parsed.options[name]
    assert option.value == expected
    assert option.code == OptionDefinition.find(name).code


V6_CASES = [
    ("dns-servers", ("2001:db8::53", "2001:db8::54"), [IPv6("2001:db8::53"), IPv6("2001:db8::54")]),
    ("unicast", ("2001:db8::1",), IPv6("2001:db8::1")),                     # ipv6-address
    ("preference", (255,), 255),                                            # uint8
    ("status-code", (2, "no addresses"), (2, "no addresses")),               # record
    ("domain-search", ("example.org",), ["example.org."]),                  # fqdn array
    ("bootfile-param", ("root=/dev/sda", "quiet"), ["root=/dev/sda", "quiet"]),  # tuple array
    ("rapid-commit", (), None),                                             # empty
]


@pytest.mark.parametrize("name, given, expected", V6_CASES, ids=[c[0] for c in V6_CASES])
def test_dhcpv6_typed_values_survive_kea_packing_and_parsing(name, given, expected):
    packet = Pkt6(MessageType6.REPLY, 1)
    packet.options.add(Option.from_values(name, *given, universe=6))
    parsed = through_wire(packet)
    assert parsed.options.get_value(name) == expected


def test_ipv6_prefix_and_psid_fields_in_a_record():
    rule = Option.from_values("s46-rule", 1, 16, 24, "192.0.2.0", "2001:db8::/32",
                              space="s46-cont-mape-options")
    assert rule.value == (1, 16, 24, IPv4("192.0.2.0"), ipaddress.IPv6Network("2001:db8::/32"))
    ports = Option.from_values("s46-portparams", 4, "5/6", space="s46-rule-options")
    assert ports.values == [4, "5/6"]
    assert Option.from_values("s46-portparams", *ports.values, space="s46-rule-options") == ports


def test_a_record_value_can_be_given_back_as_a_tuple():
    status = Option.from_values("status-code", 0, "all good", universe=6)
    assert status.value == (0, "all good")
    assert Option.from_values("status-code", status.value, universe=6) == status


def test_raw_bytes_read_through_the_definition():
    option = Option(6, bytes([192, 0, 2, 1, 198, 51, 100, 7]))
    assert option.value == [IPv4("192.0.2.1"), IPv4("198.51.100.7")]
    assert option.definition.name == "domain-name-servers"


# ---- custom definitions --------------------------------------------------------------------------

def test_custom_record_definition_writes_and_reads_every_field():
    definition = OptionDefinition("site-info", 224, "record",
                                  fields=("uint16", "int8", "int16", "ipv4-address", "string"))
    assert (definition.space, definition.type) == ("dhcp4", "record")
    option = definition.create(7, -5, -300, "192.0.2.9", "rack 4")
    assert option.wire == bytes([224, 15, 0, 7, 0xFB, 0xFE, 0xD4, 192, 0, 2, 9]) + b"rack 4"
    assert definition.value(option) == (7, -5, -300, IPv4("192.0.2.9"), "rack 4")


def test_custom_record_array_repeats_its_last_field():
    definition = OptionDefinition("weights", 225, "record", array=True, fields=("uint8", "uint16"))
    option = definition.create(3, 10, 20, 30)
    assert definition.read(option) == [3, 10, 20, 30]


def test_custom_binary_and_boolean_array_definitions():
    blob = OptionDefinition("blob", 226, "binary")
    assert blob.value(blob.create(b"\x00\x01\xfe")) == b"\x00\x01\xfe"
    assert blob.value(blob.create("0a0b")) == b"\x0a\x0b"      # binary also takes hex text
    flags = OptionDefinition("flags", 227, "boolean", array=True)
    assert flags.value(flags.create(True, False, True)) == [True, False, True]


def test_custom_definition_with_an_encapsulated_space():
    outer = OptionDefinition("outer", 228, "uint8", encapsulate="my-sub-space")
    assert outer.encapsulate == "my-sub-space"
    option = outer.create(9)
    option.options.add(Option(1, b"x"))
    assert outer.value(option) == 9                      # sub-options are not fields
    assert option.options[1].data == b"x"


# ---- vendor options ------------------------------------------------------------------------------

def test_dhcpv4_vendor_option_with_typed_sub_options():
    tftp = Option.from_values("tftp-servers", "192.0.2.10", space="vendor-4491", universe=4)
    vendor = Option.vendor(4491, tftp)
    assert vendor.code == 125 and vendor.enterprise_id == 4491
    packet = Pkt4(MessageType.OFFER, 1)
    packet.options.add(vendor)
    parsed = through_wire(packet).options[125]
    assert parsed.enterprise_id == 4491
    assert parsed.options.space == "vendor-4491"
    assert parsed.options.get_value("tftp-servers") == [IPv4("192.0.2.10")]


def test_dhcpv6_vendor_option_built_through_its_sub_option_map():
    vendor = Option.vendor(4491, universe=6)
    vendor.options.set_value("config-file", "modem.cfg")
    vendor.options.set_value("time-servers", "2001:db8::123")
    assert vendor.code == 17
    packet = Pkt6(MessageType6.REPLY, 1)
    packet.options.add(vendor)
    parsed = through_wire(packet).options["vendor-opts"]
    assert parsed.enterprise_id == 4491
    assert parsed.options.get_value("config-file") == "modem.cfg"
    assert parsed.options[37].value == [IPv6("2001:db8::123")]


def test_vendor_without_definitions_keeps_raw_sub_options():
    vendor = Option.vendor(32473, Option(1, b"\x2a", universe=6), universe=6)
    packet = Pkt6(MessageType6.REPLY, 1)
    packet.options.add(vendor)
    parsed = through_wire(packet).options[17]
    assert parsed.enterprise_id == 32473
    assert parsed.options[1].data == b"\x2a"
    with pytest.raises(NotFoundError) as error:
        parsed.options[1].value
    assert "in option space 'vendor-32473'" in one_line(error)


# ---- option 82 (relay agent information) -------------------------------------------------------

def test_relay_agent_information_sub_options_written_and_read_by_name():
    agent = Option.from_values("dhcp-agent-options")
    agent.options.set_value("circuit-id", b"eth0/7")
    agent.options.set_value("remote-id", b"\x00\x11\x22")
    agent.options.set_value("link-selection", "192.0.2.0")
    packet = Pkt4(MessageType.DISCOVER, 1)
    packet.giaddr = "192.0.2.2"
    packet.options.add(agent)
    parsed = through_wire(packet)
    relay = parsed.options[82]
    assert relay.options.space == "dhcp-agent-options-space"
    assert sorted(relay.options) == [1, 2, 5]
    assert relay.options.get_value("circuit-id") == b"eth0/7"
    assert relay.options[2].value == b"\x00\x11\x22"
    assert relay.options["link-selection"].value == IPv4("192.0.2.0")
    assert "circuit-id" in relay.options and "relay-id" not in relay.options


def test_option_82_from_raw_bytes_reads_by_name():
    packet = Pkt4(MessageType.DISCOVER, 1)
    packet.options.add(Option(82, b"\x01\x04port\x02\x02\xab\xcd"))
    parsed = through_wire(packet)
    assert parsed.options[82].options.get_value("circuit-id") == b"port"
    assert parsed.options[82].options.get_value("remote-id") == b"\xab\xcd"


# ---- errors --------------------------------------------------------------------------------------

def test_unknown_name_says_where_it_looked():
    with pytest.raises(NotFoundError) as error:
        Option.from_values("no-such-option", 1)
    assert "no option definition named 'no-such-option' in option space 'dhcp4'" in one_line(error)
    with pytest.raises(NotFoundError):
        Pkt4(MessageType.OFFER, 1).options.get_value("no-such-option")


def test_bad_value_names_the_option_and_its_type():
    with pytest.raises(InvalidArgumentError) as error:
        Option.from_values("routers", "192.0.2.300")
    text = one_line(error)
    assert "bad value for option routers (code 3, space dhcp4, ipv4-address array)" in text
    with pytest.raises(InvalidArgumentError) as error:
        Option.from_values("default-ip-ttl", 256)
    assert "option default-ip-ttl" in one_line(error)


def test_wrong_number_of_values():
    with pytest.raises(InvalidArgumentError) as error:
        Option.from_values("subnet-mask", "255.0.0.0", "255.255.0.0")
    assert "takes exactly 1 value(s), not 2" in one_line(error)
    with pytest.raises(InvalidArgumentError) as error:
        Option.from_values("status-code", 1, universe=6)
    assert "takes exactly 2 value(s), not 1" in one_line(error)


def test_value_of_an_unsupported_python_type():
    with pytest.raises(TypeError, match="is a str, int, bool, bytes or ipaddress object, not dict"):
        Option.from_values("routers", {"a": 1})


def test_bytes_that_do_not_fit_the_definition():
    with pytest.raises(InvalidArgumentError) as error:
        Option(1, b"\x01\x02").value
    assert "does not hold the fields of option subnet-mask" in one_line(error)


def test_non_standard_space_needs_a_universe():
    with pytest.raises(InvalidArgumentError) as error:
        OptionDefinition.find("tftp-servers", space="vendor-4491")
    assert "pass universe=4 or universe=6" in one_line(error)


def test_enterprise_id_of_an_ordinary_option():
    with pytest.raises(WrongTypeError) as error:
        Option.from_values("routers", "192.0.2.1").enterprise_id
    assert "not a vendor option" in one_line(error)


def test_bad_custom_definitions():
    with pytest.raises(InvalidArgumentError) as error:
        OptionDefinition("x", 230, "uint9")
    assert "unknown option data type 'uint9'" in one_line(error)
    with pytest.raises(InvalidArgumentError) as error:
        OptionDefinition("x", 230, "record")
    assert "record field types" in one_line(error)


def test_sub_options_of_an_option_without_a_space_have_no_names():
    option = Option(250, b"")
    with pytest.raises(NotFoundError, match="option 250 has no encapsulated option space"):
        option.options.get_value("circuit-id")

"""Keeps Kea objects at module level, as hook modules commonly do: options made once and added
to every response, a vendor option with sub-options, a lease template. None holds a packet, so
unloading must free them with the module, without a warning."""

from pykea import DHCP4Option, Lease4, Option

NAME_SERVERS = Option.from_values(DHCP4Option.DOMAIN_NAME_SERVERS, "192.0.2.53", "192.0.2.54")
VENDOR = Option.vendor(4491, Option(1, b"tftp.example"))
TEMPLATE = Lease4("192.0.2.250")
answered = []


def load(handle):
    handle.register_command("module-objects", lambda arguments: {"answered": len(answered)})


def pkt4_send(handle):
    response = handle["response4"]
    response.options.replace(NAME_SERVERS)
    response.options.replace(VENDOR)
    answered.append(response.transid)

"""Typed options in a real kea-dhcp4: a hook reads option 82 from a relayed DISCOVER and adds
a standard option and one defined by the server's option-def, by name; the client checks the
bytes on the wire."""

import json
import subprocess
import sys

from pykea.tools import lab

from testsupport import ANSWER_TIMEOUT, hook

RELAY = "192.0.2.2"
SITE_DEF = {"name": "pykea-site", "code": 224, "space": "dhcp4", "type": "record",
            "record-types": "uint16, ipv4-address, string"}


def relayed_dora(network, mac, circuit_id):
    """A DORA through a relay at RELAY whose option 82 carries ``circuit_id``."""
    agent_options = bytes([1, len(circuit_id)]) + circuit_id
    done = subprocess.run(network.in_client(
        sys.executable, "-m", "pykea.cli", "client", "-i", network.client_iface,
        "--timeout", str(ANSWER_TIMEOUT), "--json",
        "dora", "--mac", mac, "--relay", RELAY, "--option", f"82=hex:{agent_options.hex()}"),
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def test_hook_reads_circuit_id_and_sends_typed_options(network, start_kea):
    # Kea answers a relayed query to the relay's address: the client namespace holds it.
    subprocess.run(["ip", "-n", network.client, "addr", "add", f"{RELAY}/24", "dev",
                    network.client_iface], check=True)
    kea = start_kea({"module": hook("options_hook.py")}, **{"option-def": [SITE_DEF]})
    exchange = relayed_dora(network, "02:00:00:00:08:02", b"port-7")
    for reply in (exchange["offer"], exchange["ack"]):
        options = reply["options"]
        assert options["name_server"] == ["192.0.2.53", "192.0.2.54"]
        # pykea-site: uint16 7, 192.0.2.9, "port-7" as Kea packed them.
        assert options["224"] == (b"\x00\x07" + bytes([192, 0, 2, 9]) + b"port-7").hex()
    log = kea.log()
    assert f"options_hook: circuit-id b'port-7' from {RELAY}" in log
    assert ("options_hook: sent <OptionDefinition dhcp4/pykea-site 224 record"
            "(uint16, ipv4-address, string)> (7, IPv4Address('192.0.2.9'), 'port-7')") in log

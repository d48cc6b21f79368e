"""Reads the circuit-id of option 82 that a relay added to the query, and answers with typed
options: the standard domain-name-servers and the server's own option-def "pykea-site"."""

import logging

log = logging.getLogger(__name__)


def pkt4_send(handle):
    query, response = handle["query4"], handle["response4"]
    relay = query.options.get("dhcp-agent-options")
    circuit = relay.options.get_value("circuit-id", b"") if relay is not None else b""
    log.info("circuit-id %r from %s", circuit, query.giaddr)
    response.options.set_value("domain-name-servers", "192.0.2.53", "192.0.2.54")
    site = response.options.set_value("pykea-site", 7, "192.0.2.9", circuit.decode() or "none")
    log.info("sent %s %s", site.definition, site.value)

"""For the return-value rule: pkt4_receive returns what the "returns" parameter names, and
dhcp4_srv_configured raises when "fail-configured" is true."""

import logging

from pykea import NextStep

log = logging.getLogger(__name__)

RETURNS = {"true": True, "minus-one": -1, "huge": 2**100, "drop": NextStep.DROP, "none": None,
           "zero": 0}
settings = {}


def load(handle):
    settings.clear()
    settings.update(handle.parameters)


def pkt4_receive(handle):
    log.info("pkt4_receive saw transid %#x", handle["query4"].transid)
    return RETURNS[settings.get("returns", "none")]


def dhcp4_srv_configured(handle):
    if settings.get("fail-configured"):
        raise RuntimeError("the inventory service is unreachable")

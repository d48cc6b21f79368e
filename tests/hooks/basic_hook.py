"""A hook module for the runtime tests: records what its callouts see."""

import logging

from pykea import NextStep, Option

log = logging.getLogger(__name__)
seen = []
parameters = {}
kept = []
# What pkt4_receive returns for these transaction ids (the return-value rule).
RETURNS = {0x7001: True, 0x7002: -1, 0x7003: 2**100, 0x7004: 2, 0x7005: NextStep.DROP,
           0x7006: NextStep.SKIP, 0x7007: 0, 0x7008: NextStep.CONTINUE}


def load(handle):
    parameters.update(handle.parameters)
    handle.register_command("basic-echo", lambda arguments: {"echo": arguments})
    handle.register_command("basic-fail", fail_command)
    log.info("basic_hook loaded with answer=%s", handle.parameters.get("answer"))


def fail_command(arguments):
    raise ValueError("no such widget")


def pkt4_receive(handle):
    query = handle["query4"]
    seen.append(("pkt4_receive", query.transid))
    handle.context["transid"] = query.transid
    handle.context["object"] = object()
    if query.transid == 0xDEAD:
        raise RuntimeError("boom")
    if query.transid == 0xBAD:
        return "not an int"
    if query.transid in RETURNS:
        return RETURNS[query.transid]
    if query.transid == 0x5EE:
        handle.status = NextStep.SKIP
    if query.transid == 0x4EE:
        kept.append(query)
    log.debug("pkt4_receive saw %s", query.label)


def pkt4_send(handle):
    response = handle["response4"]
    response.options.replace(Option.from_str(252, "http://wpad.example/wpad.dat"))
    seen.append(("pkt4_send", handle.context.get("transid")))


def lease4_select(handle):
    lease = handle["lease4"]
    lease.valid_lft = 1234
    seen.append(("lease4_select", handle["fake_allocation"], str(handle["subnet4"].prefix)))


def pkt4_recieve(handle):
    """A misspelt hook point: never called, warned about at load."""
    seen.append("misspelt")


def pkt6_receive(handle):
    """A DHCPv6 hook point in a DHCPv4 server: never called, warned about."""


def helper_function():
    """Not a hook point, not near one: left alone."""


def unload():
    seen.append("unload")

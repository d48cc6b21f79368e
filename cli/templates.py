"""What `pykea new NAME` writes."""

from __future__ import annotations

import json
import os
from typing import Dict

MODULE = '''"""{name}: a pykea hook module for kea-dhcp4.

Kea calls each function named after a hook point with a CalloutHandle; see `pykea hooks`.
"""

import logging

from pykea import NextStep

log = logging.getLogger(__name__)

BLOCKED_PREFIX = "02:00:00:00:0b:"


def load(handle):
    """Runs when Kea loads the hook; handle.parameters holds the kea.conf parameters."""
    global BLOCKED_PREFIX
    BLOCKED_PREFIX = handle.parameters.get("blocked-prefix", BLOCKED_PREFIX)


def pkt4_receive(handle):
    """Every DHCPv4 query, after Kea parsed it: drop clients whose MAC starts with
    BLOCKED_PREFIX, and put everybody else in the client class "{name}-seen"."""
    query = handle["query4"]
    if str(query.hwaddr).startswith(BLOCKED_PREFIX):
        log.info("dropping %s", query.label)
        handle.status = NextStep.DROP
        return
    query.add_class("{name}-seen")
'''

TEST = '''"""Tests of {name}.py in Kea's own hooks framework, without a server."""

import os

import pytest

from pykea import HWAddr, MessageType, NextStep, Pkt4
from pykea.testing import KeaHooks

MODULE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "{name}.py")


@pytest.fixture(scope="module")
def kea():
    kea = KeaHooks(server=4)
    kea.load(MODULE, blocked_prefix="02:00:00:00:0b:")
    yield kea
    kea.unload()


def receive(kea, mac):
    query = Pkt4(MessageType.DISCOVER, 1)
    query.hwaddr = HWAddr.parse(mac)
    handle = kea.handle()
    handle.set("pkt4_receive", "query4", query)
    return handle.call("pkt4_receive"), query


def test_blocked_client_is_dropped(kea):
    status, _ = receive(kea, "02:00:00:00:0b:01")
    assert status is NextStep.DROP


def test_other_clients_are_classified(kea):
    status, query = receive(kea, "02:00:00:00:00:01")
    assert status is NextStep.CONTINUE
    assert query.in_class("{name}-seen")
'''


def render(name: str, directory: str, library: str = "libdhcp_pykea.so") -> Dict[str, str]:
    module_path = os.path.join(directory, f"{name}.py")
    snippet = {"hooks-libraries": [{"library": library,
                                    "parameters": {"module": module_path,
                                                   "blocked-prefix": "02:00:00:00:0b:"}}]}
    return {
        module_path: MODULE.format(name=name),
        os.path.join(directory, f"{name}.kea.conf"):
            "// Add this to the Dhcp4 map of kea-dhcp4.conf. Kea's pykea loads Python code only from\n"
            "// its allowed directories (normally /etc/kea/pykea, and $PYKEA_ALLOWED_DIRS), owned by\n"
            "// root or _kea: install the module there and change \"module\" (pykea validate checks).\n"
            + json.dumps(snippet, indent=4)[1:-1].strip() + "\n",
        os.path.join(directory, f"test_{name}.py"): TEST.format(name=name),
    }

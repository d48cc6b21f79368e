"""Every hook point of kea-dhcp4 and kea-dhcp6, reached by real clients, with every argument
read from Python.

A recorder callout sits at every hook point of the running Kea (tests/hooks/argument_recorder.py).
The clients then do what makes Kea call each point: DORA with a hostname (DNS update), a second
DORA (renew), RELEASE, DECLINE (recovered after the probation period), leases that expire,
DHCPv6 SARR with an FQDN, RENEW, REBIND, RELEASE, DECLINE, an address registration (Kea 3.0) and
a control command. Kea's flex-id host identifier makes it call host4_identifier and
host6_identifier. The test then checks that Kea called every hook point this version has, passed
the arguments pykea.hooks lists, and that each argument read with its Python type."""

import json
import subprocess
import sys

import pytest

from pykea import features, hooks
from pykea.tools import lab

from testsupport import client, hook, wait_until

KEA_3_0 = 30000

# Hook points no client exchange reaches here, and the tests that reach them.
UNREACHABLE = {
    "cb4_updated": "called when a configuration backend database has changes (test_audit.py)",
    "cb6_updated": "called when a configuration backend database has changes",
    "lease4_server_decline": "called when a lease4_offer callout parks the offer and says the "
                             "address is in use (test_parking.py)",
}



def python_type_names(kind: str) -> set:
    """The type names pykea.hooks.PYTHON_TYPES (what `pykea hooks` prints) allows for a kind."""
    return {"NoneType" if part == "None" else part.split("[")[0]
            for part in hooks.PYTHON_TYPES[kind].split(" | ")}


# Argument kinds that need a feature some builds lack (pykea.features), whose reason the error gives.
FEATURE_OF_KIND = {"subnet4": "subnets", "subnet6": "subnets", "subnet4_collection": "subnets",
                   "subnet6_collection": "subnets", "ddns_params": "subnets",
                   "srv_config": "server-config"}

EXPIRY = {"reclaim-timer-wait-time": 1, "hold-reclaimed-time": 1,
          "flush-reclaimed-timer-wait-time": 1}
# Short lifetimes, so leases expire and declined ones are recovered while the test waits; no
# lease caching beyond 1% of the lifetime, so that a second exchange renews the lease (a reused
# lease is not renewed; Kea 2.6 does not accept 0 to turn caching off).
# (A lease must outlive the exchanges that use it: the DHCPv4 walk makes them all in one client
# process, and each DHCPv6 command makes its own in one; starting a client takes seconds.)
TIMERS4 = {"valid-lifetime": 10, "renew-timer": 3, "rebind-timer": 6, "cache-threshold": 0.01,
           "decline-probation-period": 2, "expired-leases-processing": EXPIRY}
TIMERS6 = {"preferred-lifetime": 8, **TIMERS4}
DNS_UPDATES = {"dhcp-ddns": {"enable-updates": True}, "ddns-send-updates": True,
               "ddns-qualifying-suffix": "example.org"}


def recorded_points(record):
    """The hook points the recorder has seen so far (it rewrites its file as it goes)."""
    try:
        return set(json.loads(record.read_text()))
    except (OSError, ValueError):        # not written yet, or being rewritten
        return set()


def wait_for_every_point(record, server, kea):
    """Waits until the recorder has seen every hook point a client reaches, the timed ones too
    (a lease that expires, a declined address recovered after its probation period): as long
    as a busy machine needs, and no longer. After the deadline, the tests name what is missing."""
    expected = set(hooks.hook_points(server, features.kea_hooks_version())) - set(UNREACHABLE)
    try:
        wait_until(lambda: expected <= recorded_points(record) or not kea.alive(),
                   "every reachable hook point", timeout=120)
    except AssertionError:
        pass


# The DHCPv4 walk in one client process: DORA with a hostname, DORA again (a renewal), RELEASE,
# DORA and DECLINE, DORA of a lease left to expire. The leases live 10 s; however long a
# client takes to start, each exchange comes right after the one before.
WALK4 = r'''
import json, sys, time
from pykea.tools.client import Client
client = Client(sys.argv[1])
first = client.dora("02:00:00:00:07:01", [("hostname", "walker")])
time.sleep(1.5)     # older than a second, so that Kea renews rather than reuses the lease
again = client.dora("02:00:00:00:07:01")
if again["ack"]:
    server = again["ack"]["options"]["server_id"]
    client.release("02:00:00:00:07:01", again["ack"]["yiaddr"], server)
    declined = client.dora("02:00:00:00:07:02")
    if declined["ack"]:
        client.decline("02:00:00:00:07:02", declined["ack"]["yiaddr"], server)
    client.dora("02:00:00:00:07:03")
else:
    declined = None
print(json.dumps({"first": first, "again": again, "declined": declined}), flush=True)
client.close()
'''


def walk4(network, record):
    config = lab.dhcp4_config(
        network, {"module": hook("argument_recorder.py"), "record": str(record), "server": 4},
        **TIMERS4, **DNS_UPDATES, **{"host-reservation-identifiers": ["hw-address", "flex-id"]})
    with lab.KeaServer(network, config, name=f"pykea-walk4-{network.server}") as kea:
        done = subprocess.run(network.in_client(sys.executable, "-c", WALK4, network.client_iface),
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        walked = json.loads(done.stdout)
        assert kea.command("config-get")["result"] == 0
        wait_for_every_point(record, 4, kea)     # the DORA's lease expires, the declined one is recovered
        log = kea.log()
    first, again, declined = walked["first"], walked["again"], walked["declined"]
    assert first["ack"] and again["ack"] and declined and declined["ack"], (walked, log[-3000:])
    return json.loads(record.read_text()), log


def walk6(network, record):
    config = lab.dhcp6_config(
        network, {"module": hook("argument_recorder.py"), "record": str(record), "server": 6},
        **TIMERS6, **DNS_UPDATES, **{"host-reservation-identifiers": ["duid", "flex-id"]})
    with lab.KeaServer(network, config, name=f"pykea-walk6-{network.server}") as kea:
        sarr, = client(network, "sarr", "--mac", "02:00:00:00:08:01", "--fqdn", "walker6.example.org")
        renewed, = client(network, "renew", "--mac", "02:00:00:00:08:02")
        rebound, = client(network, "rebind", "--mac", "02:00:00:00:08:03", "--pd")
        client(network, "release6", "--mac", "02:00:00:00:08:04")
        client(network, "decline6", "--mac", "02:00:00:00:08:05")
        if features.kea_hooks_version() >= KEA_3_0:
            registered, = client(network, "register", "--mac", "02:00:00:00:08:06",
                                 "--address", "2001:db8:1::77")
            assert registered["registered"], kea.log()[-3000:]
        assert kea.command("config-get")["result"] == 0
        wait_for_every_point(record, 6, kea)
        log = kea.log()
    assert sarr["reply"] and renewed["renew"] and rebound["rebind"], log[-3000:]
    return json.loads(record.read_text()), log


@pytest.fixture(scope="module", params=[4, 6], ids=["dhcp4", "dhcp6"])
def walked(request, tmp_path_factory):
    record = tmp_path_factory.mktemp("walk") / "record.json"
    with lab.Network() as network:
        walk = walk4 if request.param == 4 else walk6
        records, log = walk(network, record)
    return request.param, records, log


def test_every_reachable_hook_point_is_called(walked):
    server, records, log = walked
    points = hooks.hook_points(server, features.kea_hooks_version())
    missing = set(points) - set(records) - set(UNREACHABLE)
    assert not missing, f"kea-dhcp{server} did not call {sorted(missing)}"


def test_kea_passes_the_arguments_the_table_lists(walked):
    server, records, _ = walked
    points = hooks.hook_points(server, features.kea_hooks_version())
    for name, arguments in records.items():
        listed = {argument.name for argument in points[name].arguments}
        if name in ("lease6_renew", "lease6_rebind"):    # Kea passes ia_na or ia_pd
            listed -= {"ia_na", "ia_pd"} - set(arguments)
        assert set(arguments) == listed, f"{name}: Kea passed {sorted(arguments)}"


def test_every_argument_reads_with_its_python_type(walked):
    server, records, _ = walked
    points = hooks.hook_points(server, features.kea_hooks_version())
    problems = []
    for name, arguments in sorted(records.items()):
        for argument_name, result in sorted(arguments.items()):
            kind = points[name].argument(argument_name).kind
            error = result.get("error")
            feature = features.feature(FEATURE_OF_KIND.get(kind, "subnets"))
            if error and kind in FEATURE_OF_KIND and not feature.available \
                    and feature.reason in error:
                continue        # e.g. Kea 2.2's kea-dev cannot describe subnets: the error says so
            if error:
                problems.append(f"{name}.{argument_name} ({kind}): {error}")
            elif result["type"] not in python_type_names(kind):
                problems.append(f"{name}.{argument_name} ({kind}) read as {result['type']}")
    assert not problems, "\n".join(problems)

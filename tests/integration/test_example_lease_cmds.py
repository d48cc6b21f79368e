"""examples/lease-cmds against its oracle: the same command sequence sent to Kea with Kea's own
libdhcp_lease_cmds.so and to Kea with the example, answers and lease statistics compared field by
field (kea-dhcp4 and kea-dhcp6); with DHCP-DDNS enabled, also the NameChangeRequests each command
makes Kea send."""

import json
import re
import subprocess
import sys
import threading
import time

import pytest

from pykea import features
from pykea.tools import lab

from testsupport import example, wait_until

pytestmark = pytest.mark.skipif(
    not features.feature("lease-database").available,
    reason="the lease database is not reachable from this Kea's kea-dev (Debian's Kea 2.2 lacks "
           "dhcpsrv/cfg_globals.h): " + features.feature("lease-database").reason)

KEA = tuple(int(part) for part in features.kea_version().split(".")[:2])
EXPIRE = 2000000000                    # a fixed expiration: answers do not depend on the clock
# Kea's parser adds the JSON position of a bad parameter, "(<string>:1:23)", which a Python hook
# does not know (listed in examples/lease-cmds/README.md).
POSITION = re.compile(r" ?\((<[^>]*>|[^()\s]*):\d+:\d+\)")
# The lease counts: global, subnet and pool (pykea.leasemgr's update_stats keeps them as Kea's
# library does, even where that leaves a pool's count stale).
STATISTIC = re.compile(
    r"^(subnet\[\d+\]\.((pd-)?pool\[\d+\]\.)?)?(assigned|declined|registered)-(addresses|nas|pds)$")

SUBNETS4 = [
    {"id": 1, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.10 - 192.0.2.200"}]},
    {"id": 2, "subnet": "198.51.100.0/24", "valid-lifetime": 900,
     "pools": [{"pool": "198.51.100.10 - 198.51.100.100", "pool-id": 7}]},
]
MAC = "02:00:00:00:00:21"
CLIENT_ID = "01:02:00:00:00:00:21"
FULL4 = {"ip-address": "192.0.2.21", "hw-address": MAC, "client-id": CLIENT_ID, "subnet-id": 1,
         "valid-lft": 600, "expire": EXPIRE, "hostname": "Host21.example.org", "fqdn-fwd": True,
         "user-context": {"site": "lab"}, "comment": "added by the test"}

COMMANDS4 = [
    ("lease4-get-all", None),
    ("lease4-add", None),
    ("lease4-add", {}),
    ("lease4-add", {"ip-address": "192.0.2.20", "hw-address": "02:00:00:00:00:20"}),
    ("lease4-add", FULL4),
    ("lease4-add", FULL4),
    ("lease4-add", {"ip-address": "198.51.100.30", "hw-address": "2:0:0:0:0:30", "state": 1,
                    "expire": EXPIRE}),
    ("lease4-add", {"ip-address": "192.0.2.40", "hw-address": MAC, "subnet-id": 99}),
    ("lease4-add", {"ip-address": "192.0.2.40", "hw-address": MAC, "subnet-id": 2}),
    ("lease4-add", {"ip-address": "203.0.113.5", "hw-address": MAC}),
    ("lease4-add", {"ip-address": "192.0.2.41", "hw-address": "zz:00"}),
    ("lease4-add", {"ip-address": "2001:db8::1", "hw-address": MAC}),
    ("lease4-add", {"ip-address": "not-an-address", "hw-address": MAC}),
    ("lease4-add", {"ip-address": "192.0.2.42", "hw-address": MAC, "state": 9}),
    ("lease4-add", {"ip-address": "192.0.2.42", "hw-address": MAC, "fqdn-rev": True}),
    ("lease4-add", {"ip-address": "192.0.2.42", "hw-address": MAC, "user-context": [1]}),
    ("lease4-add", {"ip-address": "192.0.2.42", "hw-address": MAC, "valid-lft": "long"}),
    ("lease4-add", {"ip-address": "192.0.2.42", "hw-address": MAC, "expire": 10,
                    "valid-lft": 600}),
    ("lease4-add", {"ip-address": "192.0.2.42", "hw-address": MAC, "comment": "c",
                    "user-context": {"comment": "d"}}),
    ("lease4-get", {"ip-address": "192.0.2.21"}),
    ("lease4-get", {"ip-address": "192.0.2.99"}),
    ("lease4-get", {"ip-address": "2001:db8::1"}),
    ("lease4-get", {"ip-address": 5}),
    ("lease4-get", {"identifier-type": "hw-address", "identifier": MAC, "subnet-id": 1}),
    ("lease4-get", {"identifier-type": "client-id", "identifier": CLIENT_ID, "subnet-id": 1}),
    ("lease4-get", {"identifier-type": "duid", "identifier": "00:01:02", "subnet-id": 1}),
    ("lease4-get", {"identifier-type": "serial", "identifier": "1", "subnet-id": 1}),
    ("lease4-get", {"identifier-type": "hw-address", "identifier": MAC}),
    ("lease4-get", {"identifier-type": "hw-address", "subnet-id": 1}),
    ("lease4-get", None),
    ("lease4-get-page", {"from": "start", "limit": 2}),
    ("lease4-get-page", {"from": "192.0.2.21", "limit": 2}),
    ("lease4-get-page", {"from": "198.51.100.30", "limit": 2}),
    ("lease4-get-page", {"from": "bogus", "limit": 2}),
    ("lease4-get-page", {"from": "2001:db8::", "limit": 2}),
    ("lease4-get-page", {"from": "start"}),
    ("lease4-get-page", {"limit": 2}),
    ("lease4-get-page", None),
    ("lease4-get-by-hw-address", {"hw-address": MAC}),
    ("lease4-get-by-hw-address", {"hw-address": "02:00:00:00:00:99"}),
    ("lease4-get-by-hw-address", {"hw-address": 1}),
    ("lease4-get-by-hw-address", None),
    ("lease4-get-by-client-id", {"client-id": CLIENT_ID}),
    ("lease4-get-by-client-id", {}),
    ("lease4-get-by-hostname", {"hostname": "host21.example.org"}),
    ("lease4-get-by-hostname", {"hostname": "HOST21.EXAMPLE.ORG"}),
    ("lease4-get-by-hostname", {"hostname": ""}),
    ("lease4-get-all", {"subnets": [2]}),
    ("lease4-get-all", {"subnets": [1, 3]}),
    ("lease4-get-all", {"subnets": 1}),
    ("lease4-get-all", {"subnets": ["1"]}),
    ("lease4-get-all", {"networks": [1]}),
    ("lease4-get-all", None),
    ("lease4-update", dict(FULL4, hostname="renamed.example.org", **{"valid-lft": 700})),
    ("lease4-update", {"ip-address": "192.0.2.50", "hw-address": MAC, "expire": EXPIRE}),
    ("lease4-update", {"ip-address": "192.0.2.50", "hw-address": MAC, "expire": EXPIRE,
                       "force-create": True}),
    ("lease4-update", {"ip-address": "198.51.100.30", "hw-address": "02:00:00:00:00:30",
                       "expire": EXPIRE, "state": 0}),
    ("lease4-update", {"ip-address": "192.0.2.20", "hw-address": MAC, "subnet-id": 2}),
    ("lease4-update", None),
    ("lease4-del", {"ip-address": "192.0.2.50"}),
    ("lease4-del", {"ip-address": "192.0.2.50"}),
    ("lease4-del", {"identifier-type": "hw-address", "identifier": "02:00:00:00:00:20",
                    "subnet-id": 1}),
    ("lease4-del", {"identifier-type": "duid", "identifier": "00:01:02", "subnet-id": 1}),
    ("lease4-del", {"identifier-type": "client-id", "identifier": "01:02:03", "subnet-id": 1}),
    ("lease4-del", {"ip-address": "192.0.2.300"}),
    ("lease4-resend-ddns", {"ip-address": "192.0.2.21"}),
    ("lease4-resend-ddns", {"ip-address": "bogus"}),
    ("lease4-resend-ddns", {"ip-address": "2001:db8::1"}),
    ("lease4-resend-ddns", {}),
    ("lease4-add", {"ip-address": "198.51.100.31", "hw-address": "02:00:00:00:00:31",
                    "expire": EXPIRE, "state": 1}),
    ("lease4-wipe", {"subnet-id": 2}),
    ("lease4-wipe", {"subnet-id": 2}),
    ("lease4-wipe", {"subnet-id": -1}),
    ("lease4-wipe", None),
    ("lease4-get-all", None),
]
if KEA >= (2, 6):
    COMMANDS4[-1:-1] = [
        ("lease4-write", {"filename": "/tmp/leases4.csv"}),
        ("lease4-write", {"filename": "pykea-leases4-written.csv"}),
        ("lease4-write", {"filename": 4}),
        ("lease4-write", {}),
    ]

def subnets6(network):
    return [{"id": 1, "subnet": lab.SUBNET6, "interface": network.server_iface,
             "pools": [{"pool": lab.POOL6}],
             "pd-pools": [{"prefix": lab.PD_PREFIX6, "prefix-len": 48, "delegated-len": 56}]}]
DUID = "00:03:00:01:02:00:00:00:00:61"
NA = {"ip-address": "2001:db8:1::110", "duid": DUID, "iaid": 7, "subnet-id": 1,
      "valid-lft": 4000, "preferred-lft": 3000, "expire": EXPIRE, "hw-address": MAC,
      "hostname": "Six.example.org", "fqdn-rev": True}
PD = {"type": "IA_PD", "ip-address": "2001:db8:8000:100::", "prefix-len": 56, "duid": DUID,
      "iaid": 8, "subnet-id": 1, "expire": EXPIRE}

COMMANDS6 = [
    ("lease6-get-all", None),
    ("lease6-add", NA),
    ("lease6-add", NA),
    ("lease6-add", PD),
    ("lease6-add", {"ip-address": "2001:db8:1::111", "duid": DUID, "iaid": 9}),
    ("lease6-add", {"ip-address": "2001:db8:1::112", "duid": DUID, "iaid": 9, "state": 1,
                    "expire": EXPIRE}),
    ("lease6-add", dict(PD, **{"subnet-id": 0})),
    ("lease6-add", dict(PD, **{"prefix-len": 0})),
    ("lease6-add", dict(PD, **{"ip-address": "2001:db8:8000:101::"})),
    ("lease6-add", dict(PD, type="IA_XX")),
    ("lease6-add", dict(PD, state=1)),
    ("lease6-add", {"ip-address": "2001:db8:9::1", "duid": DUID, "iaid": 1}),
    ("lease6-add", {"ip-address": "192.0.2.1", "duid": DUID, "iaid": 1}),
    ("lease6-add", {"ip-address": "2001:db8:1::113", "duid": "xyz", "iaid": 1}),
    ("lease6-add", {"ip-address": "2001:db8:1::113", "duid": DUID}),
    ("lease6-get", {"ip-address": "2001:db8:1::110"}),
    ("lease6-get", {"ip-address": "2001:db8:8000:100::", "type": "IA_PD"}),
    ("lease6-get", {"ip-address": "2001:db8:8000:100::"}),
    ("lease6-get", {"ip-address": "2001:db8:1::110", "type": "IA_QQ"}),
    ("lease6-get", {"ip-address": "192.0.2.1"}),
    ("lease6-get", {"identifier-type": "duid", "identifier": DUID, "iaid": 7, "subnet-id": 1}),
    ("lease6-get", {"identifier-type": "duid", "identifier": DUID, "iaid": 8, "subnet-id": 1,
                    "type": "IA_PD"}),
    ("lease6-get", {"identifier-type": "hw-address", "identifier": MAC, "subnet-id": 1}),
    ("lease6-get-page", {"from": "start", "limit": 2}),
    ("lease6-get-page", {"from": "2001:db8:1::110", "limit": 10}),
    ("lease6-get-page", {"from": "192.0.2.1", "limit": 10}),
    ("lease6-get-by-duid", {"duid": DUID}),
    ("lease6-get-by-duid", {"duid": "00:03:00:01:02:00:00:00:00:99"}),
    ("lease6-get-by-duid", {"duid": "z"}),
    ("lease6-get-by-hostname", {"hostname": "SIX.example.org"}),
    ("lease6-get-all", {"subnets": [1]}),
    ("lease6-update", dict(NA, hostname="seven.example.org")),
    ("lease6-update", {"ip-address": "2001:db8:1::120", "duid": DUID, "iaid": 3,
                       "expire": EXPIRE}),
    ("lease6-update", {"ip-address": "2001:db8:1::120", "duid": DUID, "iaid": 3,
                       "expire": EXPIRE, "force-create": True}),
    ("lease6-bulk-apply", {"deleted-leases": [{"ip-address": "2001:db8:1::111"},
                                              {"ip-address": "2001:db8:1::1f0"}],
                           "leases": [{"ip-address": "2001:db8:1::130", "duid": DUID,
                                       "iaid": 4, "expire": EXPIRE},
                                      dict(NA, hostname="eight.example.org")]}),
    ("lease6-bulk-apply", {"leases": [{"ip-address": "2001:db8:1::131", "duid": DUID,
                                       "iaid": 5, "subnet-id": 77}]}),
    ("lease6-bulk-apply", {"leases": {}}),
    ("lease6-bulk-apply", {}),
    ("lease6-del", {"ip-address": "2001:db8:1::120"}),
    ("lease6-del", {"ip-address": "2001:db8:1::120"}),
    ("lease6-del", {"identifier-type": "duid", "identifier": DUID, "iaid": 8, "subnet-id": 1,
                    "type": "IA_PD"}),
    ("lease6-del", {"identifier-type": "hw-address", "identifier": MAC, "subnet-id": 1}),
    ("lease6-resend-ddns", {"ip-address": "2001:db8:1::110"}),
    ("lease6-wipe", {"subnet-id": 1}),
    ("lease6-wipe", None),
    ("lease6-get-all", None),
]
if KEA >= (3, 0):      # registered addresses (state 4) count in subnet[1].registered-nas
    COMMANDS6[-3:-3] = [
        ("lease6-add", {"ip-address": "2001:db8:1::140", "duid": DUID, "iaid": 10, "state": 4,
                        "expire": EXPIRE}),
        ("lease6-del", {"ip-address": "2001:db8:1::140"}),
    ]


def normalized(response, now: float):
    """An answer with the clock taken out (cltt and expire of leases added without "expire")
    and Kea's JSON positions stripped from error texts."""
    if isinstance(response, dict):
        return {key: ("<now>" if key in ("cltt", "expire") and isinstance(value, int)
                      and abs(value - now) < 86400 * 2 else normalized(value, now))
                for key, value in response.items()}
    if isinstance(response, list):
        return [normalized(item, now) for item in response]
    if isinstance(response, str):
        return POSITION.sub("", response)
    return response


def lease_statistics(kea) -> dict:
    answer = kea.command("statistic-get-all")
    return {name: samples[0][0] for name, samples in answer.get("arguments", {}).items()
            if STATISTIC.search(name)}


def run_sequence(network, config, commands, name):
    transcript = []
    with lab.KeaServer(network, config, name=name) as kea:
        for command, arguments in commands:
            now = time.time()
            response = kea.command(command, arguments)
            transcript.append((command, json.dumps(arguments),
                               normalized(response, now), lease_statistics(kea)))
    return transcript


def compare(network, config_of, commands, server):
    kea = run_sequence(network, config_of([{"library": "libdhcp_lease_cmds.so"}]), commands,
                       f"lease-cmds-kea{server}")
    pykea = run_sequence(network, config_of([{"library": "libdhcp_pykea.so", "parameters": {
        "module": example("lease-cmds/hook.py")}}]), commands, f"lease-cmds-pykea{server}")
    differences = [f"{k[0]} {k[1]}:\n  Kea:   {k[2:]}\n  pykea: {p[2:]}"
                   for k, p in zip(kea, pykea) if k != p]
    assert not differences, (f"{len(differences)} of {len(commands)} answers differ:\n"
                             + "\n".join(differences))
    # The sequence means something: leases were found, changed and counted.
    assert any(entry[2]["result"] == 0 and "arguments" in entry[2] for entry in kea)
    assert any(value > 0 for entry in kea for value in entry[3].values())


def test_lease_cmds4_answers_as_kea_lease_cmds(network):
    compare(network, lambda libraries: lab.dhcp4_config(
        network, None, extra_libraries=libraries, subnet4=SUBNETS4), COMMANDS4, 4)


def test_lease_cmds6_answers_as_kea_lease_cmds(network):
    compare(network, lambda libraries: lab.dhcp6_config(
        network, None, subnet6=subnets6(network), **{"hooks-libraries": libraries}), COMMANDS6, 6)


# -- with DHCP-DDNS enabled: the NameChangeRequests each command makes Kea send -----------------

NCR_PORT = 53001
DHCP_DDNS = {"enable-updates": True, "server-ip": "127.0.0.1", "server-port": NCR_PORT,
             "sender-ip": "0.0.0.0", "sender-port": 0, "max-queue-size": 1024,
             "ncr-protocol": "UDP", "ncr-format": "JSON"}
# Receives Kea's NameChangeRequests in the server's namespace and prints each datagram as hex.
LISTENER = """
import socket, sys
listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
listener.bind(("127.0.0.1", int(sys.argv[1])))
print("ready", flush=True)
while True:
    print(listener.recv(65535).hex(), flush=True)
"""
MARKER = "marker.example.org"


class NcrListener:
    """The NameChangeRequests Kea's D2 client sends (JSON after a 2-byte length), in order."""

    def __init__(self, network) -> None:
        self.process = subprocess.Popen(
            network.in_server(0, sys.executable, "-c", LISTENER, str(NCR_PORT)),
            stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"
        self.received = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            datagram = bytes.fromhex(line.strip())
            length = int.from_bytes(datagram[:2], "big")
            assert length == len(datagram) - 2, datagram
            self.received.append(json.loads(datagram[2:]))

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()


def run_ddns_sequence(network, config, commands, marker, name):
    """Each command's answer and the requests it made Kea send: after each command, a
    resend-ddns for the marker lease, whose request (sent after the command's) closes the
    command's share of the queue."""
    transcript = []
    listener = NcrListener(network)
    try:
        with lab.KeaServer(network, config, name=name) as kea:
            family = "lease4" if kea.server == 4 else "lease6"
            for command, arguments in commands:
                now = time.time()
                response = kea.command(command, arguments)
                sync = kea.command(f"{family}-resend-ddns", {"ip-address": marker})
                assert sync["result"] == 0, sync
                wait_until(lambda: any(ncr["fqdn"] == MARKER + "." for ncr in listener.received),
                           f"the NameChangeRequest for the marker after {command}")
                sent = listener.received[:]
                del listener.received[:len(sent)]
                transcript.append((command, json.dumps(arguments), normalized(response, now),
                                   [ncr for ncr in sent if ncr["fqdn"] != MARKER + "."]))
    finally:
        listener.close()
    return transcript


def compare_ddns(network, config_of, commands, marker, server):
    kea = run_ddns_sequence(network, config_of([{"library": "libdhcp_lease_cmds.so"}]),
                            commands, marker, f"lease-cmds-ddns-kea{server}")
    pykea = run_ddns_sequence(network, config_of([{"library": "libdhcp_pykea.so", "parameters": {
        "module": example("lease-cmds/hook.py")}}]), commands, marker,
        f"lease-cmds-ddns-pykea{server}")
    differences = [f"{k[0]} {k[1]}:\n  Kea:   {k[2:]}\n  pykea: {p[2:]}"
                   for k, p in zip(kea, pykea) if k != p]
    assert not differences, (f"{len(differences)} of {len(commands)} answers differ:\n"
                             + "\n".join(differences))
    # The sequence means something: Kea's library sent requests to add and to remove names.
    sent = [ncr for entry in kea for ncr in entry[3]]
    assert {ncr["change-type"] for ncr in sent} == {0, 1}, sent
    return sent


def marked(lease: dict, marker: str) -> dict:
    return dict(lease, **{"ip-address": marker, "hostname": MARKER, "fqdn-fwd": True})


NAMED4 = dict(FULL4, **{"valid-lft": 7200, "fqdn-rev": True})
HWADDR_ONLY4 = {"ip-address": "192.0.2.22", "hw-address": "02:00:00:00:00:22",
                "hostname": "host22.example.org", "fqdn-rev": True, "expire": EXPIRE}
MARKER4 = "192.0.2.99"
COMMANDS_DDNS4 = [
    ("lease4-add", marked({"hw-address": "02:00:00:00:00:99", "expire": EXPIRE}, MARKER4)),
    ("lease4-resend-ddns", {"ip-address": "192.0.2.21"}),
    ("lease4-add", NAMED4),
    ("lease4-add", HWADDR_ONLY4),
    ("lease4-add", {"ip-address": "192.0.2.23", "hw-address": "02:00:00:00:00:23",
                    "expire": EXPIRE}),
    ("lease4-add", {"ip-address": "192.0.2.24", "hw-address": "02:00:00:00:00:24",
                    "hostname": "host24.example.org", "expire": EXPIRE}),
    ("lease4-resend-ddns", {"ip-address": "192.0.2.21"}),
    ("lease4-resend-ddns", {"ip-address": "192.0.2.22"}),
    ("lease4-resend-ddns", {"ip-address": "192.0.2.23"}),
    ("lease4-resend-ddns", {"ip-address": "192.0.2.24"}),
    ("lease4-resend-ddns", {"ip-address": "bogus"}),
    ("lease4-resend-ddns", {"ip-address": "2001:db8::1"}),
    ("lease4-del", {"ip-address": "192.0.2.21", "update-ddns": "yes"}),
    ("lease4-del", {"ip-address": "192.0.2.21", "update-ddns": True}),
    ("lease4-del", {"ip-address": "192.0.2.21", "update-ddns": True}),
    ("lease4-del", {"ip-address": "192.0.2.22"}),
    ("lease4-del", {"ip-address": "192.0.2.24", "update-ddns": True}),
    ("lease4-del", {"identifier-type": "hw-address", "identifier": "02:00:00:00:00:23",
                    "subnet-id": 1, "update-ddns": True}),
    ("lease4-resend-ddns", {"ip-address": "192.0.2.21"}),
]

NAMED6 = dict(NA, **{"fqdn-fwd": True})
MARKER6 = "2001:db8:1::1ff"
COMMANDS_DDNS6 = [
    ("lease6-add", marked({"duid": DUID, "iaid": 99, "expire": EXPIRE}, MARKER6)),
    ("lease6-add", NAMED6),
    ("lease6-add", dict(PD, hostname="pd.example.org", **{"fqdn-fwd": True})),
    ("lease6-add", {"ip-address": "2001:db8:1::111", "duid": DUID, "iaid": 9, "expire": EXPIRE,
                    "hostname": "nine.example.org"}),
    ("lease6-resend-ddns", {"ip-address": "2001:db8:1::110"}),
    ("lease6-resend-ddns", {"ip-address": "2001:db8:1::111"}),
    ("lease6-resend-ddns", {"ip-address": "2001:db8:8000:100::"}),
    ("lease6-resend-ddns", {"ip-address": "192.0.2.21"}),
    ("lease6-del", {"ip-address": "2001:db8:8000:100::", "type": "IA_PD", "update-ddns": True}),
    ("lease6-del", {"ip-address": "2001:db8:1::110", "update-ddns": True}),
    ("lease6-del", {"ip-address": "2001:db8:1::111", "update-ddns": True}),
    ("lease6-resend-ddns", {"ip-address": "2001:db8:1::110"}),
]


def test_lease_cmds4_sends_the_name_change_requests_kea_lease_cmds_sends(network):
    sent = compare_ddns(network, lambda libraries: lab.dhcp4_config(
        network, None, extra_libraries=libraries, subnet4=SUBNETS4,
        **{"dhcp-ddns": DHCP_DDNS}), COMMANDS_DDNS4, MARKER4, 4)
    assert {(ncr["fqdn"], ncr["ip-address"]) for ncr in sent} == {
        ("host21.example.org.", "192.0.2.21"), ("host22.example.org.", "192.0.2.22")}


def test_lease_cmds6_sends_the_name_change_requests_kea_lease_cmds_sends(network):
    sent = compare_ddns(network, lambda libraries: lab.dhcp6_config(
        network, None, subnet6=subnets6(network), **{"hooks-libraries": libraries,
                                                      "dhcp-ddns": DHCP_DDNS}),
        COMMANDS_DDNS6, MARKER6, 6)
    assert {(ncr["fqdn"], ncr["ip-address"]) for ncr in sent} == {
        ("six.example.org.", "2001:db8:1::110")}

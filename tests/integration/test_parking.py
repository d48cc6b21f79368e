"""Parking with a real kea-dhcp4 / kea-dhcp6: a hook parks each packet, asks an HTTP service in
the server's namespace about the client (from a worker thread, or from an async def callout on
pykea's event loop) and then unparks or drops it. Runs with Kea multi-threaded and
single-threaded (where pykea hands the unpark to Kea's main thread)."""

import json
import subprocess
import sys
import threading

import pytest

from pykea.tools import lab

from testsupport import ANSWER_TIMEOUT, NO_ANSWER_WAIT, hook, wait_until

ALLOWED = "02:00:00:00:00:a1"
DENIED = "02:00:00:00:00:d1"
SLOW = "02:00:00:00:00:51"
FAST = "02:00:00:00:00:f1"

SERVICE = r'''
import http.server, json, sys, threading, time, urllib.parse
rules = json.loads(sys.argv[1])
released = threading.Event()        # a line on stdin answers the lookups a "hold" rule holds
threading.Thread(target=lambda: (sys.stdin.readline(), released.set()), daemon=True).start()

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        client = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["client"][0]
        print(json.dumps({"client": client, "at": time.time()}), flush=True)
        rule = rules.get(client, {})
        time.sleep(rule.get("delay", 0))
        if rule.get("hold"):
            released.wait(600)
        body = rule.get("answer", "allow").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(json.dumps({"port": server.server_address[1]}), flush=True)
server.serve_forever()
'''


class DecisionService:
    """The HTTP service the hook asks, in Kea's namespace; remembers every lookup."""

    def __init__(self, network, rules):
        self.process = subprocess.Popen(["ip", "netns", "exec", network.server, sys.executable, "-c",
                                         SERVICE, json.dumps(rules)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{json.loads(self.process.stdout.readline())['port']}"
        self.seen = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self):
        for line in self.process.stdout:
            self.seen.append(json.loads(line))

    def clients(self):
        """The clients looked up, in order, each once: a client that retransmitted while its
        packet was parked (a busy machine) may have been looked up again."""
        return list(dict.fromkeys(lookup["client"] for lookup in self.seen))

    def first_asked(self):
        """When each client was first looked up."""
        asked = {}
        for lookup in self.seen:
            asked.setdefault(lookup["client"], lookup["at"])
        return asked

    def release(self):
        """Answers the lookups that a "hold" rule holds (and later ones at once)."""
        if self.process.poll() is None:
            self.process.stdin.write("release\n")
            self.process.stdin.flush()

    def stop(self):
        self.process.terminate()
        self.process.wait(60)


@pytest.fixture
def service(network):
    started = []

    def start(rules):
        started.append(DecisionService(network, rules))
        return started[-1]

    yield start
    for running in started:
        running.stop()


def lookup_hook(service, hook_point, mode):
    return {"module": hook("parking_lookup.py"), "hook": hook_point, "mode": mode, "url": service.url}


def dora(network, mac, timeout=ANSWER_TIMEOUT):
    exchange, = lab.run_client(network, "dora", "--mac", mac, "--timeout", str(timeout))
    return exchange


@pytest.mark.parametrize("multi_threading", [True, False], ids=["multi-threaded", "single-threaded"])
@pytest.mark.parametrize("mode", ["thread", "async"])
def test_leases4_committed_lookup_allows_and_denies(network, start_kea, service, mode, multi_threading):
    decisions = service({ALLOWED: {"answer": "allow"}, DENIED: {"answer": "deny"}})
    kea = start_kea(lookup_hook(decisions, "leases4_committed", mode), multi_threading=multi_threading)
    allowed = dora(network, ALLOWED)
    denied = dora(network, DENIED, timeout=NO_ANSWER_WAIT)
    assert allowed["ack"]["yiaddr"] == allowed["offer"]["yiaddr"]
    assert denied["offer"] is not None and denied["ack"] is None
    # No ACK came because Kea got the REQUEST and the lookup dropped it, not because it was late.
    log = wait_until(lambda: f"{DENIED}: deny at leases4_committed" in kea.log() and kea.log(),
                     "the lookup's denial of the REQUEST")
    assert decisions.clients() == [ALLOWED, DENIED]
    assert f"{ALLOWED}: allow at leases4_committed" in log
    assert "Traceback" not in log
    assert "io_context: <Kea IOService>" in log


WAITING_CLIENT = r'''
import json, sys
from pykea.tools.client import Client
client = Client(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
print(json.dumps(client.dora(sys.argv[2])), flush=True)
client.close()
'''


@pytest.mark.parametrize("multi_threading", [True, False], ids=["multi-threaded", "single-threaded"])
def test_a_slow_lookup_does_not_hold_up_other_clients(network, start_kea, service, multi_threading):
    # The slow client's lookup is answered only when the test says so, once the fast client has
    # its ACK: however long each step takes, the fast DORA went through while the slow
    # client's REQUEST was parked (a Kea that waited for it would leave the fast client
    # without an answer).
    decisions = service({SLOW: {"hold": True}})
    kea = start_kea(lookup_hook(decisions, "leases4_committed", "thread"), multi_threading=multi_threading)
    # The fast client starts (imports scapy) first and sends when told to.
    fast_client = subprocess.Popen(network.in_client(sys.executable, "-c", WAITING_CLIENT,
                                                     network.client_iface, FAST),
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert fast_client.stdout.readline().strip() == "ready"
    # (It waits for its ACK as long as the test may hold the lookup.)
    slow_client = lab.start_client(network, "dora", "--mac", SLOW, "--timeout", "300")
    try:
        wait_until(lambda: SLOW in decisions.clients(), "the slow client's lookup")
        fast_client.stdin.write("go\n")
        fast_client.stdin.flush()
        fast = json.loads(fast_client.stdout.readline())
        fast_client.wait(60)
        assert f"{SLOW}: allow" not in kea.log()          # still parked, still unanswered
    finally:
        decisions.release()
    slow_output, _ = slow_client.communicate(timeout=300)
    slow = json.loads(slow_output.strip().splitlines()[-1])
    assert fast["ack"] is not None and slow["ack"] is not None
    asked = decisions.first_asked()
    assert asked[SLOW] < asked[FAST]
    log = kea.log()
    assert log.index(f"{FAST}: allow") < log.index(f"{SLOW}: allow")


@pytest.mark.requires_kea(since=20600, why="lease4_offer honours PARK from Kea 2.6")
@pytest.mark.parametrize("mode", ["thread", "async"])
def test_lease4_offer_address_in_use_makes_kea_decline_it(network, start_kea, service, mode):
    decisions = service({DENIED: {"answer": "in-use"}})
    kea = start_kea(lookup_hook(decisions, "lease4_offer", mode))
    taken = dora(network, DENIED, timeout=NO_ANSWER_WAIT)
    assert taken["offer"] is None
    # No OFFER came because Kea declined the address, not because it was late.
    wait_until(lambda: "server declined 192.0.2." in kea.log(), "Kea's decline of the address")
    allowed = dora(network, ALLOWED)
    assert allowed["ack"] is not None
    assert decisions.clients()[:2] == [DENIED, ALLOWED]
    log = kea.log()
    assert f"{DENIED}: in-use at lease4_offer" in log
    assert "DHCP4_HOOK_LEASE4_OFFER_ARGUMENT_MISSING" not in log


def client6(network, mac, timeout=ANSWER_TIMEOUT):
    done = subprocess.run(network.in_client(sys.executable, "-m", "pykea.cli", "client", "-i",
                                            network.client_iface, "--timeout", str(timeout),
                                            "--json", "sarr", "--mac", mac),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return json.loads(done.stdout.splitlines()[0])


@pytest.mark.parametrize("multi_threading", [True, False], ids=["multi-threaded", "single-threaded"])
def test_leases6_committed_lookup_allows_and_denies(network, service, multi_threading):
    decisions = service({DENIED: {"answer": "deny"}})
    config = lab.dhcp6_config(network, lookup_hook(decisions, "leases6_committed", "thread"),
                              **{"multi-threading": {"enable-multi-threading": multi_threading}})
    with lab.KeaServer(network, config, name=f"pykea-test6-{network.server}") as kea:
        allowed = client6(network, ALLOWED)
        denied = client6(network, DENIED, timeout=NO_ANSWER_WAIT)
        # No REPLY came because the lookup dropped the REQUEST, not because it was late.
        log = wait_until(lambda: f"{DENIED}: deny at leases6_committed" in kea.log() and kea.log(),
                         "the lookup's denial of the REQUEST")
    assert allowed["reply"]["leases"][0].startswith("2001:db8:1::")
    assert denied["advertise"] is not None and denied["reply"] is None
    assert decisions.clients() == [ALLOWED, DENIED]
    assert "io_context: <Kea IOService>" in log

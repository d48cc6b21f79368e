"""examples/stress-test: Prometheus metrics served from inside kea-dhcp4, scraped while pykea's
DHCP client keeps the server busy and again after config-reloads, and read with
prometheus_client's own parser."""

import glob
import json
import os
import re
import subprocess
import sys
import threading

import pytest

from pykea.cli import keaconfig
from pykea.tools import lab

from testsupport import example, wait_until

EXAMPLE_CONFIG = example("stress-test/kea.conf")
# prometheus_client's wheel, downloaded once into the Kea root's own layer.
WHEELS = "/var/cache/pykea-wheels"
PROMETHEUS_CLIENT = "prometheus_client>=0.17"
# A scrape, run in the server's namespace with the virtualenv's Python: the samples as JSON
# [name, labels, value] triples, parsed by prometheus_client, not by pykea.
SCRAPE = """
import json, sys, urllib.request
from prometheus_client.parser import text_string_to_metric_families
with urllib.request.urlopen(sys.argv[1], timeout=60) as answer:
    text = answer.read().decode()
print(json.dumps([[s.name, s.labels, s.value]
                  for family in text_string_to_metric_families(text) for s in family.samples]))
"""
# Room for the 1000 hardware addresses pykea's client cycles through, so that a load of any
# length never runs out of addresses; the lab's server address 192.0.2.1 lies in the subnet, so
# Kea selects it for the directly connected client, and outside the pools.
SUBNET4 = [{"id": 1, "subnet": "192.0.0.0/22",
            "pools": [{"pool": "192.0.0.2 - 192.0.2.0"}, {"pool": "192.0.2.2 - 192.0.3.254"}]}]
MAC = "02:00:00:00:10:00"


@pytest.fixture(scope="module")
def prometheus_venv(tmp_path_factory):
    """A virtualenv holding prometheus_client, in a directory pykea allows (pytest's)."""
    path = tmp_path_factory.mktemp("stress-test") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=600)
    python = str(path / "bin" / "python")
    pip = [python, "-m", "pip", "-q", "--disable-pip-version-check"]
    if not glob.glob(os.path.join(WHEELS, "prometheus_client-*.whl")):
        subprocess.run(pip + ["download", "--only-binary=:all:", "-d", WHEELS, PROMETHEUS_CLIENT],
                       check=True, timeout=600)
    subprocess.run(pip + ["install", "--no-index", "--find-links", WHEELS, PROMETHEUS_CLIENT],
                   check=True, timeout=600)
    return str(path)


class Samples:
    """One scrape's samples."""

    def __init__(self, triples):
        self.triples = triples

    def get(self, name, **labels):
        """The sample's value; None if the scrape has no such sample."""
        for sample_name, sample_labels, value in self.triples:
            if sample_name == name and sample_labels == labels:
                return value
        return None

    def count(self, name, **labels):
        """A counter's value, 0 for one not yet incremented (a label value not seen yet has no
        sample)."""
        return self.get(name, **labels) or 0.0

    def packets(self):
        return {(direction, kind): self.count(f"dhcp4_packets_{direction}_total", type=kind)
                for direction, kind in (("received", "discover"), ("sent", "offer"),
                                        ("received", "request"), ("sent", "ack"))}


class Load:
    """pykea's DHCP client doing DORA after DORA in the client namespace, never retransmitting,
    until stopped; counts the ACKs it got."""

    def __init__(self, network):
        self.process = lab.start_client(network, "dora", "--mac", MAC, "--count", "1000000",
                                        "--retransmit", "0")
        self.acks = 0
        self.failed = []
        self.readers = [threading.Thread(target=self._read),
                        threading.Thread(target=self.process.stderr.read)]
        for reader in self.readers:
            reader.start()

    def _read(self):
        for line in self.process.stdout:
            if line.startswith("{"):
                exchange = json.loads(line)
                if exchange["ack"] is None:
                    self.failed.append(exchange)
                else:
                    self.acks += 1

    def stop(self):
        self.process.terminate()
        self.process.wait(60)
        for reader in self.readers:
            reader.join(60)
        return self.acks


def scrape(network, venv, url):
    done = subprocess.run(["ip", "netns", "exec", network.server, os.path.join(venv, "bin", "python"),
                           "-c", SCRAPE, url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return Samples(json.loads(done.stdout))


def scrapes_during_load(network, venv, url, load, count=3):
    """Scrapes ``count`` times while ``load`` runs, each time once the client has more ACKs than
    the previous scrape counted; checks each against what the client had got before it."""
    found = []
    sent_acks = 0.0
    for _ in range(count):
        wait_until(lambda: load.acks > sent_acks, f"an ACK beyond {sent_acks:.0f}")
        acked_before = load.acks
        samples = scrape(network, venv, url)
        packets = samples.packets()
        # Each ACK the client got was counted before Kea sent it, and so were the DISCOVER,
        # OFFER and REQUEST before it.
        assert min(packets.values()) >= acked_before, (acked_before, packets)
        assert samples.count("dhcp4_response_seconds_count", type="ack") >= acked_before
        assert samples.count("dhcp4_leases_committed_total") >= acked_before
        sent_acks = packets[("sent", "ack")]
        if found:
            previous = found[-1].packets()
            assert all(packets[key] >= previous[key] for key in packets), (previous, packets)
        found.append(samples)
    assert not load.failed, load.failed
    return found


PERFDHCP_CLIENT_ADDRESS = "192.0.2.2"


def perfdhcp_load(network, venv, url, rate=200, clients=240, seconds=5):
    """perfdhcp's DORAs at ``rate`` a second from ``clients`` clients for ``seconds``, scraped
    while it runs (each scrape no lower than the one before); returns perfdhcp's counts,
    ((DISCOVERs sent, OFFERs received), (REQUESTs sent, ACKs received))."""
    # perfdhcp speaks as a relay agent from an address of the interface.
    subprocess.run(["ip", "-n", network.client, "addr", "add", f"{PERFDHCP_CLIENT_ADDRESS}/24",
                    "dev", network.client_iface], check=True)
    perfdhcp = subprocess.Popen(network.in_client("perfdhcp", "-4", "-l", network.client_iface,
                                                  "-r", str(rate), "-R", str(clients),
                                                  "-p", str(seconds)),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    reader = threading.Thread(target=lambda: output.append(perfdhcp.stdout.read()))
    reader.start()
    previous = None
    while perfdhcp.poll() is None:
        packets = scrape(network, venv, url).packets()
        if previous:
            assert all(packets[key] >= previous[key] for key in packets), (previous, packets)
        previous = packets
    reader.join(60)
    report = "".join(output)
    assert perfdhcp.returncode in (0, 3), report     # 3: some exchanges went unanswered
    return tuple(perfdhcp_counts(report, exchange) for exchange in ("DISCOVER-OFFER",
                                                                   "REQUEST-ACK"))


def perfdhcp_counts(report, exchange):
    section = re.search(rf"\*\*\*Statistics for: {exchange}\*\*\*(.*?)(\*\*\*|$)", report, re.S)
    assert section, report
    sent, received = (int(re.search(rf"^{what} packets: (\d+)", section.group(1), re.M).group(1))
                      for what in ("sent", "received"))
    return sent, received


def settled(network, venv, url):
    """A condition for wait_until: two scrapes in a row with the same packet counters (the
    second scrape's samples)."""
    last = []

    def condition():
        samples = scrape(network, venv, url)
        same = bool(last) and last[-1] == samples.packets()
        last.append(samples.packets())
        return same and samples
    return condition


def check_after_load(network, venv, url, kea, client_acks):
    """Once the client stopped and Kea answered all it received: the counters against the
    client's ACKs (one exchange may have been cut short) and Kea's own statistics."""
    def settled():
        samples = scrape(network, venv, url)
        packets = samples.packets()
        answered = (packets[("received", "discover")] == packets[("sent", "offer")]
                    and packets[("received", "request")] == packets[("sent", "ack")])
        return answered and samples
    samples = wait_until(settled, "Kea to answer every query it counted")
    packets = samples.packets()
    acks, offers = packets[("sent", "ack")], packets[("sent", "offer")]
    assert client_acks <= acks <= client_acks + 1, (client_acks, packets)
    assert acks <= offers <= acks + 1, packets
    assert samples.get("dhcp4_response_seconds_count", type="offer") == offers
    assert samples.get("dhcp4_response_seconds_count", type="ack") == acks
    assert samples.get("dhcp4_response_seconds_sum", type="ack") > 0
    assert samples.get("dhcp4_leases_committed_total") == acks
    statistic = kea.command("statistic-get", {"name": "subnet[1].assigned-addresses"})
    assigned = statistic["arguments"]["subnet[1].assigned-addresses"][0][0]
    assert samples.get("dhcp4_assigned_addresses", subnet="1") == assigned
    assert samples.get("process_cpu_seconds_total") > 0
    return samples


def test_stress_test_metrics_under_load_and_across_config_reloads(network, start_kea,
                                                                  prometheus_venv):
    config = keaconfig.read(EXAMPLE_CONFIG).data["Dhcp4"]
    parameters = dict(config["hooks-libraries"][0]["parameters"],
                      module=example("stress-test/hook.py"), virtualenv=prometheus_venv)
    url = f"http://{parameters['metrics-address']}:{parameters['metrics-port']}/metrics"
    # As the example's kea.conf: multi-threading on, with its thread pool.
    kea = start_kea(parameters, subnet4=SUBNET4,
                    **{"multi-threading": config["multi-threading"]})
    assert config["multi-threading"]["enable-multi-threading"] is True

    load = Load(network)
    try:
        scrapes_during_load(network, prometheus_venv, url, load)
    finally:
        client_acks = load.stop()
    first = check_after_load(network, prometheus_venv, url, kea, client_acks)
    # One lease per hardware address the client used.
    acks = first.packets()[("sent", "ack")]
    assert first.get("dhcp4_assigned_addresses", subnet="1") == min(acks, 1000)

    # Each reload unloads the module (closing its HTTP server) and loads it afresh: the port is
    # bound again and the new load's registry starts from zero.
    for _ in range(3):
        response = kea.command("config-reload")
        assert response["result"] == 0, response
        restarted = scrape(network, prometheus_venv, url)
        assert restarted.get("dhcp4_leases_committed_total") == 0
        assert restarted.get("dhcp4_packets_sent_total", type="ack") is None
        assert restarted.get("process_cpu_seconds_total") > 0

    load = Load(network)
    try:
        scrapes_during_load(network, prometheus_venv, url, load)
    finally:
        client_acks = load.stop()
    check_after_load(network, prometheus_venv, url, kea, client_acks)

    # perfdhcp (ISC's) keeps many exchanges in flight, so Kea's packet threads run the callouts
    # side by side; its own counts of what it sent and got back bound the hook's.
    before = scrape(network, prometheus_venv, url).packets()
    report = perfdhcp_load(network, prometheus_venv, url)
    samples = wait_until(settled(network, prometheus_venv, url), "the counters to settle")
    packets = {key: value - before[key] for key, value in samples.packets().items()}
    (discovers_sent, offers_got), (requests_sent, acks_got) = report
    assert acks_got > 0, report
    assert offers_got <= packets[("sent", "offer")] <= packets[("received", "discover")] \
        <= discovers_sent, (report, packets)
    assert acks_got <= packets[("sent", "ack")] <= packets[("received", "request")] \
        <= requests_sent, (report, packets)
    for kind in ("offer", "ack"):
        assert samples.get("dhcp4_response_seconds_count", type=kind) == \
            samples.count("dhcp4_packets_sent_total", type=kind)

    log = kea.log()
    assert log.count("serving Prometheus metrics on http://127.0.0.1:9100/metrics") == 4
    for trouble in ("Duplicated timeseries", "Address already in use", "PYKEA_LOAD_FAILED",
                    "still referenced from Python at unload", "Traceback"):
        assert trouble not in log

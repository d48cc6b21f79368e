"""stress-test: Prometheus metrics served from inside kea-dhcp4, to watch a server under load.

Counts the packets Kea receives and sends by message type, times each exchange from
pkt4_receive to pkt4_send, counts committed leases and follows Kea's own assigned-addresses
statistic, and serves all of it, with the process's CPU and memory, over HTTP from a thread
started in load() and stopped in unload().

prometheus_client comes from the virtualenv named by pykea's "virtualenv" hook parameter.

A config-reload unloads this module and imports it afresh: every load makes a registry of its
own (registering the same metric twice in one registry fails with "Duplicated timeseries"), and
unload() closes the listening socket, so that the next load can bind the port again. Counters
restart from zero at a reload, as at a restart; Prometheus's rate() and increase() allow for it.

Thread-safe: prometheus_client's metrics take their own locks, so Kea may run its packet
threads (multi-threading on).
"""

import logging
import threading
import time

from prometheus_client import (CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector,
                               start_http_server)

from pykea import stats

log = logging.getLogger(__name__)

# Seconds; an exchange usually takes well under a millisecond inside Kea.
RESPONSE_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                    1.0)

metrics = None
server = None       # (WSGI server, its thread)
assigned_lock = threading.Lock()


class Metrics:
    """This load's metrics, in a registry of their own."""

    def __init__(self):
        self.registry = CollectorRegistry()
        registry = self.registry
        self.received = Counter("dhcp4_packets_received", "DHCPv4 queries received, by message type",
                                ["type"], registry=registry)
        self.sent = Counter("dhcp4_packets_sent", "DHCPv4 responses sent, by message type",
                            ["type"], registry=registry)
        self.response_time = Histogram(
            "dhcp4_response_seconds", "Time from pkt4_receive to pkt4_send, by response type",
            ["type"], buckets=RESPONSE_BUCKETS, registry=registry)
        self.committed = Counter("dhcp4_leases_committed", "Leases Kea committed",
                                 registry=registry)
        self.assigned = Gauge("dhcp4_assigned_addresses",
                              "Kea's subnet[ID].assigned-addresses when a lease was last committed",
                              ["subnet"], registry=registry)
        ProcessCollector(registry=registry)     # Kea's CPU time, memory and open files


def load(handle):
    global metrics, server
    address = handle.parameters.get("metrics-address", "127.0.0.1")
    port = int(handle.parameters.get("metrics-port", 9100))
    metrics = Metrics()
    server = start_http_server(port, address, registry=metrics.registry)
    if server is None:
        raise RuntimeError("prometheus_client is older than 0.17, whose start_http_server cannot "
                           "be stopped: pip install -U prometheus_client in the virtualenv")
    log.info("serving Prometheus metrics on http://%s:%d/metrics", address, port)


def unload():
    global server
    if server is not None:
        http, thread = server
        http.shutdown()
        http.server_close()     # frees the port for the next load
        thread.join()
        server = None


def type_label(message_type):
    return getattr(message_type, "name", str(message_type)).lower()


def pkt4_receive(handle):
    handle.context["received"] = time.perf_counter()
    metrics.received.labels(type_label(handle["query4"].type)).inc()


def pkt4_send(handle):
    label = type_label(handle["response4"].type)
    metrics.sent.labels(label).inc()
    received = handle.context.get("received")
    if received is not None:
        metrics.response_time.labels(label).observe(time.perf_counter() - received)


def leases4_committed(handle):
    leases = handle["leases4"]
    metrics.committed.inc(len(leases))
    for subnet_id in {lease.subnet_id for lease in leases}:
        # Read and set under one lock, so that a packet thread never sets an older reading
        # over a newer one.
        with assigned_lock:
            value = stats.get(f"subnet[{subnet_id}].assigned-addresses", 0)
            metrics.assigned.labels(str(subnet_id)).set(value)

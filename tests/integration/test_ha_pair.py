"""A Kea High Availability pair, both servers loading the same pykea hook (tests/hooks/ha_hook.py),
in load-balancing and in hot-standby mode. Two kea-dhcp4, each in its own namespace, with Kea's
libdhcp_lease_cmds.so and libdhcp_ha.so; they talk HA over HA's own HTTP listener (HA+MT), and
the client's broadcasts reach both over the lab's bridge. The test checks that both reach their
HA state; that clients are served, with the hook's address and option on the wire, from the
server the mode says (in load-balancing: both); that the leases the hook made are on the
partner (lease updates); and that when a server is killed mid-traffic the partner goes to
partner-down and serves every client with the hook, each at the address it had."""

import ipaddress
import json
import select
import time

import pytest

from pykea.tools import lab
from pykea.tools.client import mac_plus

from testsupport import WAIT_TIMEOUT, hook, wait_until

NAMES = ["server1", "server2"]
HA_PORT = 8001
POOLS = [("192.0.2.100", "192.0.2.149"), ("192.0.2.150", "192.0.2.199")]
# Clients numbered 1..CLIENTS (the MAC's last byte is the hook's offset in a pool).
CLIENTS = 16
FIRST_MAC = "02:00:00:00:0a:01"
# HA's own deadlines, in ms: short, so that the partner declares partner-down soon after the
# kill (max-unacked-clients 0: without looking at the clients' retransmissions first). The
# test waits for states with generous deadlines of its own.
HA_TIMERS = {"heartbeat-delay": 1000, "max-response-delay": 3000, "max-ack-delay": 1000,
             "max-unacked-clients": 0, "delayed-updates-limit": 0}
# Seconds for a pair to reach its state after starting (HA syncs leases first) or after a kill.
STATE_TIMEOUT = 180.0


def library(name):
    return {"library": name}


def pool_entry(first, last, ha_class=None):
    entry = {"pool": f"{first} - {last}"}
    if ha_class:
        # Kea 3.0 takes a list of classes; 2.x one class.
        if lab.kea_release() >= (3, 0, 0):
            entry["client-classes"] = [ha_class]
        else:
            entry["client-class"] = ha_class
    return entry


def pool_ranges(mode):
    """The subnet's pools, first and last address: in load-balancing split between the
    servers, as HA's load balancing requires."""
    return POOLS if mode == "load-balancing" else [(POOLS[0][0], POOLS[1][1])]


def pools(mode):
    if mode == "load-balancing":
        return [pool_entry(*POOLS[0], "HA_server1"), pool_entry(*POOLS[1], "HA_server2")]
    return [pool_entry(*pool_ranges(mode)[0])]


ROLES = {"load-balancing": ["primary", "secondary"], "hot-standby": ["primary", "standby"]}


def ha_config(mode, host):
    roles = ROLES[mode]
    return {"high-availability": [dict(HA_TIMERS, **{
        "this-server-name": NAMES[host], "mode": mode,
        "multi-threading": {"enable-multi-threading": True, "http-dedicated-listener": True,
                            "http-listener-threads": 2, "http-client-threads": 2},
        "peers": [{"name": NAMES[i], "url": f"http://{lab.server_address(i)}:{HA_PORT}/",
                   "role": roles[i], "auto-failover": True} for i in range(2)]})]}


def server_config(network, mode, host):
    config = lab.dhcp4_config(network, host=host)
    body = config["Dhcp4"]
    body["subnet4"][0]["pools"] = pools(mode)
    body["hooks-libraries"] = [
        library("libdhcp_lease_cmds.so"),
        dict(library("libdhcp_ha.so"), parameters=ha_config(mode, host)),
        dict(library("libdhcp_pykea.so"),
             parameters={"module": hook("ha_hook.py"), "server-name": NAMES[host],
                         "pools": [list(pool) for pool in pool_ranges(mode)]}),
    ]
    return config


def ha_state(kea):
    """The server's HA state, from ha-heartbeat (None while it does not answer)."""
    response = kea.command("ha-heartbeat")
    return response.get("arguments", {}).get("state") if response["result"] == 0 else None


def wait_for_state(kea, state, timeout=STATE_TIMEOUT):
    wait_until(lambda: ha_state(kea) == state, f"{kea.name} in HA state {state} "
               f"(it is in {ha_state(kea)})", timeout=timeout)


def mac(number):
    return mac_plus(FIRST_MAC, number - 1)


class Pair:
    """The two servers of an HA pair and what the test saw of them."""

    def __init__(self, network, mode):
        self.network = network
        self.mode = mode
        self.servers = [lab.KeaServer(network, server_config(network, mode, host),
                                      name=f"pykea-ha{host + 1}-{network.server}", host=host)
                        for host in range(2)]

    def start(self):
        for server in self.servers:
            server.start()
        return self

    def stop(self):
        for server in self.servers:
            server.stop()

    def answering_host(self, exchange):
        """Which server answered: the server identifier Kea puts in every answer."""
        server_id = exchange["ack"]["options"]["server_id"]
        return [lab.server_address(i) for i in range(2)].index(server_id)

    def check_hook_decisions(self, exchange):
        """The hook's option names the server that answered, and the address follows the
        hook's rule (its offset in the pool of the answer); returns the answering host."""
        assert exchange["ack"] and not exchange.get("error"), exchange
        host = self.answering_host(exchange)
        assert exchange["offer"]["options"].get("252") == f"pykea-ha {NAMES[host]}", exchange
        assert exchange["ack"]["options"].get("252") == f"pykea-ha {NAMES[host]}", exchange
        assert exchange["ack"]["yiaddr"] == self.hook_address(exchange), exchange
        assert exchange["offer"]["yiaddr"] == exchange["ack"]["yiaddr"], exchange
        return host

    def hook_address(self, exchange):
        address = ipaddress.IPv4Address(exchange["ack"]["yiaddr"])
        ranges = [(ipaddress.IPv4Address(a), ipaddress.IPv4Address(b))
                  for a, b in pool_ranges(self.mode)]
        inside = [(first, last) for first, last in ranges if first <= address <= last]
        assert inside, f"{address} is in no pool of the {self.mode} configuration: {exchange}"
        first, last = inside[0]
        number = int(exchange["mac"].rsplit(":", 1)[1], 16)
        return str(first + number % (int(last) - int(first) + 1))


def dora_all(network, numbers):
    return [lab.run_client(network, "dora", "--mac", mac(n))[0] for n in numbers]


def both_reach_their_state(pair):
    state = pair.mode
    for server in pair.servers:
        wait_for_state(server, state)
    # What each server last heard of its partner comes with the next heartbeat.
    for host, server in enumerate(pair.servers):
        status = wait_until(lambda: ha_status(server, state), f"{server.name} to see its partner "
                            f"in {state}", timeout=STATE_TIMEOUT)
        assert status["ha-mode"] == pair.mode, status
        assert status["ha-servers"]["local"]["role"] == ROLES[pair.mode][host], status
        scopes = status["ha-servers"]["local"]["scopes"]
        serving = [NAMES[host]] if pair.mode == "load-balancing" else ["server1"] * (host == 0)
        assert scopes == serving, status


def ha_status(server, state):
    """status-get's HA part, once the server has heard its partner is in ``state``."""
    status = server.command("status-get")["arguments"]["high-availability"][0]
    return status if status["ha-servers"]["remote"].get("last-state") == state else None


def clients_are_served(pair):
    """Every client gets the hook's address and option, from the server the mode says; returns
    each client's exchange by number."""
    exchanges = {n: e for n, e in zip(range(1, CLIENTS + 1),
                                      dora_all(pair.network, range(1, CLIENTS + 1)))}
    hosts = {n: pair.check_hook_decisions(e) for n, e in exchanges.items()}
    if pair.mode == "load-balancing":
        assert set(hosts.values()) == {0, 1}, f"all clients landed on one server: {hosts}"
        for n, exchange in exchanges.items():   # each server hands out its own pool
            first, last = POOLS[hosts[n]]
            assert (ipaddress.IPv4Address(first) <= ipaddress.IPv4Address(exchange["ack"]["yiaddr"])
                    <= ipaddress.IPv4Address(last)), (hosts[n], exchange)
    else:
        assert set(hosts.values()) == {0}, f"the standby answered: {hosts}"
    return exchanges, hosts


def leases_are_on_the_partner(pair, exchanges, hosts):
    """The lease the hook made on the answering server is on its partner, by lease updates
    (HA answers the client only once the partner has acknowledged the update)."""
    for n, exchange in exchanges.items():
        partner = pair.servers[1 - hosts[n]]
        response = partner.command("lease4-get", {"ip-address": exchange["ack"]["yiaddr"]})
        assert response["result"] == 0, (partner.name, exchange, response)
        lease = response["arguments"]
        assert lease["hw-address"] == exchange["mac"], (lease, exchange)
        assert lease["state"] == 0, lease


def next_exchange(process, timeout=WAIT_TIMEOUT):
    """The next exchange ``process`` prints (a JSON line), or None if it ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], deadline - time.monotonic())
        line = process.stdout.readline() if ready else ""
        if not line:
            return None
        if line.startswith("{"):
            return json.loads(line)
    return None


def partner_serves_after_a_kill(pair, exchanges, hosts):
    """Kills one server (load-balancing: server1; hot-standby: the primary, the one serving)
    while a client runs through every client number again; the survivor reaches partner-down
    and serves everyone with the hook, each client at the address it had."""
    killed, survivor = pair.servers
    traffic = lab.start_client(pair.network, "dora", "--mac", FIRST_MAC, "--count",
                               str(2 * CLIENTS))
    try:
        before = [next_exchange(traffic) for _ in range(3)]
        assert all(before), f"the client did not get going before the kill: {before}"
        killed.process.kill()
        killed.process.wait()
        wait_for_state(survivor, "partner-down")
        after, _ = traffic.communicate(timeout=600)
    finally:
        if traffic.poll() is None:
            traffic.kill()
            traffic.wait()
    during = [json.loads(line) for line in after.splitlines() if line.startswith("{")]
    answered = [e for e in before + during if e.get("ack")]
    for exchange in answered:
        pair.check_hook_decisions(exchange)
    survivor_answers = [e for e in during if e.get("ack") and pair.answering_host(e) == 1]
    assert survivor_answers, f"the survivor answered nothing during the traffic: {during}"
    # Once in partner-down, the survivor serves every client, the killed server's too, each at
    # the address it had (the lease came to it by lease updates) and with the hook's option.
    for n, exchange in zip(range(1, CLIENTS + 1), dora_all(pair.network, range(1, CLIENTS + 1))):
        assert pair.check_hook_decisions(exchange) == 1, exchange
        assert exchange["ack"]["yiaddr"] == exchanges[n]["ack"]["yiaddr"], (exchanges[n], exchange)
    killed_clients = [n for n, host in hosts.items() if host == 0]
    assert killed_clients, hosts
    print(f"{pair.mode}: {len(answered)} answers around the kill ({len(survivor_answers)} from the "
          f"survivor), then all {CLIENTS} clients from the survivor, {len(killed_clients)} of them "
          f"the killed server's")


@pytest.mark.parametrize("mode", ["load-balancing", "hot-standby"])
def test_ha_pair_serves_with_the_hook(mode):
    with lab.Network(servers=2) as network:
        pair = Pair(network, mode)
        try:
            pair.start()
            both_reach_their_state(pair)
            exchanges, hosts = clients_are_served(pair)
            leases_are_on_the_partner(pair, exchanges, hosts)
            partner_serves_after_a_kill(pair, exchanges, hosts)
        except BaseException:
            for server in pair.servers:
                print(f"---- {server.name}\n{server.log()[-6000:]}")
            raise
        finally:
            pair.stop()

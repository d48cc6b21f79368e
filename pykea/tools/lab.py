"""A DHCP lab on one machine: Kea in one network namespace, clients in another, joined by a
veth pair. Used by the integration tests, the demo and the benchmark (needs root).

UDP between the root namespace and a namespace does not arrive on every machine, so both the
server and the clients live in namespaces of their own.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from typing import Any, Dict, List, Optional

from .installed import KEA_SOCKET_DIR, for_installed_kea, kea_hooks_dir, kea_release  # noqa: F401

SERVER_ADDRESS = "192.0.2.1"
SUBNET = "192.0.2.0/24"
POOL = "192.0.2.100 - 192.0.2.199"
KEA_LOG_DIR = "/var/log/kea"
# Deadlines, in seconds, generous for a machine busy with other work (each is a maximum: the
# wait ends as soon as what it waits for is there).
START_TIMEOUT = 120.0       # kea-dhcpX to log DHCPX_STARTED (it loads Python and the hook)
STOP_TIMEOUT = 60.0         # kea-dhcpX to exit after SIGTERM, before it is killed
COMMAND_TIMEOUT = 60.0      # a control command's answer
LINK_TIMEOUT = 30.0         # the veth pair's link-local addresses (for DHCPv6)


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip()}")


def server_address(host: int = 0) -> str:
    """The address of the lab's server namespace number ``host`` (0: SERVER_ADDRESS)."""
    first = SERVER_ADDRESS.rsplit(".", 1)
    return f"{first[0]}.{int(first[1]) + host}"


class Network:
    """Two namespaces, ``server`` and ``client``, and a veth pair between them. With
    ``servers=N`` there are N server namespaces (``servers[i]``, ``server_ifaces[i]``, address
    ``server_address(i)``; the first is ``server``), each joined by its veth pair to a bridge in
    the client namespace, which is then ``client_iface``: one link on which every server sees
    the client's broadcasts and the servers reach each other (a Kea HA pair)."""

    def __init__(self, tag: Optional[str] = None, servers: int = 1) -> None:
        tag = tag or uuid.uuid4().hex[:6]
        self.servers = [f"pykea-s-{tag}"] + [f"pykea-s{i}-{tag}" for i in range(1, servers)]
        self.server_ifaces = [f"pks{tag}"] + [f"pks{tag}{i}" for i in range(1, servers)]
        self.server = self.servers[0]
        self.client = f"pykea-c-{tag}"
        self.server_iface = self.server_ifaces[0]
        self.client_iface = f"pkc{tag}"
        # The client's end of each server's veth pair, when they are joined by a bridge.
        self.bridge_ports = [f"pkb{tag}{i}" for i in range(servers)] if servers > 1 else []
        self.up = False

    def create(self) -> "Network":
        """Makes the namespaces and the links between them (destroy() removes them)."""
        if os.geteuid() != 0:
            raise PermissionError("network namespaces need root")
        self.up = True
        for namespace in (*self.servers, self.client):
            _run("ip", "netns", "add", namespace)
            # No duplicate address detection: link-local addresses are usable at once (DHCPv6).
            for key in ("default", "all"):
                _run("ip", "netns", "exec", namespace, "sysctl", "-qw",
                     f"net.ipv6.conf.{key}.accept_dad=0")
            _run("ip", "-n", namespace, "link", "set", "lo", "up")
        if self.bridge_ports:
            _run("ip", "-n", self.client, "link", "add", "name", self.client_iface, "type", "bridge")
        peers = self.bridge_ports or [self.client_iface]
        for host, (namespace, iface) in enumerate(zip(self.servers, self.server_ifaces)):
            _run("ip", "link", "add", iface, "netns", namespace, "type", "veth",
                 "peer", "name", peers[host], "netns", self.client)
            _run("ip", "-n", namespace, "link", "set", iface, "up")
            _run("ip", "-n", namespace, "addr", "add", f"{server_address(host)}/24", "dev", iface)
        for port in self.bridge_ports:
            _run("ip", "-n", self.client, "link", "set", port, "master", self.client_iface)
            _run("ip", "-n", self.client, "link", "set", port, "up")
        _run("ip", "-n", self.client, "link", "set", self.client_iface, "up")
        try:
            self._wait_for_link_local()
        except BaseException:
            self.destroy()
            raise
        return self

    def _wait_for_link_local(self, timeout: float = LINK_TIMEOUT) -> None:
        """Waits until both ends of the veth pair have their IPv6 link-local address: the kernel
        adds it once the link has carrier, which it may report later than "ip link set up"
        returns, and kea-dhcp6 does not listen on an interface that has none yet."""
        deadline = time.monotonic() + timeout
        pending = [(self.server, self.server_iface), (self.client, self.client_iface)]
        while pending:
            namespace, iface = pending[0]
            done = subprocess.run(["ip", "-n", namespace, "-6", "-o", "addr", "show", "dev", iface,
                                   "scope", "link"], capture_output=True, text=True)
            if "fe80::" in done.stdout and "tentative" not in done.stdout or not self._has_ipv6(
                    namespace, iface):
                pending.pop(0)
                continue
            if time.monotonic() > deadline:
                raise TimeoutError(f"{iface} in {namespace} has no IPv6 link-local address after "
                                   f"{timeout} s: {done.stdout.strip() or done.stderr.strip()}")
            time.sleep(0.05)

    @staticmethod
    def _has_ipv6(namespace: str, iface: str) -> bool:
        done = subprocess.run(["ip", "netns", "exec", namespace, "sysctl", "-n",
                               f"net.ipv6.conf.{iface}.disable_ipv6"], capture_output=True, text=True)
        return done.returncode == 0 and done.stdout.strip() == "0"

    def destroy(self) -> None:
        """Deletes the namespaces, and with them the links."""
        if self.up:
            for namespace in (*self.servers, self.client):
                subprocess.run(["ip", "netns", "del", namespace], capture_output=True)
            self.up = False

    def in_server(self, host: int, *command: str) -> List[str]:
        """``command`` run in server namespace number ``host``."""
        return ["ip", "netns", "exec", self.servers[host], *command]

    def in_client(self, *command: str) -> List[str]:
        """``command`` run in the client namespace."""
        return ["ip", "netns", "exec", self.client, *command]

    def __enter__(self) -> "Network":
        return self.create()

    def __exit__(self, *exc) -> None:
        self.destroy()


def dhcp4_config(network: Network, hook_parameters: Optional[Dict[str, Any]] = None,
                 socket_name: Optional[str] = None, multi_threading: bool = True,
                 extra_libraries: Optional[List[Dict[str, Any]]] = None, host: int = 0,
                 **overrides: Any) -> Dict[str, Any]:
    """A kea-dhcp4 configuration serving 192.0.2.0/24 on the lab's server interface (of server
    namespace number ``host``), with pykea's hook library when ``hook_parameters`` are given."""
    libraries = []
    if hook_parameters is not None:
        libraries.append({"library": "libdhcp_pykea.so", "parameters": hook_parameters})
    libraries.extend(extra_libraries or [])
    config: Dict[str, Any] = {
        "interfaces-config": {"interfaces": [network.server_ifaces[host]], "dhcp-socket-type": "raw"},
        "control-socket": {"socket-type": "unix",
                           "socket-name": socket_name or f"{network.servers[host]}.sock"},
        "lease-database": {"type": "memfile", "persist": False},
        "valid-lifetime": 3600,
        "renew-timer": 900,
        "rebind-timer": 1800,
        "multi-threading": {"enable-multi-threading": multi_threading, "thread-pool-size": 2,
                            "packet-queue-size": 64},
        "subnet4": [{"id": 1, "subnet": SUBNET, "pools": [{"pool": POOL}],
                     "option-data": [{"name": "routers", "data": SERVER_ADDRESS}]}],
        "hooks-libraries": libraries,
        "loggers": [{"name": "kea-dhcp4", "severity": "INFO",
                     "output-options": [{"output": "stdout", "flush": True}]}],
    }
    config.update(overrides)
    return {"Dhcp4": config}


SUBNET6 = "2001:db8:1::/64"
POOL6 = "2001:db8:1::100 - 2001:db8:1::1ff"
PD_PREFIX6 = "2001:db8:8000::"


def dhcp6_config(network: Network, hook_parameters: Optional[Dict[str, Any]] = None,
                 socket_name: Optional[str] = None, **overrides: Any) -> Dict[str, Any]:
    """A kea-dhcp6 configuration serving 2001:db8:1::/64 (and /56 delegated prefixes from
    2001:db8:8000::/48) on the lab's server interface."""
    libraries = []
    if hook_parameters is not None:
        libraries.append({"library": "libdhcp_pykea.so", "parameters": hook_parameters})
    config: Dict[str, Any] = {
        "interfaces-config": {"interfaces": [network.server_iface]},
        "control-socket": {"socket-type": "unix",
                           "socket-name": socket_name or f"{network.server}-6.sock"},
        "lease-database": {"type": "memfile", "persist": False},
        "preferred-lifetime": 3000, "valid-lifetime": 4000,
        "subnet6": [{"id": 1, "subnet": SUBNET6, "interface": network.server_iface,
                     "pools": [{"pool": POOL6}],
                     "pd-pools": [{"prefix": PD_PREFIX6, "prefix-len": 48, "delegated-len": 56}]}],
        "hooks-libraries": libraries,
        "loggers": [{"name": "kea-dhcp6", "severity": "INFO",
                     "output-options": [{"output": "stdout", "flush": True}]}],
    }
    config.update(overrides)
    return {"Dhcp6": config}


def read_log(path: str) -> str:
    """The text of a log file, or "" if there is none (yet)."""
    try:
        with open(path, errors="replace") as log:
            return log.read()
    except OSError:
        return ""


class KeaServer:
    """kea-dhcp4 or kea-dhcp6 (by the configuration) in the lab's server namespace (number
    ``host`` of a network with several), with its log in a file."""

    def __init__(self, network: Network, config: Dict[str, Any], name: str = "pykea-lab",
                 host: int = 0) -> None:
        self.network = network
        self.namespace = network.servers[host]
        self.config = config
        self.name = name
        # Kea 2.6.3+ refuses a socket directory more open than 0750.
        os.makedirs(KEA_SOCKET_DIR, mode=0o750, exist_ok=True)
        os.chmod(KEA_SOCKET_DIR, 0o750)
        os.makedirs(KEA_LOG_DIR, exist_ok=True)
        os.makedirs("/var/lib/kea", exist_ok=True)       # kea-dhcp6 keeps its server DUID there
        self.config_path = f"/etc/kea/{name}.json"
        self.log_path = f"{KEA_LOG_DIR}/{name}.out"
        self.server = 6 if "Dhcp6" in config else 4
        socket_name = config[f"Dhcp{self.server}"]["control-socket"]["socket-name"]
        self.socket_path = os.path.join(KEA_SOCKET_DIR, socket_name)
        self.process: Optional[subprocess.Popen] = None

    def write_config(self, config: Optional[Dict[str, Any]] = None) -> None:
        """Writes the configuration (``config``, which then replaces it, or the current one) to
        the server's file, in the spelling the installed Kea reads."""
        if config is not None:
            self.config = config
        os.makedirs(os.path.dirname(self.config_path), exist_ok=True)
        with open(self.config_path, "w") as out:
            json.dump(for_installed_kea(self.config), out, indent=2)

    def start(self, timeout: float = START_TIMEOUT) -> "KeaServer":
        """Starts the server and waits until it logs DHCP4_STARTED (or DHCP6_STARTED);
        RuntimeError with its log if it exits, TimeoutError after ``timeout`` seconds."""
        self.write_config()
        if os.path.exists(self.socket_path):
            os.unlink(self.socket_path)
        log = open(self.log_path, "w")
        environment = dict(os.environ, KEA_LOCKFILE_DIR="none")
        self.process = subprocess.Popen(
            ["ip", "netns", "exec", self.namespace, f"kea-dhcp{self.server}", "-c", self.config_path],
            stdout=log, stderr=subprocess.STDOUT, env=environment)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kea-dhcp{self.server} exited with {self.process.returncode}:\n{self.log()}")
            # The control socket answers before the configuration is applied: wait for STARTED.
            if f"DHCP{self.server}_STARTED" in self.log():
                return self
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"kea-dhcp{self.server} did not start within {timeout} s:\n{self.log()}")

    def command(self, command: str, arguments: Any = None,
                timeout: float = COMMAND_TIMEOUT) -> Dict[str, Any]:
        """Sends a control command over the UNIX socket; returns Kea's response (a dict). Reads
        until the JSON is complete or Kea closes the connection, which covers Kea 2.x and 3.0."""
        request: Dict[str, Any] = {"command": command}
        if arguments is not None:
            request["arguments"] = arguments
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(self.socket_path)
            connection.sendall(json.dumps(request).encode())
            data = b""
            while True:
                try:
                    response = json.loads(data.decode()) if data else None
                    if response is not None:
                        break
                except ValueError:
                    pass
                chunk = connection.recv(65536)
                if not chunk:
                    break
                data += chunk
        if not data:
            raise ConnectionError(f"{command}: kea-dhcp{self.server} closed its control socket "
                                  f"{self.socket_path} without answering")
        response = json.loads(data.decode())
        return response[0] if isinstance(response, list) else response

    def alive(self) -> bool:
        """Whether the server process is running."""
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        """What the server has logged so far."""
        return read_log(self.log_path)

    def stop(self, timeout: float = STOP_TIMEOUT) -> Optional[int]:
        """Stops the server (SIGTERM; SIGKILL after ``timeout`` seconds); its exit status, or
        None if it was never started."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def pid(self) -> int:
        """The kea-dhcp4 process id (ip netns exec replaces itself with Kea)."""
        assert self.process is not None, "the server was not started"
        return self.process.pid

    def __enter__(self) -> "KeaServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _client_command(network: Network, arguments) -> List[str]:
    return network.in_client(sys.executable, "-m", "pykea.tools.client", "--iface",
                             network.client_iface, *arguments)


def start_client(network: Network, *arguments: str) -> subprocess.Popen:
    """Starts pykea.tools.client in the client namespace; its JSON lines come on stdout. Without
    --timeout, it waits pykea.tools.client.TIMEOUT seconds for each reply (retransmitting)."""
    return subprocess.Popen(_client_command(network, arguments), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def run_client(network: Network, *arguments: str, timeout: float = 600.0) -> List[Dict[str, Any]]:
    """Runs pykea.tools.client in the client namespace; returns the exchanges it printed (JSON lines).
    ``timeout`` bounds the whole run (each exchange has the client's own deadline)."""
    done = subprocess.run(_client_command(network, arguments), capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"client failed ({done.returncode}): {done.stderr.strip()}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]

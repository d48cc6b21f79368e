"""pykea run and pykea client against a real kea-dhcp4 in network namespaces."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from pykea.tools import lab

from testsupport import ANSWER_TIMEOUT, HOOKS, wait_until, write_config

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root for network namespaces")


@pytest.fixture
def network():
    with lab.Network() as net:
        yield net


def pykea_in(namespace, *arguments, **kwargs):
    return subprocess.run(["ip", "netns", "exec", namespace, sys.executable, "-m", "pykea.cli",
                           *arguments], capture_output=True, text=True, timeout=600, **kwargs)


def client_in(network):
    """``pykea client`` in the client namespace, waiting as long as a busy machine may need for
    each reply (its default, 2 s, is for a person at a terminal)."""
    return ("client", "-i", network.client_iface, "--timeout", str(ANSWER_TIMEOUT))


def test_run_serves_with_the_module_and_stops_on_ctrl_c(tmp_path, network):
    config = lab.dhcp4_config(network, None)
    path = tmp_path / "kea.conf"
    path.write_text("// written by the test\n" + json.dumps(config))
    kea = subprocess.Popen(["ip", "netns", "exec", network.server, sys.executable, "-m", "pykea.cli",
                            "run", "-c", str(path), "--module", os.path.join(HOOKS, "tracing_hook.py")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           # as from a terminal: a shell's background job inherits SIGINT ignored
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines = []
    try:
        deadline = time.monotonic() + lab.START_TIMEOUT
        while time.monotonic() < deadline:
            line = kea.stdout.readline()
            lines.append(line)
            if "DHCP4_STARTED" in line or not line:
                break
        assert any("DHCP4_STARTED" in l for l in lines), "".join(lines)
        done = pykea_in(network.client, *client_in(network), "dora")
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        kea.send_signal(signal.SIGINT)
        try:
            output, _ = kea.communicate(timeout=lab.STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            subprocess.run(["pkill", "-KILL", "-P", str(kea.pid)])    # its kea-dhcp4
            kea.kill()
            raise
    assert kea.returncode == 0, output
    log = "".join(lines) + output
    assert "tracing_hook: saw pkt4_receive" in log
    assert "tracing_hook: saw lease4_select 192.0.2." in log


def test_client_commands_against_kea(network):
    config = lab.dhcp4_config(network, {"module": os.path.join(HOOKS, "tracing_hook.py")})
    with lab.KeaServer(network, config, name="pykea-cli-test") as kea:
        client = client_in(network)
        table = pykea_in(network.client, *client, "dora", "--count", "3", "--rate", "20")
        assert table.returncode == 0, table.stdout + table.stderr
        assert table.stdout.count("ack 192.0.2.") == 3
        assert "leases: 192.0.2." in table.stdout
        exchange = json.loads(pykea_in(network.client, *client, "--json", "dora", "--mac",
                                       "02:00:00:00:00:42", "--option", "hostname=printer").stdout)
        address = exchange["ack"]["yiaddr"]
        assert exchange["ack"]["options"]["server_id"] == lab.SERVER_ADDRESS
        again = json.loads(pykea_in(network.client, *client, "--json", "request", "--mac",
                                    "02:00:00:00:00:42", "--address", address).stdout)
        assert again["ack"]["yiaddr"] == address
        inform = pykea_in(network.client, *client, "inform", "--mac", "02:00:00:00:00:43",
                          "--address", "192.0.2.50")
        assert inform.returncode == 0 and "ack" in inform.stdout, inform.stdout + inform.stderr
        assert pykea_in(network.client, *client, "release", "--mac", "02:00:00:00:00:42",
                        "--address", address, "--server", lab.SERVER_ADDRESS).returncode == 0
        declined = json.loads(pykea_in(network.client, *client, "--json", "dora", "--mac",
                                       "02:00:00:00:00:44").stdout)["ack"]["yiaddr"]
        assert pykea_in(network.client, *client, "decline", "--mac", "02:00:00:00:00:44",
                        "--address", declined, "--server", lab.SERVER_ADDRESS).returncode == 0
        # As a relay: Kea answers the giaddr, so the client namespace gets that address.
        subprocess.run(["ip", "-n", network.client, "addr", "add", "192.0.2.2/24", "dev",
                        network.client_iface], check=True)
        relayed = json.loads(pykea_in(network.client, *client, "--json", "dora", "--mac",
                                      "02:00:00:00:00:45", "--relay", "192.0.2.2").stdout)
        assert relayed["ack"]["yiaddr"].startswith("192.0.2.")
        # RELEASE and DECLINE have no reply: the hook's log shows Kea got them.
        wait_until(lambda: f"tracing_hook: saw lease4_release {address}" in kea.log(),
                   "Kea's lease4_release callout")
        wait_until(lambda: f"tracing_hook: saw lease4_decline {declined}" in kea.log(),
                   "Kea's lease4_decline callout")


def test_dhcpv6_client_commands_against_kea(network):
    config = lab.dhcp6_config(network, {"module": os.path.join(HOOKS, "tracing6_hook.py")})
    with lab.KeaServer(network, config, name="pykea-cli6-test") as kea:
        client = client_in(network)
        table = pykea_in(network.client, *client, "sarr", "--count", "2")
        assert table.returncode == 0, table.stdout + table.stderr
        assert table.stdout.count("reply 2001:db8:1::") == 2
        prefix = json.loads(pykea_in(network.client, *client, "--json", "sarr", "--pd").stdout)
        assert prefix["reply"]["leases"][0].startswith("2001:db8:80") and prefix["reply"]["leases"][0].endswith("/56")
        renewed = json.loads(pykea_in(network.client, *client, "--json", "renew", "--mac",
                                      "02:00:00:00:01:09").stdout)
        assert renewed["renew"]["leases"] == renewed["reply"]["leases"]
        released = json.loads(pykea_in(network.client, *client, "--json", "release6", "--mac",
                                       "02:00:00:00:01:0a").stdout)
        assert released["release"]["acknowledged"] is True
        assert "tracing6_hook: saw pkt6_receive" in kea.log()

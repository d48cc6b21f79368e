"""Paths and helpers the test packages share, under a module name of their own (two
conftest.py files cannot both be imported as "conftest")."""

import json
import os
import subprocess
import sys
import time

TESTS = os.path.dirname(os.path.abspath(__file__))
HOOKS = os.path.join(TESTS, "hooks")
EXAMPLES = os.path.join(TESTS, "..", "examples")

# Seconds a test client waits for each answer it expects (retransmitting meanwhile), whatever
# else the machine is busy with; the answer ends the wait as soon as it comes.
ANSWER_TIMEOUT = 30.0
# Seconds a client waits where a test expects no answer (a packet the server drops). It stays
# below the client's first retransmission (pykea.tools.client.RETRANSMIT), so that the server sees
# the message once. Waiting proves nothing alone: such a test also waits for the server's log to
# show that it got the packet and dropped it.
NO_ANSWER_WAIT = 3.0
# Seconds to wait for something a test waits for otherwise: a log line, a statistic.
WAIT_TIMEOUT = 60.0


def wait_until(condition, what, timeout=WAIT_TIMEOUT, interval=0.05):
    """Polls ``condition()`` until it gives a true value, and returns that; fails the test if
    ``timeout`` seconds pass first (a deadline for a busy machine, not a delay)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(interval)


def hook(name):
    """The path of a test hook module in tests/hooks."""
    return os.path.abspath(os.path.join(HOOKS, name))


def example(name):
    """The path of an example hook module in examples/."""
    return os.path.abspath(os.path.join(EXAMPLES, name))


def pykea(*arguments, check=None, **kwargs):
    """Runs the pykea command; returns the CompletedProcess."""
    done = subprocess.run([sys.executable, "-m", "pykea.cli", *arguments],
                          capture_output=True, text=True, timeout=kwargs.pop("timeout", 120), **kwargs)
    if check is not None:
        assert done.returncode == check, done.stdout + done.stderr
    return done


def write_config(path, hook_parameters=None, library="libdhcp_pykea.so", prefix="", server=4,
                 interfaces=("lo",)):
    libraries = [] if hook_parameters is None else [{"library": library, "parameters": hook_parameters}]
    body = {f"Dhcp{server}": {
        "interfaces-config": {"interfaces": list(interfaces)},
        "lease-database": {"type": "memfile", "persist": False},
        "hooks-libraries": libraries,
        "subnet4" if server == 4 else "subnet6": [
            {"id": 1, "subnet": "192.0.2.0/24" if server == 4 else "2001:db8::/64"}],
    }}
    from pykea.tools import lab
    path.write_text(prefix + json.dumps(lab.for_installed_kea(body), indent=2) + "\n")
    return str(path)


def client(network, *arguments, timeout=ANSWER_TIMEOUT):
    """Runs ``pykea client -i IFACE --timeout TIMEOUT --json ARGUMENTS`` in the lab's client
    namespace; returns the exchanges it printed."""
    done = subprocess.run(network.in_client(sys.executable, "-m", "pykea.cli", "client", "-i",
                                            network.client_iface, "--timeout", str(timeout),
                                            "--json", *arguments),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def kea_stops_serving_on_refusal():
    """Kea 2.2 stops serving DHCP after any configuration it refuses (its own refusal of a hook
    library included: test_trust.py shows it) until it is configured again; 2.6 and 3.0 go on
    with the configuration they had."""
    from pykea.tools import lab
    return lab.kea_release() < (2, 6, 0)


def reconfigure_after_refusal(kea, command="config-set"):
    """On Kea 2.2, gives Kea its configuration again after a refused config-set or
    config-reload (a config-test changes nothing); elsewhere nothing is needed."""
    if kea_stops_serving_on_refusal() and command != "config-test":
        from pykea.tools import lab
        restored = kea.command("config-set", lab.for_installed_kea(kea.config))
        assert restored["result"] == 0, restored

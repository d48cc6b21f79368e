"""Paths and helpers the test packages share, under a module name of their own (two
conftest.py files cannot both be imported as "conftest")."""

import json
import os
import subprocess
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
HOOKS = os.path.join(TESTS, "hooks")
EXAMPLES = os.path.join(TESTS, "..", "examples")


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
    from pykea import lab
    path.write_text(prefix + json.dumps(lab.for_installed_kea(body), indent=2) + "\n")
    return str(path)


def client(network, *arguments):
    """Runs ``pykea client -i IFACE --json ARGUMENTS`` in the lab's client namespace; returns
    the exchanges it printed."""
    done = subprocess.run(network.in_client(sys.executable, "-m", "pykea.cli", "client", "-i",
                                            network.client_iface, "--json", *arguments),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]

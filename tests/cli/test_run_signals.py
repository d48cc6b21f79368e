"""pykea run stops Kea and removes the configuration it wrote on SIGTERM and SIGHUP as on
Ctrl-C, leaves no kea-dhcp4 running when it is killed, and leaves Kea's state files to Kea's
service user."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from pykea.cli import checks
from pykea.tools import lab

from testsupport import HOOKS

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root for network namespaces")

# Seconds for Kea to start, and for pykea run and Kea to end, on a loaded machine; each wait
# ends as soon as what it waits for happens.
START_TIMEOUT = 120.0
STOP_TIMEOUT = 120.0


@pytest.fixture
def network():
    with lab.Network() as net:
        yield net


def default_signals():
    # As from a terminal, whatever pytest was started with (nohup, a background job).
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


class PykeaRun:
    """``pykea run`` in the lab's server namespace, its output read as it comes."""

    def __init__(self, network, tmp_path, config=None):
        path = tmp_path / "kea.conf"
        path.write_text(json.dumps(config or lab.dhcp4_config(network, None)))
        self.process = subprocess.Popen(
            ["ip", "netns", "exec", network.server, sys.executable, "-m", "pykea.cli", "run",
             "-c", str(path), "--module", os.path.join(HOOKS, "tracing_hook.py")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            preexec_fn=default_signals)
        self.lines = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def output(self):
        return "".join(self.lines)

    def wait_for(self, condition, what, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"no {what} in {timeout:.0f} s:\n{self.output()}"
            assert self.process.poll() is None or condition(), \
                f"pykea run ended ({self.process.returncode}) before {what}:\n{self.output()}"
            time.sleep(0.1)

    def started(self):
        """(Kea's pid, the configuration file pykea run wrote for it) once Kea serves."""
        self.wait_for(lambda: "DHCP4_STARTED" in self.output(), "DHCP4_STARTED")
        match = re.search(r"pykea: running \S+ -c (\S+)", self.output())
        assert match, self.output()
        children = kea_children(self.process.pid)
        assert len(children) == 1, (children, self.output())
        return children[0], match.group(1)

    def kill(self):
        for pid in kea_children(self.process.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.kill()
        self.process.wait()


def kea_children(parent):
    """The kea-dhcp4 processes whose parent is ``parent``."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{name}/cmdline", "rb") as cmdline:
                command = cmdline.read().split(b"\0")[0]
        except OSError:
            continue
        if int(fields[1]) == parent and os.path.basename(command) == b"kea-dhcp4":
            found.append(int(name))
    return found


def running(pid):
    """Whether ``pid`` is a live kea-dhcp4 (not gone, not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            command = cmdline.read().split(b"\0")[0]
    except OSError:
        return False
    return state != "Z" and os.path.basename(command) == b"kea-dhcp4"


def wait_until(condition, what, timeout=STOP_TIMEOUT):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} not within {timeout:.0f} s"
        time.sleep(0.1)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_run_stops_kea_and_removes_its_configuration_on(number, tmp_path, network):
    run = PykeaRun(network, tmp_path)
    try:
        kea, config = run.started()
        assert os.path.exists(config)
        run.process.send_signal(number)
        try:
            run.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"pykea run did not end {STOP_TIMEOUT:.0f} s after {number.name}:\n"
                        + run.output())
        run.reader.join(STOP_TIMEOUT)
        # It ends by the signal it got, as if it had not caught it, once it has cleaned up.
        assert run.process.returncode == -number, run.output()
        wait_until(lambda: not running(kea), f"kea-dhcp4 (pid {kea}) ending")
        assert not os.path.exists(config), f"{config} left behind"
        output = run.output()
        assert f"pykea: {number.name}: stopping kea-dhcp4 (pid {kea})" in output, output
        assert "DHCP4_SHUTDOWN" in output, output      # Kea shut down, it was not killed
    finally:
        if run.process.poll() is None:
            run.kill()


def test_run_killed_takes_kea_with_it(tmp_path, network):
    """Even SIGKILL, which pykea run cannot catch, leaves no kea-dhcp4 running without it."""
    run = PykeaRun(network, tmp_path)
    kea = config = None
    try:
        kea, config = run.started()
        run.process.kill()
        run.process.wait(timeout=STOP_TIMEOUT)
        wait_until(lambda: not running(kea), f"kea-dhcp4 (pid {kea}) ending after pykea run was killed")
    finally:
        if run.process.poll() is None:
            run.kill()
        if kea is not None and running(kea):
            os.kill(kea, signal.SIGKILL)
        if config is not None and os.path.exists(config):
            os.unlink(config)       # the one thing a SIGKILL leaves behind


def test_run_hands_the_lease_file_to_kea_service_user(tmp_path, network):
    import pwd
    user = checks.service_user()
    if user.uid == 0:
        pytest.skip("Kea's service runs as root here: nothing to hand over")
    os.makedirs("/var/lib/kea", exist_ok=True)
    lease_file = "/var/lib/kea/pykea-run-test-leases4.csv"
    if os.path.exists(lease_file):
        os.unlink(lease_file)
    config = lab.dhcp4_config(network, None, **{"lease-database": {
        "type": "memfile", "persist": True, "name": lease_file, "lfc-interval": 0}})
    run = PykeaRun(network, tmp_path, config)
    try:
        run.started()
        assert os.stat(lease_file).st_uid == 0          # Kea, run by root, made it
        run.process.send_signal(signal.SIGTERM)
        run.process.wait(timeout=STOP_TIMEOUT)
        run.reader.join(STOP_TIMEOUT)
        assert os.stat(lease_file).st_uid == pwd.getpwnam(user.name).pw_uid, run.output()
        assert f"{lease_file} now belongs to {user.name}" in run.output()
    finally:
        run.kill()
        if os.path.exists(lease_file):
            os.unlink(lease_file)

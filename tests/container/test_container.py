"""The Containerfile builds an image (running the unit tests inside), and the kea-dhcp4 the image
starts by default serves a DORA with the example hook.

Runs on the host (not in a Kea root), as root, with buildah: ``tox -e container``. No container
engine is needed. The base image is made locally from a debootstrap root (tests/env/baseimage);
the server and the client run from the image with ``buildah run --isolation chroot`` inside two
network namespaces joined by a veth pair (UDP from the root namespace into a namespace does not
arrive on every machine). PYKEA_CONTAINER_RELEASE picks the Debian release (default trixie).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import time
import uuid

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RELEASE = os.environ.get("PYKEA_CONTAINER_RELEASE", "trixie")
IMAGE = f"localhost/pykea:{RELEASE}"
KEA_RELEASES = {"bookworm": "2.2.0", "trixie": "2.6.3", "sid": "3.0.4"}
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
WPAD_URL = "http://wpad.example.org/wpad.dat"

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="buildah and network namespaces need root"),
    pytest.mark.skipif(shutil.which("buildah") is None,
                       reason="buildah is missing (make host-tools installs it)"),
]


def run(*command, timeout=1800, check=True):
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode:
        raise AssertionError(f"{' '.join(command)} failed ({done.returncode}):\n"
                             f"{done.stdout[-6000:]}\n{done.stderr[-6000:]}")
    return done


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """The image built from the Containerfile for RELEASE (its id: another run may tag IMAGE
    meanwhile), and the build's output."""
    iidfile = tmp_path_factory.mktemp("image") / "iid"
    base = run(os.path.join(ROOT, "tests", "env", "baseimage"), RELEASE).stdout.strip()
    command = ["buildah", "bud", "--isolation", "chroot", "--pull-never", "--layers", "--force-rm",
               "--build-arg", f"DEBIAN_RELEASE={RELEASE}", "-t", IMAGE,
               # The mirror may serve sid's Release file past its Valid-Until date (it does on
               # the CI machines); debootstrap, which made the Kea roots, does not check it.
               "--build-arg", "APT_OPTIONS=-o Acquire::Check-Valid-Until=false",
               "--iidfile", str(iidfile), "-f", os.path.join(ROOT, "Containerfile")]
    if os.path.exists(CA_BUNDLE):
        command += ["--secret", f"id=ca,src={CA_BUNDLE}"]
    started = time.monotonic()
    done = run(*command, ROOT)
    print(f"built {IMAGE} from {base} in {time.monotonic() - started:.0f} s")
    return iidfile.read_text().strip().removeprefix("sha256:"), done.stdout + done.stderr


class Namespaces:
    """A server and a client network namespace joined by a veth pair."""

    def __init__(self):
        tag = uuid.uuid4().hex[:6]
        self.server, self.client = f"pykea-cs-{tag}", f"pykea-cc-{tag}"
        self.server_iface, self.client_iface = f"pkcs{tag}", f"pkcc{tag}"

    def create(self):
        run("ip", "netns", "add", self.server)
        run("ip", "netns", "add", self.client)
        run("ip", "link", "add", self.server_iface, "netns", self.server, "type", "veth",
            "peer", "name", self.client_iface, "netns", self.client)
        for namespace, iface in ((self.server, self.server_iface), (self.client, self.client_iface)):
            run("ip", "-n", namespace, "link", "set", "lo", "up")
            run("ip", "-n", namespace, "link", "set", iface, "up")
        run("ip", "-n", self.server, "addr", "add", "192.0.2.1/24", "dev", self.server_iface)
        return self

    def stop_processes(self):
        """Ends what runs in the namespaces: only processes this test started live there."""
        for namespace in (self.server, self.client):
            pids = run("ip", "netns", "pids", namespace, check=False).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGTERM)
                except ProcessLookupError:
                    pass

    def destroy(self):
        self.stop_processes()
        for namespace in (self.server, self.client):
            run("ip", "netns", "del", namespace, check=False)


@pytest.fixture
def namespaces():
    net = Namespaces().create()
    yield net
    net.destroy()


@pytest.fixture
def working_containers():
    """Makes working containers from an image; removes them afterwards."""
    made = []

    def make(image):
        name = run("buildah", "from", "--pull-never", image).stdout.strip().splitlines()[-1]
        made.append(name)
        return name

    yield make
    for name in made:
        run("buildah", "rm", name, check=False)


def buildah_run(namespace, container, *command):
    """The command line that runs ``command`` in ``container`` inside a network namespace
    (chroot isolation shares the caller's network namespace)."""
    return ["ip", "netns", "exec", namespace, "buildah", "run", "--isolation", "chroot",
            "--cap-add", "CAP_NET_RAW", container, "--", *command]


def test_the_build_runs_the_unit_tests_against_the_release_kea(image, working_containers):
    name, _ = image
    # The build's unit test report, kept in the image (also when this build reused the layer
    # of an earlier build of the same sources: a failing run would have failed that build).
    report = run("buildah", "run", "--isolation", "chroot", working_containers(name), "--",
                 "cat", "/opt/pykea/unit-tests.log").stdout
    summary = re.search(r"^(\d+) passed.*$", report, re.M)
    assert summary, f"no pytest summary in the image's unit test report:\n{report[-6000:]}"
    assert "failed" not in summary.group(0) and "error" not in summary.group(0)
    print(f"unit tests in the image ({RELEASE}): {summary.group(0)}")
    version = run("buildah", "run", "--isolation", "chroot", working_containers(name), "--",
                  "kea-dhcp4", "-v").stdout.strip()
    assert version == KEA_RELEASES.get(RELEASE, version)


def test_default_command_serves_a_dora_with_the_example_hook(image, namespaces, working_containers,
                                                           tmp_path):
    name, _ = image
    config = json.loads(run("buildah", "inspect", "--type", "image", name).stdout)
    command = config["OCIv1"]["config"]["Cmd"]
    assert "kea-dhcp4" in " ".join(command)

    log_path = tmp_path / "kea.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(buildah_run(namespaces.server, working_containers(name), *command),
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300      # buildah and Kea on a busy machine
        while "DHCP4_STARTED" not in log_path.read_text(errors="replace"):
            assert server.poll() is None, f"the image's kea-dhcp4 exited:\n{log_path.read_text()}"
            assert time.monotonic() < deadline, f"kea-dhcp4 did not start:\n{log_path.read_text()}"
            time.sleep(0.2)

        client = run(*buildah_run(namespaces.client, working_containers(name),
                                  "/opt/pykea/bin/python", "-m", "pykea.client",
                                  "--iface", namespaces.client_iface, "dora",
                                  "--mac", "02:00:00:00:00:01", "--count", "2"), timeout=300)
        known, other = [json.loads(line) for line in client.stdout.splitlines()
                        if line.startswith("{")]
        kea_log = log_path.read_text(errors="replace")
        assert known["offer"] is not None, f"no offer:\n{client.stderr}\n{kea_log}"
        assert known["offer"]["yiaddr"] == "192.0.2.150"
        assert known["ack"]["yiaddr"] == "192.0.2.150"
        assert known["ack"]["options"]["252"] == WPAD_URL
        assert other["ack"]["yiaddr"].startswith("192.0.2.1")
        assert other["ack"]["yiaddr"] != "192.0.2.150"
        assert "pick_address: 02:00:00:00:00:01 gets 192.0.2.150" in kea_log
        assert server.poll() is None, "kea-dhcp4 ended during the exchange"
    finally:
        namespaces.stop_processes()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

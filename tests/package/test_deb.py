"""The Debian package python3-pykea (debian/, make deb), as an operator with only Kea gets it.

It is built in this Kea root with dpkg-buildpackage (tests/env/deb, what make deb runs) and
installed with apt into a copy of the Kea-only root (tests/env/SUITE.kea-only: the same
debootstrap and Kea build as this root, with kea-dhcp4-server and no compiler, no kea-dev, no
Python). There kea-dhcp4 runs as Debian's kea-dhcp4-server.service runs it (user _kea, its
capabilities, directories and environment), with Debian's stock /etc/kea/kea-dhcp4.conf plus the
pykea entry for examples/facebook-trick copied from /usr/share/doc, and serves DORAs to a client
in another network namespace. Then apt purge leaves nothing of pykea behind.

Runs inside a Kea root, as root, like the integration tests.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys

import pytest

from pykea.tools import lab

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from debian_root import KEA_ONLY_ROOT, KeaOnlyRoot, ServiceUnit, run  # noqa: E402

from testsupport import wait_until  # noqa: E402

PACKAGE = "python3-pykea"
SERVICE = "kea-dhcp4-server.service"
EXAMPLE = f"/usr/share/doc/{PACKAGE}/examples/facebook-trick"
HOOK_DIR = "/etc/kea/pykea/facebook-trick"
INVENTORY = {"02:00:00:00:00:01": "192.0.2.42", "02:00:00:00:00:02": "192.0.2.43"}
# What a Kea-only machine must not have: pykea's package has to work without them.
BUILD_TOOLS = ("kea-dev", "g++", "gcc", "cmake", "make", "python3-dev", "libpython3-dev")
# State that apt, dpkg and Kea keep by design; anything else new after the purge is left over.
STATE = ("/var/lib/dpkg/", "/var/lib/apt/", "/var/cache/apt/", "/var/cache/debconf/",
         "/var/cache/ldconfig/", "/var/log/", "/var/lib/kea/",
         # netbase (python3's dependency) writes a missing /etc/hosts and keeps it when purged.
         "/etc/hosts/")

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="overlay mounts, chroot and network namespaces "
                       "need root"),
    pytest.mark.skipif(shutil.which("dpkg-buildpackage") is None,
                       reason="not in a Kea root (dpkg-buildpackage is missing)"),
]


def build_root_kea() -> str:
    return run("dpkg-query", "-W", "-f", "${Version}", "kea-common").stdout


def hooks_dir() -> str:
    multiarch = run("dpkg-architecture", "-qDEB_HOST_MULTIARCH").stdout.strip()
    return f"/usr/lib/{multiarch}/kea/hooks"


@pytest.fixture(scope="module")
def deb():
    """The package, built by tests/env/deb (or its earlier build of the same sources)."""
    done = run("/src/tests/env/deb", timeout=3600)
    path = done.stdout.strip().splitlines()[-1]
    assert os.path.exists(path), done.stderr
    return path


@pytest.fixture(scope="module")
def kea_only_root():
    assert os.path.isdir(os.path.join(KEA_ONLY_ROOT, "usr")), (
        f"no Kea-only root at {KEA_ONLY_ROOT}: this Kea root was built without "
        "tests/env/SUITE.kea-only; tests/env/kearoot SUITE rebuilds it with one")
    root = KeaOnlyRoot().mount()
    try:
        yield root
    finally:
        root.unmount()


@pytest.fixture(scope="module")
def installed(kea_only_root, deb):
    """The Kea-only root with the package installed by apt; what the root held before."""
    root = kea_only_root
    before = {"packages": root.packages(), "paths": root.paths()}
    shutil.copy(deb, root.file("/tmp"))
    done = root.run("apt-get", "install", "-y", "-q", f"/tmp/{os.path.basename(deb)}",
                    environment={"DEBIAN_FRONTEND": "noninteractive"})
    os.unlink(root.file(f"/tmp/{os.path.basename(deb)}"))
    return root, before, done.stdout + done.stderr


def test_the_root_holds_only_kea_and_apt_installs_the_package(installed):
    root, before, apt_output = installed
    assert "kea-dhcp4-server" in before["packages"]
    assert before["packages"]["kea-common"] == build_root_kea(), \
        "the Kea-only root and this root hold different Kea builds: rebuild both (tests/env/kearoot)"
    assert not [p for p in BUILD_TOOLS + ("python3",) if p in before["packages"]]
    fetched = [line for line in apt_output.splitlines() if re.match(r"Get:\S* https?://", line)]
    assert not fetched, ("apt fetched packages from the mirror; add them to the download: line "
                         "of tests/env/SUITE.kea-only:\n" + "\n".join(fetched))

    after = root.packages()
    assert PACKAGE in after
    assert not [p for p in BUILD_TOOLS if p in after], "installing pykea pulled in build tools"
    status = root.run("dpkg-query", "-W", "-f", "${Version}\n${Depends}", PACKAGE).stdout
    version, depends = status.split("\n", 1)
    kea = build_root_kea()
    assert version.endswith("+kea" + kea.replace("-", "."))
    assert f"kea-common (= {kea})" in depends


def test_the_package_holds_a_stripped_hook_library_the_module_the_command_and_docs(installed):
    root, _, _ = installed
    library = f"{hooks_dir()}/libdhcp_pykea.so"
    files = set(root.run("dpkg", "-L", PACKAGE).stdout.split())
    dist = "/usr/lib/python3/dist-packages"
    for path in (library, f"{dist}/pykea/__init__.py", f"{dist}/pykea/py.typed",
                 f"{dist}/pykea/cli/commands.py",
                 "/usr/bin/pykea", "/usr/share/man/man1/pykea.1.gz", "/etc/kea/pykea",
                 f"/usr/share/doc/{PACKAGE}/README.md.gz", f"{EXAMPLE}/hook.py",
                 f"{EXAMPLE}/inventory.json"):
        assert path in files, f"{PACKAGE} lacks {path}"
    assert not [path for path in files if path.endswith(".so") and path != library], \
        "a second copy of the hook library"
    sections = run("readelf", "-S", "-W", root.file(library)).stdout
    assert ".symtab" not in sections and ".debug_info" not in sections, "the library is not stripped"
    assert ".gnu_debuglink" in sections, "dh_strip left no link to the -dbgsym package"

    assert root.run("pykea", "--version").stdout.strip().endswith(", version " + pykea_version())
    info = root.run("pykea", "info").stdout
    assert re.search(rf"^hook library\s+{re.escape(library)}$", info, re.M), info
    assert re.search(r"^libpython \(default\)\s+/usr/lib/\S+/libpython3\.\d+\.so\.1\.0$", info, re.M), info
    refused = root.run("pykea", "install-hook", check=False)
    assert refused.returncode == 1 and PACKAGE in refused.stderr, refused.stderr


def pykea_version() -> str:
    with open("/src/pyproject.toml") as project:
        return re.search(r'^version = "([^"]+)"', project.read(), re.M).group(1)


def pykea_entry(root: KeaOnlyRoot) -> dict:
    """The hooks-libraries entry for the example, as the README gives it: Kea 2.6.3 and later
    find the bare name in their hooks directory, Kea 2.2 needs the path."""
    kea = tuple(int(n) for n in root.run("kea-dhcp4", "-v").stdout.strip().split(".")[:3])
    library = "libdhcp_pykea.so" if kea >= (2, 6, 3) else f"{hooks_dir()}/libdhcp_pykea.so"
    return {"library": library,
            "parameters": {"module": f"{HOOK_DIR}/hook.py",
                           "inventory": f"{HOOK_DIR}/inventory.json",
                           "subnet": "192.0.2.0/24"}}


def edit_stock_config(root: KeaOnlyRoot, iface: str) -> None:
    """Debian's /etc/kea/kea-dhcp4.conf with the server's interface and the pykea entry, edited
    as text so that all else stays as Debian ships it (comments, its trailing comma)."""
    path = root.file("/etc/kea/kea-dhcp4.conf")
    with open(path) as config:
        text = config.read()
    assert not re.search(r'^\s*"hooks-libraries"', text, re.M), "the stock config loads hooks"
    text, interfaces = re.subn(r'"interfaces"\s*:\s*\[\s*\]', f'"interfaces": [ "{iface}" ]', text)
    text, sections = re.subn(r'"Dhcp4"\s*:\s*\{',
                             '"Dhcp4": {\n    "hooks-libraries": [ %s ],' % json.dumps(pykea_entry(root)),
                             text)
    assert (interfaces, sections) == (1, 1), "the stock kea-dhcp4.conf changed shape"
    with open(path, "w") as config:
        config.write(text)


def copy_example(root: KeaOnlyRoot) -> None:
    """What the example's README tells the operator to do."""
    root.run("install", "-d", HOOK_DIR)
    root.run("cp", f"{EXAMPLE}/hook.py", f"{EXAMPLE}/inventory.json", f"{HOOK_DIR}/")


def test_kea_as_debian_runs_it_serves_a_dora_with_the_example_hook(installed, tmp_path):
    root, _, _ = installed
    copy_example(root)
    unit = ServiceUnit(root, SERVICE)
    assert unit.user.pw_name == "_kea"
    with lab.Network() as network:
        edit_stock_config(root, network.server_iface)
        checked = run("ip", "netns", "exec", network.server,
                      *root.command("pykea", "validate", "/etc/kea/kea-dhcp4.conf", "--kea"),
                      check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        unit.make_directories()
        log_path = tmp_path / "kea-dhcp4.out"
        with open(log_path, "w") as log:
            server = subprocess.Popen(["ip", "netns", "exec", network.server, *unit.command()],
                                      stdout=log, stderr=subprocess.STDOUT)
        try:
            kea_log = lambda: log_path.read_text(errors="replace")  # noqa: E731
            wait_until(lambda: "DHCP4_STARTED" in kea_log() or server.poll() is not None,
                       "kea-dhcp4's start", timeout=lab.START_TIMEOUT)
            assert server.poll() is None, f"kea-dhcp4 exited:\n{kea_log()}"
            assert_runs_as_the_service(server.pid, unit, root)

            for mac, address in INVENTORY.items():
                exchange, = lab.run_client(network, "dora", "--mac", mac)
                assert exchange["ack"] is not None, f"no ack for {mac}:\n{kea_log()}"
                assert exchange["ack"]["yiaddr"] == address
                wait_until(lambda: f"ACK: {address} for {mac}" in kea_log(),
                           f"the hook's log line for {mac}")
            assert "2 hosts in the inventory" in kea_log()
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(lab.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        assert server.returncode == 0, f"kea-dhcp4 ended with {server.returncode}:\n{kea_log()}"


def assert_runs_as_the_service(pid: int, unit: ServiceUnit, root: KeaOnlyRoot) -> None:
    """kea-dhcp4 runs as _kea with the unit's capabilities, and embeds the system python3 with
    the system-installed pykea (no virtualenv: there is none in this root)."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    assert fields["Uid"].split() == [str(unit.user.pw_uid)] * 4
    effective = int(fields["CapEff"], 16)
    assert effective == (1 << 10) | (1 << 13), f"CapEff {fields['CapEff'].strip()}"  # bind, raw
    # The kernel prints kea-dhcp4's paths from the host's root (kea-dhcp4 has a mount namespace
    # of its own): the part after the Kea-only root's path is what kea-dhcp4 sees.
    assert os.readlink(f"/proc/{pid}/root").endswith(root.path), "kea-dhcp4 is not in the Kea-only root"
    with open(f"/proc/{pid}/maps") as maps:
        mapped = {line.split()[-1] for line in maps if "/" in line}
    inside = {path.split(root.path, 1)[1] for path in mapped if root.path + "/" in path}
    assert f"{hooks_dir()}/libdhcp_pykea.so" in inside, sorted(inside)
    assert any(re.fullmatch(r"/usr/lib/[^/]+/libpython3\.\d+\.so\.1\.0", path) for path in inside), \
        sorted(inside)
    assert any(path.startswith("/usr/lib/python3/dist-packages/_cffi_backend") for path in inside), \
        sorted(inside)


def test_apt_purge_leaves_nothing_of_pykea(installed):
    root, before, _ = installed
    # As root, the command and an optimising import write byte code beside the package's modules.
    root.run("pykea", "info")
    root.run("python3", "-O", "-c", "import pykea, pykea.cli")
    # The operator's own files (the example's copy), which are not the package's to remove.
    root.run("rm", "-rf", HOOK_DIR)
    root.run("apt-get", "purge", "-y", "-q", PACKAGE, environment={"DEBIAN_FRONTEND": "noninteractive"})
    root.run("apt-get", "autoremove", "--purge", "-y", "-q",
             environment={"DEBIAN_FRONTEND": "noninteractive"})

    assert root.packages() == before["packages"]
    added = root.paths() - before["paths"]
    new = sorted(path for path in added if not (path + "/").startswith(STATE))
    assert not new, "left behind after apt purge:\n" + "\n".join(new[:50])
    named = sorted(path for path in added if "pykea" in path)      # dpkg's and apt's too
    assert not named, "left behind after apt purge:\n" + "\n".join(named[:50])
